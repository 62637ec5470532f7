from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from couples import therapy
from couples.forms import InviteClientForm
from couples.models import AccessLogEntry
from couples.trends import build_trend

from .. import progress, services
from ..caseload import caseload
from ..forms import AssignmentForm, TherapistNoteForm
from ..models import Assignment, Response, StepProgress, TherapistNote

Area = AccessLogEntry.Area


def verified_therapist_required(view):
    """Therapist pages: 403 for clients; a waiting page until an administrator verifies."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_therapist:
            raise PermissionDenied
        profile = therapy.verified_profile(request.user)
        if profile is None:
            return render(request, "recovery/therapist_pending.html")
        request.therapist_profile = profile
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@verified_therapist_required
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


def _consent_or_404(therapist, client_id):
    consent = therapy.consent_between(therapist, client_id)
    if consent is None:
        raise Http404("No such client.")
    return consent


@login_required
@verified_therapist_required
@require_safe
def client_detail(request, client_id):
    consent = _consent_or_404(request.user, client_id)
    client = consent.client
    therapist = request.user
    context = {"consent": consent, "client": client}
    areas = []
    if consent.share_progress:
        areas.append(Area.PROGRESS)
        # Steps the client marked complete: not how much private writing they did.
        completed = set(
            StepProgress.objects.filter(user=client).values_list("step_id", flat=True)
        )
        steps = progress.pathway_structure()
        context["steps"] = [(step, step.pk in completed) for step in steps]
        context["steps_completed"] = len(completed)
    if consent.share_checkins:
        areas.append(Area.CHECKINS)
        context["trend"] = build_trend(
            user=client, today=timezone.localdate(), weeks=8, for_someone_else=True
        )
    if consent.share_responses:
        areas.append(Area.RESPONSES)
        context["shared_writing"] = (
            Response.objects.filter(
                user=client, shared_with_therapist=True, saved_at__isnull=False
            )
            .select_related("exercise__step")
            .order_by("-saved_at")
        )
    areas.append(Area.ASSIGNMENTS)
    therapy.log_access(therapist=therapist, client=client, areas=areas)
    context["assignments"] = Assignment.objects.filter(
        therapist=therapist, client=client
    ).select_related("step", "exercise")
    context["notes"] = TherapistNote.objects.filter(therapist=therapist, client=client)
    context["assignment_form"] = AssignmentForm()
    context["note_form"] = TherapistNoteForm()
    return render(request, "recovery/caseload_client.html", context)


@login_required
@verified_therapist_required
@require_POST
def assignment_create(request, client_id):
    consent = _consent_or_404(request.user, client_id)
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
@verified_therapist_required
@require_POST
def note_create(request, client_id):
    consent = _consent_or_404(request.user, client_id)
    form = TherapistNoteForm(request.POST)
    if form.is_valid():
        TherapistNote.objects.create(
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
@verified_therapist_required
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
@require_POST
def assignment_status(request, pk):
    assignment = get_object_or_404(Assignment, pk=pk, client=request.user)
    status = request.POST.get("status")
    if status in (Assignment.Status.STARTED, Assignment.Status.DONE):
        services.set_assignment_status(
            assignment=assignment, by=request.user, status=status
        )
    return redirect("recovery:home")
