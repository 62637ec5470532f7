import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from content.bundled import self_checks
from core.dates import local_today
from couples import access as couple_access
from couples.models import MonthlyReview
from couples.today import today_card

from .. import access, progress
from ..caseload import open_assignments
from ..models import SelfCheckAnswer


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
    context["assignments"] = list(open_assignments(request.user))
    context["overall"] = progress.overall_percent(states)
    context["unseen_shared"] = list(
        access.partners_shared_responses(context["partner"], context["couple"])
        .filter(seen_by_partner_at__isnull=True)
        .select_related("exercise")[:5]
    )
    return render(request, "recovery/home.html", context)


@login_required
@require_POST
def self_check_save(request, slug):
    check = self_checks().get(slug)
    if check is None:
        raise Http404("No such self-check.")
    if request.user.is_therapist:
        raise PermissionDenied
    known = {s["id"] for group in check["groups"] for s in group["statements"]}
    answers = [answer for answer in request.POST.getlist("answer") if answer in known]
    SelfCheckAnswer.objects.create(
        user=request.user, check_slug=slug, answers_json=json.dumps(answers)
    )
    messages.success(request, _("Saved. Only you can see your saved reflections."))
    return redirect("recovery:reflections")


@login_required
@require_safe
def reflections(request):
    checks = self_checks()
    saved = []
    for answer in SelfCheckAnswer.objects.for_user(request.user):
        check = checks.get(answer.check_slug)
        if check is None:
            continue
        ticked = set(answer.answers)
        groups = [
            {
                "title": group["title"],
                "statements": [
                    s["text"] for s in group["statements"] if s["id"] in ticked
                ],
            }
            for group in check["groups"]
        ]
        saved.append({"check": check, "answer": answer, "groups": groups})
    return render(request, "recovery/reflections.html", {"saved": saved})
