from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from core.dates import local_today
from couples import access as couple_access
from couples.models import MonthlyReview
from couples.today import today_card

from .. import access, progress
from ..caseload import open_assignments


@login_required
@require_safe
def home(request):
    if request.user.is_therapist:
        return redirect("recovery:caseload")
    context = today_card(request.user)
    context["pending_invitation"] = couple_access.pending_invitation_for(request)
    month = local_today(request.user).replace(day=1)
    context["monthly_due"] = context["partner"] is not None and not (
        MonthlyReview.objects.filter(user=request.user, month=month).exists()
    )
    states = progress.pathway_progress(
        request.user, partner=context["partner"], couple=context["couple"]
    )
    context["current"] = progress.current_state(states)
    context["assignments"] = open_assignments(request.user)
    context["overall"] = progress.overall_percent(states)
    context["unseen_shared"] = progress.with_pathway(
        access.partners_shared_responses(context["partner"], context["couple"])
        .filter(seen_by_partner_at__isnull=True)
        .only("exercise_id")[:5]
    )
    return render(request, "recovery/home.html", context)
