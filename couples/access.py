"""Who may see what of people, couples and therapists: the rule book.

Every view in every app asks here (or in recovery.access, content.access);
nothing decides visibility anywhere else.

| thing                      | its author | partner, sharing          | partner, paused or ended | another couple | therapist, consent scope              | therapist, no consent |
|----------------------------|------------|---------------------------|--------------------------|----------------|---------------------------------------|-----------------------|
| check-in                   | all of it  | parts marked shared,      | nothing                  | 404            | scores only, with "check-ins"         | nothing               |
|                            |            | once they checked in too; |                          |                | (share_checkins); those kept from the |                       |
|                            |            | not even that it exists   |                          |                | partner only with include_private_    |                       |
|                            |            | when kept private         |                          |                | scores                                |                       |
| monthly review             | all of it  | answers marked shared,    | nothing                  | nothing        | nothing                               | nothing               |
|                            |            | once they answered too    |                          |                |                                       |                       |
| agreement, slip            | both members of the couple, always: they are made together         | 404            | nothing                               | nothing               |
| invitation of the couple   | both seats of the couple                                            | 404            | nothing                               | nothing               |
| consent, access log        | the client | nothing                   | nothing                  | 404            | their own consents (caseload)         | 404                   |
| a couple, side by side     | a therapist's page: 403 for every client                            | 403            | each partner's part by their own      | 404                   |
| (`get_couple_consents_for`)|                                                                     |                | consent, once both consented          |                       |
| event (what's new)         | its recipient alone, and only while its subject is visible to them (`events_visible_to`); 404 for anyone else                |
| notification settings,     | the person | nothing                   | nothing                  | nothing        | nothing                               | nothing               |
| push subscription          |            |                           |                          |                |                                       |                       |

"Sharing" is one rule, `sharing_pair`: both people hold a current seat in
the same couple and the couple is neither paused nor ended. A therapist sees
a client only with that client's active consent, and a partner of a couple
only once both partners have consented (`visible_consents`).

Refusals answer one way: 404 for anything of someone else (never a hint that
it exists), 403 for a role that may never use a page (`client_required`,
`therapist_required`), both rendered by the calm error pages.
"""

from functools import cache, wraps

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from core.access import client_required  # noqa: F401  (one role rule for every app)

from .models import (
    AccessLogEntry,
    Agreement,
    AgreementEvent,
    CheckIn,
    Consent,
    Couple,
    Event,
    Invitation,
    Membership,
    MonthlyReview,
    PushSubscription,
    Slip,
    TherapistProfile,
    User,
)

# ---------- Roles: who may use a page at all (403 otherwise) ----------


def verified_profile(user) -> TherapistProfile | None:
    if not user.is_authenticated or not user.is_therapist:
        return None
    try:
        profile = user.therapist_profile  # loaded with the user by our backends
    except TherapistProfile.DoesNotExist:
        return None
    return profile if profile.is_verified else None


def therapist_required(view):
    """Therapist pages: 403 for clients; a waiting page until an administrator verifies."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_therapist:
            raise PermissionDenied
        profile = verified_profile(request.user)
        if profile is None:
            return render(request, "couples/therapist_pending.html")
        request.therapist_profile = profile
        return view(request, *args, **kwargs)

    return wrapper


# ---------- Seats and the sharing rule ----------


def membership_of(user: User) -> Membership | None:
    """Return this person's seat in their current couple, with the couple."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("couple")
        .filter(user=user, ended_at__isnull=True)
        .first()
    )


def partner_membership(membership: Membership | None) -> Membership | None:
    """The other current seat of this seat's couple, with its person."""
    if membership is None:
        return None
    return (
        Membership.objects.select_related("user")
        .filter(couple=membership.couple, ended_at__isnull=True)
        .exclude(user_id=membership.user_id)
        .first()
    )


def couple_seats(user: User) -> tuple[Membership | None, Membership | None]:
    """This person's seat and their partner's (with couple and user), in one query."""
    if not user.is_authenticated:
        return None, None
    seats = list(
        Membership.objects.select_related("couple", "user").filter(
            ended_at__isnull=True,
            couple__memberships__user=user,
            couple__memberships__ended_at__isnull=True,
        )
    )
    mine = next((seat for seat in seats if seat.user_id == user.pk), None)
    other = next((seat for seat in seats if seat.user_id != user.pk), None)
    return mine, other


