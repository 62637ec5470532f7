from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from couples import access as couple_access
from couples import therapy
from couples.access import client_required, therapist_required
from couples.forms import InviteClientForm

from .. import access, services
from ..caseload import (
    CRISIS_DAYS,
    CRISIS_SAFETY,
    caseload,
    client_sections,
    client_trend,
    couple_trend,
    steps_side_by_side,
)
from ..forms import AssignmentForm, TherapistNoteForm
from ..models import Assignment


@login_required
@therapist_required
@require_safe
def caseload_view(request):
    today = timezone.localdate()
    context = {
        "groups": caseload(request.user, today=today),
        "profile": request.therapist_profile,
        "invite_form": InviteClientForm(),
        "today": today,
        "crisis_safety": CRISIS_SAFETY,
        "crisis_days": CRISIS_DAYS,
    }
    return render(request, "recovery/caseload.html", context)


def render_client_page(request, consent, *, assignment_form=None):
    """The client's page, showing only what their consent opens; the look is logged."""
    therapist, client = request.user, consent.client
    today = timezone.localdate()
    [sections] = client_sections(therapist, [consent])
    context = {
        "consent": consent,
        "client": client,
        "sections": sections,
        "trend": client_trend(consent, today=today),
        "today": today,
        "notes": access.notes_of(therapist, client),
        "assignment_form": assignment_form or AssignmentForm(),
        "note_form": TherapistNoteForm(),
    }
    therapy.log_access(therapist=therapist, client=client, areas=sections.areas)
    return render(request, "recovery/caseload_client.html", context)


@login_required
@therapist_required
@require_safe
def client_detail(request, client_id):
    consent = couple_access.get_client_consent_for(request.user, client_id)
    return render_client_page(request, consent)


@login_required
@therapist_required
@require_safe
def couple_detail(request, couple_id):
    consents = couple_access.get_couple_consents_for(request.user, couple_id)
    today = timezone.localdate()
    sections = client_sections(request.user, consents)
    context = {
        "sections": sections,
        "trend": couple_trend(consents, today=today),
        "today": today,
        "steps": steps_side_by_side(sections),
    }
    therapy.log_looks(
        therapist=request.user, looks={s.client: s.areas for s in sections}
    )
    return render(request, "recovery/caseload_couple.html", context)


@login_required
@therapist_required
@require_POST
def assignment_create(request, client_id):
    consent = couple_access.get_client_consent_for(request.user, client_id)
    form = AssignmentForm(request.POST)
    if not form.is_valid():
        # The page again: the message beside the field, what was entered kept.
        messages.error(request, _("Nothing was assigned yet: please check the form."))
        return render_client_page(request, consent, assignment_form=form)
    services.assign(therapist=request.user, client=consent.client, **form.cleaned_data)
    messages.success(request, _("Assigned. Your client has been told, discreetly."))
    return redirect("recovery:caseload-client", client_id=client_id)


@login_required
@therapist_required
@require_POST
def note_create(request, client_id):
    consent = couple_access.get_client_consent_for(request.user, client_id)
    form = TherapistNoteForm(request.POST)
    if form.is_valid():
        services.write_note(
            therapist=request.user,
            client=consent.client,
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Note saved. Only you can read it."))
    else:
        messages.error(
            request, _("Write your note before saving (5000 characters at most).")
        )
    return redirect("recovery:caseload-client", client_id=client_id)


@login_required
@therapist_required
@require_POST
def invite_client(request):
    form = InviteClientForm(request.POST)
    if form.is_valid():
        therapy.invite_client(
            profile=request.therapist_profile, email=form.cleaned_data["email"]
        )
        messages.success(
            request, _("Invitation sent. Your client decides what you may see.")
        )
    else:
        messages.error(request, _("Enter a valid email address."))
    return redirect("recovery:caseload")


@login_required
@client_required
@require_POST
def assignment_status(request, pk):
    assignment = access.get_own_assignment(request.user, pk)
    status = request.POST.get("status")
    if status in (Assignment.Status.STARTED, Assignment.Status.DONE):
        services.set_assignment_status(
            assignment=assignment, by=request.user, status=status
        )
    return redirect("recovery:home")
