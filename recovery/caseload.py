"""A therapist's caseload: every client in a fixed number of queries."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from couples.access import SEEN_BY_PARTNER, areas_allowed, visible_consents
from couples.models import AccessLogEntry, CheckIn

from .access import visible_activity
from .models import Assignment, Response, Step, StepProgress
from .progress import with_pathway

# Safety at or below this, on this many days running, is highlighted.
CRISIS_SAFETY = 2
CRISIS_DAYS = 3
Area = AccessLogEntry.Area


def caseload(therapist, *, today: datetime.date):
    """Return the therapist's visible consents, each annotated for the caseload table."""
    first_open_step = (
        Step.objects.exclude(
            Exists(
                StepProgress.objects.filter(
                    user=OuterRef(OuterRef("client")), step=OuterRef("pk")
                )
            )
        )
        .order_by("number")
        .values("number")[:1]
    )
    checkins = CheckIn.objects.filter(user=OuterRef("client")).order_by("-updated_at")
    last_checkin = checkins.values("updated_at")[:1]
    # A check-in kept from the partner moves nothing unless the consent includes it.
    last_checkin_seen_by_partner = checkins.filter(SEEN_BY_PARTNER).values(
        "updated_at"
    )[:1]
    # Activity the therapist may know about, one source per scope: private
    # writing never moves "last activity" (its timing is private too).
    last_shared_writing = (
        Response.objects.filter(
            user=OuterRef("client"), shared_with_therapist=True, saved_at__isnull=False
        )
        .order_by("-saved_at")
        .values("saved_at")[:1]
    )
    last_step = (
        StepProgress.objects.filter(user=OuterRef("client"))
        .order_by("-completed_at")
        .values("completed_at")[:1]
    )
    overdue = (
        Assignment.objects.filter(
            client=OuterRef("client"), therapist=therapist, due_on__lt=today
        )
        .exclude(status=Assignment.Status.DONE)
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    consents = list(
        visible_consents(therapist)
        .select_related("client")
        .annotate(
            current_step=Subquery(first_open_step),
            last_any_checkin=Subquery(last_checkin),
            last_shared_checkin=Subquery(last_checkin_seen_by_partner),
            last_shared_writing=Subquery(last_shared_writing),
            last_step=Subquery(last_step),
            overdue=Coalesce(Subquery(overdue), 0),
        )
        .order_by("client__display_name", "client__email")
    )
    for consent in consents:
        consent.areas = areas_allowed(consent)
        consent.last_checkin = (
            consent.last_any_checkin
            if consent.include_private_scores
            else consent.last_shared_checkin
        )
    flagged = crisis_clients(
        [c for c in consents if Area.CHECKINS in c.areas], today=today
    )
    for consent in consents:
        consent.crisis = consent.client_id in flagged
        consent.last_activity = visible_activity(consent)
    return consents


def crisis_clients(consents, *, today: datetime.date) -> set[int]:
    """Clients whose safety score was very low on several days running, this past
    week, among the scores each consent shows."""
    if not consents:
        return set()
    all_scores = {c.client_id for c in consents if c.include_private_scores}
    low = CheckIn.objects.filter(
        user_id__in=[c.client_id for c in consents],
        day__gte=today - datetime.timedelta(days=7),
        safety__lte=CRISIS_SAFETY,
    )
    low = low.filter(Q(user_id__in=all_scores) | SEEN_BY_PARTNER)
    low_days = {}
    for user_id, day in low.values_list("user_id", "day"):
        low_days.setdefault(user_id, set()).add(day)
    flagged = set()
    for user_id, days in low_days.items():
        for day in days:
            if all(
                day - datetime.timedelta(days=n) in days for n in range(CRISIS_DAYS)
            ):
                flagged.add(user_id)
    return flagged


def open_assignments(client) -> list[Assignment]:
    return with_pathway(
        Assignment.objects.filter(client=client)
        .exclude(status=Assignment.Status.DONE)
        .select_related("therapist__therapist_profile")
        .order_by("due_on", "created_at")
    )