def sharing_pair(
    mine: Membership | None, other: Membership | None
) -> tuple[User | None, Couple | None]:
    """The one sharing rule: (partner, couple) while both hold a seat in a
    couple that is neither paused nor ended, else (None, None)."""
    if mine is None or other is None or not mine.couple.is_sharing:
        return None, None
    return other.user, mine.couple


def sharing_couple(user: User) -> tuple[User | None, Couple | None]:
    """Return (partner, couple) while this person shares with a partner."""
    return sharing_pair(*couple_seats(user))


def sharing_partner(user: User) -> User | None:
    """Return the partner who may see what this person shares, if any."""
    return sharing_couple(user)[0]


def get_couple_for(user: User) -> Couple:
    """This person's current couple, or 404: never another couple's."""
    membership = membership_of(user)
    if membership is None:
        raise Http404("No couple space.")
    return membership.couple


# The invitation a signed-out visitor opened, remembered through sign-up.
PENDING_INVITATION = "couples.pending_invitation"


def pending_invitation_for(request) -> Invitation | None:
    """The still-usable invitation this browser opened before signing in, if any."""
    token = request.session.get(PENDING_INVITATION)
    if not token:
        return None
    return (
        Invitation.objects.pending()
        .select_related("invited_by")
        .filter(token=token)
        .first()
    )


def get_invitation_for(user: User, pk: int) -> Invitation:
    """An invitation of this person's own couple, or 404."""
    return get_object_or_404(Invitation, pk=pk, couple=get_couple_for(user))


# ---------- Check-ins and monthly reviews ----------


def todays_checkins_visible_to(user: User, *, partner, couple, day, partner_day):
    """This person's check-in for `day` and, while sharing, the partner's for
    theirs, unless the partner kept even its existence to themselves."""
    todays = Q(user=user, day=day)
    if partner is not None:
        todays |= Q(user=partner, couple=couple, day=partner_day, share_checked_in=True)
    return CheckIn.objects.filter(todays)


def partner_scores(partner, couple):
    """The check-ins whose scores a sharing partner may chart."""
    if partner is None or couple is None:
        return CheckIn.objects.none()
    return CheckIn.objects.filter(
        user=partner, couple=couple, share_scores=True, share_checked_in=True
    )


# What a partner could see of a check-in: its scores were shared with them.
SEEN_BY_PARTNER = Q(couple__isnull=False, share_scores=True, share_checked_in=True)


def checkins_seen_by_therapist(consent: Consent):
    """The client's check-ins whose scores this consent shows their therapist."""
    if not consent.share_checkins:
        return CheckIn.objects.none()
    checkins = CheckIn.objects.filter(user=consent.client)
    if not consent.include_private_scores:
        checkins = checkins.filter(SEEN_BY_PARTNER)
    return checkins


def partner_monthly_review(*, partner, couple, month) -> MonthlyReview | None:
    """The partner's review for the month, when they chose to share it."""
    if partner is None:
        return None
    return MonthlyReview.objects.filter(
        user=partner, month=month, couple=couple, shared=True
    ).first()


# ---------- Agreements and slips: the couple's, made together ----------


def agreements_visible_to(user: User, couple: Couple | None = None):
    """This person's couple's agreements, each marked with whether they accepted its newest wording."""
    couple = couple or get_couple_for(user)
    mine_accepted = AgreementEvent.objects.filter(
        revision=OuterRef("current_revision"),
        user=user,
        kind=AgreementEvent.Kind.ACCEPTED,
    )
    return (
        Agreement.objects.for_couple(couple)
        .select_related("current_revision__proposed_by", "active_revision")
        .annotate(i_accepted=Exists(mine_accepted))
    )


def get_agreement_for(user: User, pk: int) -> Agreement:
    return get_object_or_404(agreements_visible_to(user), pk=pk)


def get_slip_for(user: User, pk: int) -> Slip:
    return get_object_or_404(
        Slip.objects.select_related("agreement"),
        pk=pk,
        agreement__couple=get_couple_for(user),
    )


# ---------- Therapists and consent ----------


def consents_of(client: User):
    """A client's active consents, with each therapist's profile."""
    return (
        Consent.objects.active()
        .filter(client=client)
        .select_related("therapist__therapist_profile")
    )


def get_consent_of(client: User, pk: int) -> Consent:
    """One of this client's own active consents, or 404."""
    return get_object_or_404(Consent.objects.active(), pk=pk, client=client)


