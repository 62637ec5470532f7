from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_safe,
)

from couples import access, services, trends
from couples.forms import (
    MONTHLY_PROMPTS,
    CheckInForm,
    MonthlyReviewForm,
)
from couples.models import MonthlyReview
from couples.today import today_card

from .common import client_required

# ---------- Daily check-in ----------


def _card_response(request, context):
    template = (
        "couples/checkin.html#today-card" if request.htmx else "couples/checkin.html"
    )
    return render(request, template, context)


@login_required
@client_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    editing = request.GET.get("edit") == "1"
    if request.method == "GET":
        return _card_response(request, today_card(request.user, editing=editing))
    card = today_card(request.user, editing=True)
    form = CheckInForm(
        request.POST,
        has_partner=card["partner"] is not None,
        agreements=card["agreements"],
    )
    if not form.is_valid():
        card["form"] = form
        return _card_response(request, card)
    membership, _partner_membership = card["seats"]
    services.save_checkin(
        user=request.user,
        day=card["day"],
        couple=membership.couple if membership else None,
        values=form.checkin_values(),
    )
    if request.htmx:
        return _card_response(request, today_card(request.user, after=card))
    messages.success(request, _("Thank you. Your check-in is saved."))
    return redirect("couples:checkin")


@login_required
@client_required
@require_safe
def checkin_trends(request):
    try:
        weeks = int(request.GET.get("weeks", 8))
    except ValueError:
        weeks = 8
    if weeks not in trends.RANGE_WEEKS:
        weeks = 8
    membership = access.membership_of(request.user)
    partner_membership = access.partner_membership(membership)
    sharing = bool(membership and partner_membership and membership.couple.is_sharing)
    trend = trends.build_trend(
        user=request.user,
        today=access.local_today(request.user),
        weeks=weeks,
        partner=partner_membership.user if sharing else None,
        couple_id=membership.couple_id if sharing else None,
    )
    context = {"trend": trend, "ranges": trends.RANGE_WEEKS}
    template = "couples/trends.html#trend" if request.htmx else "couples/trends.html"
    return render(request, template, context)


# ---------- Monthly review ----------


@login_required
@client_required
@require_http_methods(["GET", "POST"])
def monthly_review(request):
    month = access.local_today(request.user).replace(day=1)
    mine = MonthlyReview.objects.filter(user=request.user, month=month).first()
    initial = {**mine.answers, "shared": mine.shared} if mine else None
    form = MonthlyReviewForm(request.POST or None, initial=initial)
    membership = access.membership_of(request.user)
    if request.method == "POST" and form.is_valid():
        services.save_monthly_review(
            user=request.user,
            month=month,
            couple=membership.couple if membership else None,
            answers=form.answers(),
            shared=form.cleaned_data["shared"],
        )
        messages.success(request, _("Your answers for this month are saved."))
        return redirect("couples:monthly")
    partner = access.sharing_partner(request.user)
    partner_answers = None
    if partner is not None and mine is not None:
        theirs = MonthlyReview.objects.filter(
            user=partner, month=month, couple=membership.couple, shared=True
        ).first()
        if theirs is not None:
            partner_answers = [
                (prompt, theirs.answers.get(key, "")) for key, prompt in MONTHLY_PROMPTS
            ]
    context = {
        "form": form,
        "month": month,
        "mine": mine,
        "partner": partner,
        "partner_answers": partner_answers,
    }
    return render(request, "couples/monthly.html", context)
