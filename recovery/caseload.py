"""A therapist's caseload and client pages, in a fixed number of queries.

Who the therapist sees, and which parts of each client, is decided in
couples.access and recovery.access; this module only gathers and groups.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from couples.access import (
    SEEN_BY_PARTNER,
    areas_allowed,
    checkins_seen_by_therapist,
    client_couple_id,
    visible_consents,
)
from couples.models import AccessLogEntry, CheckIn, Consent
from couples.trends import build_trend

from . import access
from .models import Assignment, Response, Step, StepProgress
from .progress import pathway_structure, with_pathway

# Safety at or below this, on this many days running, is highlighted.
CRISIS_SAFETY = 2
CRISIS_DAYS = 3
# How far back the days running may lie.
CRISIS_WINDOW_DAYS = 7
TREND_WEEKS = 8
Area = AccessLogEntry.Area


@dataclass
class Group:
    """One row of the caseload: a client alone, or both partners of a couple."""

    members: list[Consent]
    couple_id: int | None = None

    @property
    def is_couple(self) -> bool:
        return self.couple_id is not None

    @property
    def has_alert(self) -> bool:
        return any(consent.crisis for consent in self.members)


def caseload(therapist, *, today: datetime.date) -> list[Group]:
    """Return the therapist's clients, partners grouped by couple, each consent annotated."""
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
    given = Assignment.objects.filter(client=OuterRef("client"), therapist=therapist)
    still_open = given.exclude(status=Assignment.Status.DONE)
    not_late = Q(due_on__isnull=True) | Q(due_on__gte=today)
    consents = list(
        access.with_shared_since_last_visit(visible_consents(therapist), therapist)
        .select_related("client")
        .annotate(
            couple_id=client_couple_id(),
            current_step=Subquery(first_open_step),
            last_any_checkin=Subquery(last_checkin),
            last_shared_checkin=Subquery(last_checkin_seen_by_partner),
            last_shared_writing=Subquery(last_shared_writing),
            last_step=Subquery(last_step),
            to_do=_count(still_open.filter(not_late)),
            next_due=Subquery(
                still_open.filter(due_on__gte=today)
                .values("client")
                .annotate(first=Min("due_on"))
                .values("first")
            ),
            overdue=_count(still_open.filter(due_on__lt=today)),
            done=_count(given.filter(status=Assignment.Status.DONE)),
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
        consent.shares_checkins = Area.CHECKINS in consent.areas
        consent.new_items = (
            consent.new_writing + consent.new_checkins + consent.new_steps
        )
    flagged = crisis_clients([c for c in consents if c.shares_checkins], today=today)
    for consent in consents:
        consent.crisis = consent.client_id in flagged
        consent.last_activity = access.visible_activity(consent)
    groups = group_by_couple(consents)
    # Alerts first: the sort keeps everyone else in name order.
    groups.sort(key=lambda group: not group.has_alert)
    return groups


def _count(assignments):
    counted = assignments.values("client").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def group_by_couple(consents: list[Consent]) -> list[Group]:
    """Put both partners of a couple in one group, in the order of the first.

    Both partners are listed only when both consented (`visible_consents`);
    someone whose partner has not joined (or left) has no `couple_id`.
    """
    by_couple: dict[int, Group] = {}
    groups = []
    for consent in consents:
        group = by_couple.get(consent.couple_id) if consent.couple_id else None
        if group is None:
            group = Group(members=[consent])
            groups.append(group)
            if consent.couple_id:
                by_couple[consent.couple_id] = group
        else:
            group.members.append(consent)
            group.couple_id = consent.couple_id
    return groups


def crisis_clients(consents, *, today: datetime.date) -> set[int]:
    """Clients whose safety score was very low on several days running, this past
    week, among the scores each consent shows."""
    if not consents:
        return set()
    all_scores = {c.client_id for c in consents if c.include_private_scores}
    low = CheckIn.objects.filter(
        user_id__in=[c.client_id for c in consents],
        day__gte=today - datetime.timedelta(days=CRISIS_WINDOW_DAYS),
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


@dataclass
class ClientSections:
    """What a therapist's page shows of one client: only the areas the consent opens."""

    consent: Consent
    areas: list[str]
    steps: list | None = None  # (step, completed) when progress is shared
    steps_completed: int = 0
    shared_writing: list | None = None  # when writing is shared
    assignments: list = field(default_factory=list)

    @property
    def client(self):
        return self.consent.client


def client_sections(therapist, consents: list[Consent]) -> list[ClientSections]:
    """Each client's sections, one query per area for all of them together."""
    completed = access.completed_steps_for_therapist(consents)
    # Steps and exercises come from the pathway this process holds, not joins.
    writing = with_pathway(
        access.writing_shared_with_therapist(consents).order_by("-saved_at")
    )
    given = with_pathway(
        access.assignments_given(therapist, [c.client_id for c in consents]).order_by(
            "status", "due_on", "-created_at"
        )
    )
    sections = {c.client_id: ClientSections(c, areas_allowed(c)) for c in consents}
    for section in sections.values():
        if Area.PROGRESS in section.areas:
            # Steps the client marked complete: not how much private writing they did.
            done = completed[section.consent.client_id]
            section.steps = [(step, step.pk in done) for step in pathway_structure()]
            section.steps_completed = len(done)
        if Area.RESPONSES in section.areas:
            section.shared_writing = []
    for response in writing:
        sections[response.user_id].shared_writing.append(response)
    for assignment in given:
        sections[assignment.client_id].assignments.append(assignment)
    return list(sections.values())


def steps_side_by_side(sections: list[ClientSections]) -> list | None:
    """Each step with, per client, whether they completed it (None: not shared).

    None when no client shares their progress.
    """
    if all(section.steps is None for section in sections):
        return None
    return [
        (step, [None if s.steps is None else s.steps[n][1] for s in sections])
        for n, step in enumerate(pathway_structure())
    ]


def client_trend(consent: Consent, *, today: datetime.date):
    """One client's check-in scores over eight weeks, when their consent covers them."""
    if not consent.share_checkins:
        return None
    return build_trend(
        user=consent.client,
        today=today,
        weeks=TREND_WEEKS,
        for_someone_else=True,
        own_checkins=checkins_seen_by_therapist(consent),
    )


def couple_trend(consents: list[Consent], *, today: datetime.date):
    """Both partners' scores on one chart, each only if their own consent covers them."""
    sharing = [consent for consent in consents if consent.share_checkins]
    if not sharing:
        return None
    first, *second = sharing
    partner = second[0] if second else None
    return build_trend(
        user=first.client,
        today=today,
        weeks=TREND_WEEKS,
        partner=partner.client if partner else None,
        partner_checkins=checkins_seen_by_therapist(partner) if partner else None,
        for_someone_else=True,
        own_checkins=checkins_seen_by_therapist(first),
    )


def open_assignments(client) -> list[Assignment]:
    return with_pathway(
        Assignment.objects.filter(client=client)
        .exclude(status=Assignment.Status.DONE)
        .select_related("therapist__therapist_profile")
        .order_by("due_on", "created_at")
    )