def access_log_of(client: User):
    """Every look a therapist took at this client's pages, newest first."""
    return AccessLogEntry.objects.filter(client=client).select_related(
        "therapist__therapist_profile"
    )


def consents_in_effect():
    """Active consents to a verified therapist that count: for a client with a
    partner, only once the partner has consented to the same therapist too."""
    # The client's current partner, if any: another current seat in a couple
    # where the client holds one (a couple has two seats at most).
    partner_seat = Membership.objects.filter(
        ended_at__isnull=True,
        couple__memberships__user=OuterRef("client"),
        couple__memberships__ended_at__isnull=True,
    ).exclude(user=OuterRef("client"))
    partner_consent = Consent.objects.active().filter(
        client=OuterRef("user"), therapist=OuterRef(OuterRef("therapist"))
    )
    # One condition, planned once: no partner is left without consenting.
    partner_not_consenting = partner_seat.exclude(Exists(partner_consent))
    return (
        Consent.objects.active()
        .filter(therapist__therapist_profile__verified_at__isnull=False)
        .exclude(Exists(partner_not_consenting))
    )


def visible_consents(therapist: User):
    """Active consents this therapist may act on (both partners of a couple have consented)."""
    return consents_in_effect().filter(therapist=therapist)


def client_couple_id():
    """For a consent queryset: the id of the client's current couple while
    both seats are taken, else None (a couple the therapist may see as one,
    given `visible_consents`)."""
    other_seat = Membership.objects.filter(
        couple=OuterRef("couple"), ended_at__isnull=True
    ).exclude(user=OuterRef("user"))
    seat = Membership.objects.filter(
        Exists(other_seat), user=OuterRef("client"), ended_at__isnull=True
    )
    return Subquery(seat.values("couple_id")[:1])


def get_client_consent_for(therapist: User, client_id: int) -> Consent:
    """The consent that lets this therapist see this client, or 404."""
    consent = (
        visible_consents(therapist)
        .select_related("client")
        .annotate(couple_id=client_couple_id())
        .filter(client_id=client_id)
        .first()
    )
    if consent is None:
        raise Http404("No such client.")
    return consent


def get_couple_consents_for(therapist: User, couple_id: int) -> list[Consent]:
    """Both partners' consents that let this therapist see their couple, or 404.

    A couple is seen only while both partners hold a seat in it and both
    consented to this therapist (`visible_consents` rules the second); what
    of each partner is shown is each one's own consent (`areas_allowed`).
    """
    consents = list(
        visible_consents(therapist)
        .select_related("client")
        .filter(
            client__memberships__couple_id=couple_id,
            client__memberships__ended_at__isnull=True,
        )
        .order_by("client__display_name", "client__email")
    )
    if len(consents) != 2:
        raise Http404("No such couple.")
    return consents


def areas_allowed(consent: Consent) -> list[str]:
    """The parts of a client's pages this consent opens to the therapist, in page order."""
    Area = AccessLogEntry.Area
    allowed = [
        (consent.share_progress, Area.PROGRESS),
        (consent.share_checkins, Area.CHECKINS),
        (consent.share_responses, Area.RESPONSES),
        (True, Area.ASSIGNMENTS),  # what the therapist assigned is theirs to see
    ]
    return [area for scope, area in allowed if scope]


# ---------- What's new: events, visible only while their subject is ----------

Kind = Event.Kind

AGREEMENT_KINDS = (
    Kind.AGREEMENT_PROPOSED,
    Kind.AGREEMENT_CHANGED,
    Kind.AGREEMENT_REVIEW,
    Kind.AGREEMENT_DECLINED,
    Kind.AGREEMENT_RETIRE_ASKED,
    Kind.AGREEMENT_RETIRED,
    Kind.SLIP_LOGGED,
    Kind.SIGNED,
    Kind.SLIP_TALKED_THROUGH,
)
COUPLE_MILESTONES = (
    Kind.LINKED,
    Kind.STEP_TOGETHER,
    Kind.CONVERSATION_HELD,
    Kind.ONE_MONTH,
    Kind.THREE_MONTHS,
)
# Facts about the recipient's own pairing: always theirs to know.
COUPLE_FACTS = (
    Kind.PARTNER_JOINED,
    Kind.SHARING_PAUSED,
    Kind.SHARING_RESUMED,
    Kind.PAIRING_ENDED,
)


