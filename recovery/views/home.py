from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from core.dates import local_today
from couples import access as couple_access
from couples.today import checkin_circle, today_card
from recovery.forms import ReassuranceForm

from .. import access, progress
from ..caseload import open_assignments
from ..home import home_facts, reading_for, start_here_plan, waiting_for


@login_required
@require_safe
def home(request):
    user = request.user
    if user.is_therapist:
        return redirect("recovery:caseload")
    if user.intake_at is None:
        return redirect("couples:intake")  # a new account's first run
    circle = checkin_circle(user)
    context = today_card(user, circle)
    partner, couple = context["partner"], context["couple"]
    today = local_today(user)
    reading_slugs, _first, _text = reading_for(user)
    facts = home_facts(
        user,
        partner=partner,
        couple=couple,
        month=today.replace(day=1),
        reading_slugs=reading_slugs,
    )
    states = progress.pathway_progress(user, partner=partner, couple=couple)
    assignments = open_assignments(user)
    shared = progress.with_pathway(
        access.partners_shared_responses(partner, couple)
        .filter(seen_by_partner_at__isnull=True)
        .only("exercise_id")[:5]
    )
    exercises = {e.pk: e for s in states for e in (*s.for_me, *s.others)}
    plan = start_here_plan(
        user, facts=facts, states=states, partner_seat=circle.partner_membership
    )
    context |= {
        "pending_invitation": couple_access.pending_invitation_for(request),
        "needs": waiting_for(
            user,
            partner=partner,
            facts=facts,
            in_play=circle.in_play,
            assignments=assignments,
            shared=shared,
            exercises=exercises,
            today=today,
        ),
        "reassure_form": ReassuranceForm(),
        "plan": plan if not all(item.done for item in plan) else [],
        "monthly_due": partner is not None and not facts.monthly_done,
        "current": progress.current_state(states),
        "assignments": assignments,
        "overall": progress.overall_percent(states),
    }
    return render(request, "recovery/home.html", context)
