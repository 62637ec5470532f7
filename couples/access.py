"""Who may see what. Every app asks here; nothing decides visibility elsewhere.

- A person always sees everything of their own.
- Their partner sees only the parts they shared, and only while both are
  members of the same couple and the couple is not paused or ended.
- Nobody else sees anything: outsiders get a 404, never a hint.
"""

import datetime
import zoneinfo

from django.utils import timezone

from .models import CheckIn, Membership, User


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


def sharing_partner(user: User) -> User | None:
    """Return the partner who may see what this person shares, if any."""
    membership = membership_of(user)
    if membership is None or not membership.couple.is_sharing:
        return None
    other = partner_membership(membership)
    return other.user if other else None


def local_today(user: User) -> datetime.date:
    return timezone.localtime(timezone=zoneinfo.ZoneInfo(user.time_zone)).date()


def partner_checkins(viewer: User, partner: User | None, couple_id: int | None):
    """The partner's check-ins this viewer may look at (shared parts only)."""
    if partner is None or couple_id is None:
        return CheckIn.objects.none()
    return CheckIn.objects.filter(user=partner, couple_id=couple_id)