def _event_is_visible() -> Q:
    """The rule for one event row, in terms of its own columns.

    Each kind joins its subject's own rule from the tables above (and
    recovery.access for the pathway's things): an agreement while the
    recipient holds a seat in its couple; shared writing while it is still
    shared, in the couple they still share; a client's news while that
    client's consent covers it. Deleting a subject deletes its events.
    """
    # Each subject's rule appears once, so the database plans it once: the
    # seat for every couple's news, the consent (its scope by the event's
    # kind) for every client's news.
    seated = Exists(
        Membership.objects.filter(
            couple=OuterRef("couple"), user=OuterRef("recipient"), ended_at__isnull=True
        )
    )
    while_sharing = Q(couple__status=Couple.Status.ACTIVE) & (
        Q(
            kind=Kind.WRITING_SHARED,
            response__shared_with_partner=True,
            response__couple=F("couple"),
        )
        | Q(
            kind=Kind.REASSURANCE_ASKED,
            trigger__asked_for_reassurance=True,
            trigger__couple=F("couple"),
        )
        | Q(kind=Kind.STEP_FINISHED)
    )
    couple_news = Q(kind__in=AGREEMENT_KINDS + COUPLE_MILESTONES) | while_sharing
    consent_covers_it = (
        consents_in_effect()
        .filter(client=OuterRef("actor"), therapist=OuterRef("recipient"))
        .alias(event_kind=ExpressionWrapper(OuterRef("kind"), CharField()))
        .filter(
            Q(event_kind=Kind.CLIENT_SHARED_WRITING, share_responses=True)
            | Q(event_kind=Kind.CLIENT_FINISHED_STEP, share_progress=True)
            | Q(event_kind=Kind.CLIENT_FINISHED_ASSIGNMENT)
        )
    )
    client_news = (
        Q(
            kind=Kind.CLIENT_SHARED_WRITING,
            response__shared_with_therapist=True,
            response__saved_at__isnull=False,
        )
        | Q(kind=Kind.CLIENT_FINISHED_STEP)
        | Q(
            kind=Kind.CLIENT_FINISHED_ASSIGNMENT,
            assignment__therapist=F("recipient"),
        )
    )
    return (
        Q(kind__in=COUPLE_FACTS)
        | (couple_news & Q(seated))
        | Q(kind=Kind.REASSURANCE_GIVEN, trigger__user=F("recipient"))
        | Q(kind=Kind.ASSIGNED, assignment__client=F("recipient"))
        | (client_news & Q(Exists(consent_covers_it)))
    )


def events_visible_to(user: User):
    """This person's events whose subject they may still see, newest first."""
    return Event.objects.filter(recipient=user).filter(_event_is_visible())


def get_event_for(user: User, pk: int) -> Event:
    """One of this person's visible events, or 404."""
    return get_object_or_404(events_visible_to(user), pk=pk)


@cache
def _unread_visible_events_sql() -> tuple[str, tuple]:
    """Every unread visible event's recipient, as SQL: the ORM compiles the
    rule above once per process.

    The rule has an `EXISTS` per kind of subject; compiling it cost about ten
    times more than running it, on every signed-in request (bench/README.md).
    Nothing in it depends on the request or the time.
    """
    unread = (
        Event.objects.filter(read_at__isnull=True)
        .filter(_event_is_visible())
        .order_by()
        .values("recipient_id")
    )
    return unread.query.sql_with_params()


def unread_events_count() -> RawSQL:
    """The number of unread visible events of the user row it is annotated on.

    The only hand-written SQL here: counting the compiled rule's rows for the
    outer row's id (PostgreSQL and SQLite both push that condition into the
    rule's query, so it reads the one person's events by index).
    """
    sql, params = _unread_visible_events_sql()
    quote = connection.ops.quote_name
    person = f"{quote(User._meta.db_table)}.{quote(User._meta.pk.column)}"
    # No outside input: the ORM's SQL with its parameters, and names from the model.
    return RawSQL(  # noqa: S611
        f"SELECT COUNT(*) FROM ({sql}) unread WHERE unread.recipient_id = {person}",  # noqa: S608
        params,
        output_field=IntegerField(),
    )


def get_push_subscription_for(user: User, pk: int) -> PushSubscription:
    """One of this person's own devices, or 404."""
    return get_object_or_404(PushSubscription, pk=pk, user=user)
