"""Who may read what on the pathway: the rule book.

The sharing rule itself (both partners seated, the couple neither paused nor
ended) is couples.access.sharing_pair; this module applies it to the
pathway's things. Views ask here and decide nothing themselves.

| thing                    | its author | partner, sharing                  | partner, paused or ended | another couple | therapist, with scope                 | therapist, without |
|--------------------------|------------|-----------------------------------|--------------------------|----------------|---------------------------------------|--------------------|
| response (writing)       | all of it  | when shared with the partner,     | nothing (404)            | 404            | when shared with the therapist and    | 404                |
|                          |            | in the couple it was shared in    |                          |                | the consent has "writing"             |                    |
| draft, kept writing      | all of it  | nothing                           | nothing                  | nothing        | nothing                               | nothing            |
| commitment               | all of it  | those made in the sharing couple  | nothing                  | 404            | nothing                               | nothing            |
| trigger                  | all of it  | only a request for reassurance,   | nothing                  | 404            | nothing                               | nothing            |
|                          |            | in the sharing couple             |                          |                |                                       |                    |
| one-tap reassurance      | all of it  | that it was asked, and when, in   | nothing                  | 404            | nothing                               | nothing            |
| request                  |            | the sharing couple; answers it    |                          |                |                                       |                    |
| guided conversation      | both partners of the sharing couple                               | nothing                  | nothing        | nothing                               | nothing            |
| step completions         | all of it  | counted in the couple's progress  | nothing                  | nothing        | with "progress"                       | nothing            |
| assignment               | the client | nothing                           | nothing                  | 404            | the therapist who assigned it         | nothing            |
| therapist's note         | the therapist who wrote it, alone                                                                          |                    |
| "shared since your last  | nothing                                                                    | counts in the areas the consent opens | nothing            |
| visit" (the caseload)    |                                                                            | (`with_shared_since_last_visit`)      |                    |

A person's own commitments are theirs whenever they made them (alone, or
before pairing); a partner sees only those made inside the couple they
share, so nothing from before pairing is shown to a new partner.
"""

import datetime

from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from couples.access import SEEN_BY_PARTNER, areas_allowed, sharing_couple
from couples.models import AccessLogEntry, CheckIn

from .models import (
    Assignment,
    Commitment,
    Conversation,
    DataExport,
    ReassuranceRequest,
    Response,
    StepProgress,
    TherapistNote,
    Trigger,
)
from .progress import completed_steps

# ---------- Writing ----------


def partners_shared_responses(partner, couple):
    """The partner's writing shared with this reader, in the couple they share."""
    if partner is None or couple is None:
        return Response.objects.none()
    return Response.objects.filter(
        user=partner, couple=couple, shared_with_partner=True
    )


def own_responses(user):
    return Response.objects.filter(user=user)


def get_own_response(user, pk) -> Response:
    return get_object_or_404(
        Response.objects.select_related("exercise__step"), pk=pk, user=user
    )


def get_partners_shared_response(user, pk) -> Response:
    partner, couple = sharing_couple(user)
    return get_object_or_404(
        partners_shared_responses(partner, couple).select_related(
            "exercise__step", "user"
        ),
        pk=pk,
    )


def writing_shared_with_therapist(consents):
    """The saved writing a therapist may read under these consents (one client's or a couple's)."""
    clients = [consent.client_id for consent in consents if consent.share_responses]
    return Response.objects.filter(
        user_id__in=clients, shared_with_therapist=True, saved_at__isnull=False
    )


def completed_steps_for_therapist(consents) -> dict[int, set[int]]:
    """The steps each client marked complete, for each consent that covers progress."""
    return completed_steps(
        [consent.client_id for consent in consents if consent.share_progress]
    )


def visible_activity(consent):
    """The client's latest activity among the areas their consent opens, or None.

    Private writing never moves "last activity": its timing is private too.
    """
    Area = AccessLogEntry.Area
    areas = areas_allowed(consent)
    shared = [
        (Area.CHECKINS in areas, consent.last_checkin),
        (Area.RESPONSES in areas, consent.last_shared_writing),
        (Area.PROGRESS in areas, consent.last_step),
    ]
    return max((when for allowed, when in shared if allowed and when), default=None)


