"""Writes on the pathway: responses, sharing, progress and practices."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from couples import news
from couples.access import sharing_couple
from couples.models import Event

from .models import (
    Acknowledgement,
    Assignment,
    Commitment,
    Conversation,
    Exercise,
    ReassuranceRequest,
    Response,
    StepProgress,
    TherapistNote,
    Trigger,
)


class PathwayError(Exception):
    """A step that cannot happen; the message is shown to the person."""


def _locked_response(user, exercise) -> Response:
    response = (
        Response.objects.select_for_update()
        .filter(user=user, exercise=exercise)
        .first()
    )
    if response is None:
        try:
            with transaction.atomic():
                response = Response.objects.create(user=user, exercise=exercise)
        except IntegrityError:
            response = Response.objects.select_for_update().get(
                user=user, exercise=exercise
            )
    return response


@transaction.atomic
def save_draft(*, user, exercise: Exercise, text: str) -> Response:
    """Keep what the person is typing, so nothing is lost to a crash or a timeout."""
    response = _locked_response(user, exercise)
    response.draft = text
    response.draft_saved_at = timezone.now()
    response.save(update_fields=["draft", "draft_saved_at"])
    return response


@transaction.atomic
def save_response(*, user, exercise: Exercise, body: str) -> Response:
    response = _locked_response(user, exercise)
    response.body = body
    response.draft = ""
    response.draft_saved_at = None
    response.saved_at = timezone.now()
    response.save(update_fields=["body", "draft", "draft_saved_at", "saved_at"])
    return response


@transaction.atomic
def share_response(*, response: Response, couple) -> Response:
    if couple is None:
        raise PathwayError(_("You need a linked partner to share this."))
    if not response.body:
        raise PathwayError(_("Save your writing before sharing it."))
    response.shared_with_partner = True
    response.couple = couple
    response.shared_at = timezone.now()
    response.seen_by_partner_at = None
    response.save(
        update_fields=[
            "shared_with_partner",
            "couple",
            "shared_at",
            "seen_by_partner_at",
        ]
    )
    # Sharing again is news again: one event for the newest sharing.
    Event.objects.filter(response=response, kind=news.Kind.WRITING_SHARED).delete()
    news.tell_partner(
        by=response.user,
        couple=couple,
        kind=news.Kind.WRITING_SHARED,
        response=response,
    )
    return response


@transaction.atomic
def unshare_response(*, response: Response) -> Response:
    response.shared_with_partner = False
    response.save(update_fields=["shared_with_partner"])
    return response


@transaction.atomic
def undo_sharing(*, response: Response) -> bool:
    """Take back writing shared a moment ago, as if it had never been shared.

    While the partner has not opened it, nothing of it stays: their news of
    it goes, so no email or push follows either. Once they have opened it (or
    the moment has passed), it is only no longer shared; the answer says which.
    """
    locked = Response.objects.select_for_update().get(pk=response.pk)
    undone = locked.sharing_can_be_undone()
    locked.shared_with_partner = False
    if undone:
        locked.shared_at = None
        Event.objects.filter(response=locked, kind=news.Kind.WRITING_SHARED).delete()
    locked.save(update_fields=["shared_with_partner", "shared_at"])
    return undone


@transaction.atomic
def share_with_therapist(*, response: Response, shared: bool) -> Response:
    """Let the person's consenting therapist read this writing, or stop."""
    response.shared_with_therapist = shared
    response.save(update_fields=["shared_with_therapist"])
    if shared and response.saved_at is not None:
        Event.objects.filter(
            response=response, kind=news.Kind.CLIENT_SHARED_WRITING
        ).delete()
        news.tell_therapists(
            client=response.user,
            kind=news.Kind.CLIENT_SHARED_WRITING,
            scope="share_responses",
            response=response,
        )
    return response


def mark_seen(response: Response) -> None:
    if response.seen_by_partner_at is None:
        Response.objects.filter(pk=response.pk).update(
            seen_by_partner_at=timezone.now()
        )


@transaction.atomic
def acknowledge(*, response: Response, by, text: str) -> Acknowledgement:
    if response.user_id == by.pk:
        raise PathwayError(_("Your partner answers this, not you."))
    return Acknowledgement.objects.create(response=response, user=by, text=text)


