from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_safe,
)

from core.dates import local_today
from couples import access, services, trends
from couples.forms import (
    MONTHLY_PROMPTS,
    CheckInForm,
    MonthlyReviewForm,
)
from couples.models import MonthlyReview
from couples.today import checkin_circle, today_card

# ---------- Daily check-in ----------


def _card_response(request, context):
    template = (
        "couples/checkin.html#today-card" if request.htmx else "couples/checkin.html"
    )
    return render(request, template, context)


@login_required
@access.client_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    editing = request.GET.get("edit") == "1"
    if request.method == "GET":
        return _card_response(request, today_card(request.user, editing=editing))
    circle = checkin_circle(request.user)
    form = CheckInForm(
        request.POST,
        has_partner=circle.partner is not None,
        agreements=circle.agreements,
    )
    if not form.is_valid():
        return _card_response(request, today_card(request.user, circle, form=form))
    services.save_checkin(
        user=request.user,
        day=local_today(request.user),
        couple=circle.membership.couple if circle.membership else None,
        values=form.checkin_values(),
    )
    if request.htmx:
        return _card_response(request, today_card(request.user, circle))
    messages.success(request, _("Thank you. Your check-in is saved."))
    return redirect("couples:checkin")


@login_required
@access.client_required
@require_safe
def checkin_trends(request):
    try:
        weeks = int(request.GET.get("weeks", 8))
    except ValueError:
        weeks = 8
    if weeks not in trends.RANGE_WEEKS:
        weeks = 8
    partner, couple = access.sharing_couple(request.user)
    trend = trends.build_trend(
        user=request.user,
        today=local_today(request.user),
        weeks=weeks,
        partner=partner,
        partner_checkins=access.partner_scores(partner, couple),
    )
    context = {"trend": trend, "ranges": trends.RANGE_WEEKS}
    template = "couples/trends.html#trend" if request.htmx else "couples/trends.html"
    return render(request, template, context)


# ---------- Monthly review ----------


@login_required
@access.client_required
@require_http_methods(["GET", "POST"])
def monthly_review(request):
    month = local_today(request.user).replace(day=1)
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
    partner, couple = access.sharing_couple(request.user)
    partner_answers = None
    if mine is not None:
        theirs = access.partner_monthly_review(
            partner=partner, couple=couple, month=month
        )
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