# Before any visit, everything a client shared is new.
NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def with_shared_since_last_visit(consents, therapist):
    """Annotate each consent with what its client shared since this therapist
    last opened their page (the newest access-log entry), counted only in the
    areas the consent opens: `new_writing`, `new_checkins`, `new_steps`, and
    `last_visit` (None before the first).
    """
    last_visit = (
        AccessLogEntry.objects.filter(therapist=therapist, client=OuterRef("client"))
        .order_by("-viewed_at")
        .values("viewed_at")[:1]
    )
    since = OuterRef("since")

    def count(queryset):
        counted = queryset.values("user").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted), 0)

    client = OuterRef("client")
    new_checkins = CheckIn.objects.filter(user=client, updated_at__gt=since)
    return (
        consents.annotate(last_visit=Subquery(last_visit))
        .alias(since=Coalesce("last_visit", Value(NEVER)))
        .annotate(
            new_writing=Case(
                When(
                    share_responses=True,
                    then=count(
                        Response.objects.filter(
                            user=client, shared_with_therapist=True, saved_at__gt=since
                        )
                    ),
                ),
                default=0,
            ),
            # The same check-ins as couples.access.checkins_seen_by_therapist:
            # those kept from the partner only with include_private_scores.
            new_checkins=Case(
                When(
                    share_checkins=True,
                    include_private_scores=True,
                    then=count(new_checkins),
                ),
                When(
                    share_checkins=True,
                    then=count(new_checkins.filter(SEEN_BY_PARTNER)),
                ),
                default=0,
            ),
            new_steps=Case(
                When(
                    share_progress=True,
                    then=count(
                        StepProgress.objects.filter(user=client, completed_at__gt=since)
                    ),
                ),
                default=0,
            ),
        )
    )


# ---------- Commitments ----------


def commitments_visible_to(user, *, partner=None, couple=None):
    """This person's own commitments, and those their sharing partner made in the couple."""
    visible = Q(user=user)
    if partner is not None and couple is not None:
        visible |= Q(user=partner, couple=couple)
    return Commitment.objects.filter(visible)


def get_commitment_for(user, pk) -> Commitment:
    partner, couple = sharing_couple(user)
    return get_object_or_404(
        commitments_visible_to(user, partner=partner, couple=couple), pk=pk
    )


# ---------- Triggers and reassurance ----------


def own_triggers(user):
    return Trigger.objects.filter(user=user)


def reassurance_requests_for(partner, couple):
    """The partner's triggers on which they asked this reader for reassurance."""
    if partner is None or couple is None:
        return Trigger.objects.none()
    return Trigger.objects.filter(
        user=partner, couple=couple, asked_for_reassurance=True
    )


def get_reassurance_request_for(user, pk) -> Trigger:
    partner, couple = sharing_couple(user)
    return get_object_or_404(reassurance_requests_for(partner, couple), pk=pk)


def reassurance_requests_of(user, couple):
    """This person's one-tap requests to the partner they share with now."""
    if couple is None:
        return ReassuranceRequest.objects.none()
    return ReassuranceRequest.objects.filter(user=user, couple=couple)


def reassurance_asked_of(partner, couple):
    """The partner's one-tap requests still waiting for this reader's answer."""
    if partner is None or couple is None:
        return ReassuranceRequest.objects.none()
    return ReassuranceRequest.objects.filter(
        user=partner, couple=couple, answered_at__isnull=True
    )


def get_reassurance_asked_of(user, pk) -> ReassuranceRequest:
    """A request the sharing partner sent this person and nobody answered, or 404."""
    partner, couple = sharing_couple(user)
    return get_object_or_404(reassurance_asked_of(partner, couple), pk=pk)


# ---------- Guided conversations ----------


def open_conversation_of(couple, exercise) -> Conversation | None:
    """The couple's unfinished conversation on this exercise, if any."""
    if couple is None:
        return None
    return (
        Conversation.objects.filter(couple=couple, exercise=exercise)
        .exclude(status=Conversation.Status.FINISHED)
        .select_related("paused_by")
        .first()
    )


def get_open_conversation_for(user, exercise) -> Conversation:
    _partner, couple = sharing_couple(user)
    conversation = open_conversation_of(couple, exercise)
    if conversation is None:
        raise Http404("No conversation under way.")
    return conversation


# ---------- A person's data export ----------


def exports_of(user):
    return DataExport.objects.filter(user=user)


def get_ready_export_for(user, pk, token) -> DataExport:
    """A finished export of this person's, by its link, or 404 (also once expired)."""
    export = get_object_or_404(
        exports_of(user), pk=pk, token=token, status=DataExport.Status.READY
    )
    if export.is_expired:
        raise Http404("This download link has expired.")
    return export


# ---------- Therapists' assignments and notes ----------


def get_own_assignment(client, pk) -> Assignment:
    """An assignment given to this client, or 404."""
    return get_object_or_404(Assignment, pk=pk, client=client)


def assignments_given(therapist, clients):
    """What this therapist assigned to these clients (one, or both partners of a couple)."""
    return Assignment.objects.filter(therapist=therapist, client__in=clients)


def notes_of(therapist, client):
    """A therapist's private notes on a client: theirs alone."""
    return TherapistNote.objects.filter(therapist=therapist, client=client)