@transaction.atomic
def complete_step(*, user, step) -> StepProgress:
    progress, created = StepProgress.objects.get_or_create(user=user, step=step)
    if not created:
        return progress
    _partner, couple = sharing_couple(user)
    if finished_together(user=user, step=step):
        news.mark_milestone(
            couple=couple, kind=news.Kind.STEP_TOGETHER, by=user, step_progress=progress
        )
    else:
        news.tell_partner(
            by=user,
            couple=couple,
            kind=news.Kind.STEP_FINISHED,
            step_progress=progress,
        )
    news.tell_therapists(
        client=user,
        kind=news.Kind.CLIENT_FINISHED_STEP,
        scope="share_progress",
        step_progress=progress,
    )
    return progress


def finished_together(*, user, step) -> bool:
    """Whether this person and their sharing partner have both finished the step."""
    partner, _couple = sharing_couple(user)
    return (
        partner is not None
        and StepProgress.objects.filter(user__in=[user, partner], step=step).count()
        == 2
    )


@transaction.atomic
def reopen_step(*, user, step) -> None:
    StepProgress.objects.filter(user=user, step=step).delete()


# ---------- Commitments ----------


@transaction.atomic
def make_commitment(*, user, couple, text: str) -> Commitment:
    return Commitment.objects.create(user=user, couple=couple, text=text)


@transaction.atomic
def mark_kept(*, commitment: Commitment, by) -> Commitment:
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.user_id != by.pk:
        raise PathwayError(_("Only the person who made a commitment can mark it kept."))
    if commitment.kept_at is None:
        commitment.kept_at = timezone.now()
        commitment.save(update_fields=["kept_at"])
    return commitment


@transaction.atomic
def acknowledge_commitment(*, commitment: Commitment, by) -> Commitment:
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.user_id == by.pk:
        raise PathwayError(_("Your partner acknowledges this, not you."))
    if commitment.kept_at is None:
        raise PathwayError(_("This commitment hasn't been marked kept yet."))
    if commitment.acknowledged_at is None:
        commitment.acknowledged_at = timezone.now()
        commitment.save(update_fields=["acknowledged_at"])
    return commitment


# ---------- Triggers ----------


@transaction.atomic
def log_trigger(*, user, couple, **values) -> Trigger:
    if values.get("asked_for_reassurance") and couple is None:
        raise PathwayError(_("You need a linked partner to ask for reassurance."))
    trigger = Trigger.objects.create(user=user, couple=couple, **values)
    if trigger.asked_for_reassurance:
        news.tell_partner(
            by=user, couple=couple, kind=news.Kind.REASSURANCE_ASKED, trigger=trigger
        )
    return trigger


@transaction.atomic
def reassure(*, trigger: Trigger, by, text: str) -> Trigger:
    trigger = Trigger.objects.select_for_update().get(pk=trigger.pk)
    if trigger.user_id == by.pk or not trigger.asked_for_reassurance:
        raise PathwayError(_("This isn't waiting for your reassurance."))
    trigger.reassurance = text
    trigger.reassured_at = timezone.now()
    trigger.save(update_fields=["reassurance", "reassured_at"])
    news.tell_partner(
        by=by, couple=trigger.couple, kind=news.Kind.REASSURANCE_GIVEN, trigger=trigger
    )
    return trigger


@transaction.atomic
def request_reassurance(*, user, couple) -> ReassuranceRequest:
    """Ask the partner for reassurance; asking again while waiting renews the request."""
    if couple is None:
        raise PathwayError(_("You need a linked partner to ask for reassurance."))
    waiting = (
        ReassuranceRequest.objects.select_for_update()
        .filter(user=user, couple=couple, answered_at__isnull=True)
        .first()
    )
    if waiting is None:
        try:
            with transaction.atomic():
                return ReassuranceRequest.objects.create(user=user, couple=couple)
        except IntegrityError:  # the same tap, twice at once
            waiting = ReassuranceRequest.objects.select_for_update().get(
                user=user, couple=couple, answered_at__isnull=True
            )
    waiting.asked_at = timezone.now()
    waiting.save(update_fields=["asked_at"])
    return waiting


@transaction.atomic
def answer_reassurance(*, asked: ReassuranceRequest, by, text: str):
    """The partner's answer to a one-tap request; only the first answer counts."""
    asked = ReassuranceRequest.objects.select_for_update().get(pk=asked.pk)
    if asked.user_id == by.pk or asked.answered_at is not None:
        raise PathwayError(_("This isn't waiting for your reassurance."))
    asked.answer = text
    asked.answered_at = timezone.now()
    asked.save(update_fields=["answer", "answered_at"])
    return asked


# ---------- Guided conversations ----------


