"""Help in the hard moment: one tap from every page, calm, and mostly offline.

The page a visitor gets (breathing, grounding, every crisis line) is public, so
the service worker keeps it for offline use. A signed-in person sees the same,
with their own country's lines first and, when it is safe, a way to ask their
partner for reassurance. Opening the page records nothing.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from content.crisis import (
    by_country,
    country_choices,
    country_of_time_zone,
    crisis_lines,
    lines_of,
)
from content.page_cache import cache_for_visitors
from couples.access import client_required, sharing_couple
from couples.safety import found_no_danger, latest_check, safety_check_first

from .. import access, services
from ..forms import ReassuranceForm

# An older request, answered or not, is no longer shown on the page.
RECENT_REQUEST = datetime.timedelta(days=7)


def _reassurance(user) -> dict:
    """The partner to ask, if asking is safe, and this person's latest request."""
    partner, couple = sharing_couple(user)
    check = latest_check(user)
    if partner is None or (check is not None and check.concern):
        # No partner, or the check found danger: the page never mentions asking.
        return {"partner": None}
    recent = timezone.now() - RECENT_REQUEST
    return {
        "partner": partner,
        "latest_request": access.reassurance_requests_of(user, couple)
        .filter(asked_at__gte=recent)
        .first(),
    }


@require_safe
@cache_for_visitors
def struggling(request):
    user = request.user
    if not user.is_authenticated:
        return render(
            request,
            "recovery/struggling.html",
            {"countries": by_country(crisis_lines()).items()},
        )
    codes = dict(country_choices())
    country = request.GET.get("country", "")
    if country not in codes:
        country = country_of_time_zone(user.time_zone)
    context = {
        "country": country,
        "country_name": codes.get(country, ""),
        "country_choices": country_choices(),
        "own_lines": lines_of(country),
    }
    if not user.is_therapist:
        context |= _reassurance(user)
    return render(request, "recovery/struggling.html", context)


@login_required
@client_required
@require_POST
@safety_check_first(
    "recovery:struggling",
    does=gettext_lazy(
        "When you have answered, Mend will ask your partner for reassurance."
    ),
)
def reassurance_request(request):
    _partner, couple = sharing_couple(request.user)
    if couple is None or not found_no_danger(request.user):
        # After a check that found danger nothing is sent, and nothing says why.
        return redirect("recovery:struggling")
    services.request_reassurance(user=request.user, couple=couple)
    messages.success(
        request, _("Your partner has been asked. Their answer will appear here.")
    )
    return redirect("recovery:struggling")


@login_required
@client_required
@require_POST
def reassurance_answer(request, pk):
    asked = access.get_reassurance_asked_of(request.user, pk)
    form = ReassuranceForm(request.POST)
    if form.is_valid():
        services.answer_reassurance(
            asked=asked, by=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Your reassurance is sent."))
    else:
        messages.error(request, _("Write a few words of reassurance before sending."))
    return redirect("recovery:home")
