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
from couples.models import AccessLogEntry
from couples.trends import build_trend

from .. import access, progress, services
from ..caseload import caseload
from ..forms import AssignmentForm, TherapistNoteForm
from ..models import Assignment

Area = AccessLogEntry.Area


@login_required
@therapist_required
@require_safe
def caseload_view(request):
    today = timezone.localdate()
    context = {
        "consents": caseload(request.user, today=today),
        "profile": request.therapist_profile,
        "invite_form": InviteClientForm(),
        "today": today,
    }
    return render(request, "recovery/caseload.html", context)


@login_required
@therapist_required
@require_safe
def client_detail(request, client_id):
    consent = couple_access.get_client_consent_for(request.user, client_id)
    client = consent.client
    therapist = request.user
    context = {"consent": consent, "client": client}
    areas = couple_access.areas_allowed(consent)
    if Area.PROGRESS in areas:
        # Steps the client marked complete: not how much private writing they did.
        completed = access.completed_steps_for_therapist(consent)
        context["steps"] = [
            (step, step.pk in completed) for step in progress.pathway_structure()
        ]
        context["steps_completed"] = len(completed)
    if Area.CHECKINS in areas:
        context["trend"] = build_trend(
            user=client,
            today=timezone.localdate(),
            weeks=8,
            for_someone_else=True,
            own_checkins=couple_access.checkins_seen_by_therapist(consent),
        )
    if Area.RESPONSES in areas:
        context["shared_writing"] = progress.with_pathway(
            access.writing_shared_with_therapist(consent).order_by("-saved_at")
        )
    therapy.log_access(therapist=therapist, client=client, areas=areas)
    context["assignments"] = progress.with_pathway(
        access.assignments_given(therapist, client)
    )
    context["notes"] = access.notes_of(therapist, client)
    context["assignment_form"] = AssignmentForm()
    context["note_form"] = TherapistNoteForm()
    return render(request, "recovery/caseload_client.html", context)


@login_required
@therapist_required
@require_POST
def assignment_create(request, client_id):
    consent = couple_access.get_client_consent_for(request.user, client_id)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        services.assign(
            therapist=request.user, client=consent.client, **form.cleaned_data
        )
        messages.success(request, _("Assigned. Your client has been told, discreetly."))
    else:
        messages.error(
            request, " ".join(e for errors in form.errors.values() for e in errors)
        )
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