@transaction.atomic
def open_conversation(*, couple, exercise: Exercise) -> Conversation:
    conversation = (
        Conversation.objects.select_for_update()
        .filter(couple=couple, exercise=exercise)
        .exclude(status=Conversation.Status.FINISHED)
        .first()
    )
    if conversation is None:
        try:
            with transaction.atomic():
                conversation = Conversation.objects.create(
                    couple=couple, exercise=exercise
                )
        except IntegrityError:
            conversation = Conversation.objects.exclude(
                status=Conversation.Status.FINISHED
            ).get(couple=couple, exercise=exercise)
    return conversation


def _locked_conversation(conversation) -> Conversation:
    return (
        Conversation.objects.select_for_update()
        .select_related("exercise")
        .get(pk=conversation.pk)
    )


@transaction.atomic
def ready_for_next(
    *, conversation: Conversation, by, prompt_index: int
) -> Conversation:
    """Say this person is ready; move on only when both are (the slower person sets the pace)."""
    conversation = _locked_conversation(conversation)
    if conversation.status != Conversation.Status.ACTIVE:
        raise PathwayError(
            _(
                "The conversation is paused. It continues when the person who paused it is ready."
            )
        )
    if conversation.prompt_index != prompt_index:
        return conversation  # a stale tap: the conversation already moved on
    ready = set(conversation.ready_user_ids) | {by.pk}
    members = set(
        conversation.couple.memberships.filter(ended_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    if members <= ready:
        conversation.prompt_index += 1
        ready = set()
        if conversation.prompt_index >= len(conversation.exercise.prompts):
            conversation.status = Conversation.Status.FINISHED
    conversation.ready_user_ids = sorted(ready)
    conversation.save(
        update_fields=["prompt_index", "ready_user_ids", "status", "updated_at"]
    )
    if conversation.status == Conversation.Status.FINISHED:
        news.mark_milestone(
            couple=conversation.couple,
            kind=news.Kind.CONVERSATION_HELD,
            by=by,
            conversation=conversation,
        )
    return conversation


@transaction.atomic
def pause_conversation(*, conversation: Conversation, by) -> Conversation:
    conversation = _locked_conversation(conversation)
    if conversation.status == Conversation.Status.ACTIVE:
        conversation.status = Conversation.Status.PAUSED
        conversation.paused_by = by
        conversation.save(update_fields=["status", "paused_by", "updated_at"])
    return conversation


@transaction.atomic
def resume_conversation(*, conversation: Conversation, by) -> Conversation:
    conversation = _locked_conversation(conversation)
    if conversation.status != Conversation.Status.PAUSED:
        return conversation
    if conversation.paused_by_id not in (None, by.pk):
        raise PathwayError(
            _("Your partner paused this. It continues when they are ready.")
        )
    conversation.status = Conversation.Status.ACTIVE
    conversation.paused_by = None
    conversation.ready_user_ids = []
    conversation.save(
        update_fields=["status", "paused_by", "ready_user_ids", "updated_at"]
    )
    return conversation


# ---------- Therapist assignments ----------


@transaction.atomic
def assign(
    *, therapist, client, step, exercise=None, note="", due_on=None
) -> Assignment:
    assignment = Assignment.objects.create(
        therapist=therapist,
        client=client,
        step=step,
        exercise=exercise,
        note=note,
        due_on=due_on,
    )
    news.record_event(
        recipient=client,
        actor=therapist,
        kind=news.Kind.ASSIGNED,
        assignment=assignment,
    )
    return assignment


@transaction.atomic
def set_assignment_status(*, assignment: Assignment, by, status: str) -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.client_id != by.pk:
        raise PathwayError(_("Only the client moves their own assignments on."))
    now = timezone.now()
    if (
        status == Assignment.Status.STARTED
        and assignment.status == Assignment.Status.ASSIGNED
    ):
        assignment.status, assignment.started_at = status, now
    elif (
        status == Assignment.Status.DONE and assignment.status != Assignment.Status.DONE
    ):
        assignment.status, assignment.done_at = status, now
        assignment.started_at = assignment.started_at or now
        news.record_event(
            recipient=assignment.therapist,
            actor=by,
            kind=news.Kind.CLIENT_FINISHED_ASSIGNMENT,
            assignment=assignment,
        )
    assignment.save(update_fields=["status", "started_at", "done_at"])
    return assignment


@transaction.atomic
def write_note(*, therapist, client, text: str) -> TherapistNote:
    """A therapist's private note on a client: read by its author alone."""
    return TherapistNote.objects.create(therapist=therapist, client=client, text=text)
