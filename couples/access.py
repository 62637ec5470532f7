"""Who may see what of people, couples and therapists: the rule book.

Every view in every app asks here (or in recovery.access, content.access);
nothing decides visibility anywhere else.

| thing                      | its author | partner, sharing          | partner, paused or ended | another couple | therapist, consent scope              | therapist, no consent |
|----------------------------|------------|---------------------------|--------------------------|----------------|---------------------------------------|-----------------------|
| check-in                   | all of it  | parts marked shared,      | nothing                  | 404            | scores and notes? scores only, with   | nothing               |
|                            |            | once they checked in too  |                          |                | "check-ins" (share_checkins)          |                       |
| monthly review             | all of it  | answers marked shared,    | nothing                  | nothing        | nothing                               | nothing               |
|                            |            | once they answered too    |                          |                |                                       |                       |
| agreement, slip            | both members of the couple, always: they are made together         | 404            | nothing                               | nothing               |
| invitation of the couple   | both seats of the couple                                            | 404            | nothing                               | nothing               |
| consent, access log        | the client | nothing                   | nothing                  | 404            | their own consents (caseload)         | 404                   |

"Sharing" is one rule, `sharing_pair`: both people hold a current seat in
the same couple and the couple is neither paused nor ended. A therapist sees
a client only with that client's active consent, and a partner of a couple
only once both partners have consented (`visible_consents`).

Refusals answer one way: 404 for anything of someone else (never a hint that
it exists), 403 for a role that may never use a page (`client_required`,
`therapist_required`), both rendered by the calm error pages.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
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
    Invitation,
    Membership,
    MonthlyReview,
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
    """This person's check-in for `day` and, while sharing, the partner's for theirs."""
    todays = Q(user=user, day=day)
    if partner is not None:
        todays |= Q(user=partner, couple=couple, day=partner_day)
    return CheckIn.objects.filter(todays)


def partner_scores(partner, couple):
    """The check-ins whose scores a sharing partner may chart."""
    if partner is None or couple is None:
        return CheckIn.objects.none()
    return CheckIn.objects.filter(user=partner, couple=couple, share_scores=True)


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


def visible_consents(therapist: User):
    """Active consents this therapist may act on (both partners of a couple have consented)."""
    partner_seat = Membership.objects.filter(
        ended_at__isnull=True,
        couple__memberships__user=OuterRef("client"),
        couple__memberships__ended_at__isnull=True,
    ).exclude(user=OuterRef("client"))
    partner_consent = (
        Consent.objects.active()
        .filter(
            therapist=therapist,
            client__memberships__ended_at__isnull=True,
            client__memberships__couple__memberships__user=OuterRef("client"),
            client__memberships__couple__memberships__ended_at__isnull=True,
        )
        .exclude(client=OuterRef("client"))
    )
    return (
        Consent.objects.active()
        .filter(
            therapist=therapist, therapist__therapist_profile__verified_at__isnull=False
        )
        # The caseload shows has_partner (a "couple" tag); the other only filters.
        .annotate(has_partner=Exists(partner_seat))
        .alias(partner_consented=Exists(partner_consent))
        .filter(Q(has_partner=False) | Q(partner_consented=True))
    )


def get_client_consent_for(therapist: User, client_id: int) -> Consent:
    """The consent that lets this therapist see this client, or 404."""
    consent = (
        visible_consents(therapist)
        .select_related("client")
        .filter(client_id=client_id)
        .first()
    )
    if consent is None:
        raise Http404("No such client.")
    return consent


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
