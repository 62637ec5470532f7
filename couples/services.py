from django.db import transaction

from .models import Couple, Membership, User


@transaction.atomic
def create_couple(*, user: User, role: str = Membership.Role.UNSAID) -> Couple:
    """Open a couple space with this person in the first seat."""
    couple = Couple.objects.create()
    Membership.objects.create(couple=couple, user=user, seat=1, role=role)
    return couple


@transaction.atomic
def join_couple(
    *, couple: Couple, user: User, role: str = Membership.Role.UNSAID
) -> Membership:
    """Seat this person as the second partner; the database refuses a third."""
    return Membership.objects.create(couple=couple, user=user, seat=2, role=role)
