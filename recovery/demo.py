"""Demo data for local development: a couple and a therapist to click through."""

from allauth.account.models import EmailAddress
from django.db import transaction

from content.loader import load_library
from couples.models import Couple, Membership, User
from couples.services import create_couple, join_couple

# Development only: seed_demo refuses to run unless DEBUG is on.
DEMO_PASSWORD = "mend-demo-password"  # noqa: S105
DEMO_ACCOUNTS = [
    # email, display name, account type, role in the couple (None: not a partner), who
    (
        "alex@example.com",
        "Alex",
        User.AccountType.CLIENT,
        Membership.Role.HURT,
        "Alex, the hurt partner",
    ),
    (
        "sam@example.com",
        "Sam",
        User.AccountType.CLIENT,
        Membership.Role.STRAYED,
        "Sam, Alex's partner, who strayed",
    ),
    (
        "rivera@example.com",
        "Dr. Rivera",
        User.AccountType.THERAPIST,
        None,
        "Dr. Rivera, a therapist",
    ),
]


def _demo_user(email: str, display_name: str, account_type: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, display_name=display_name, account_type=account_type
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Load the library and create (or keep) the demo accounts; return their logins."""
    load_library()
    partners = []
    for email, display_name, account_type, role, _ in DEMO_ACCOUNTS:
        user = _demo_user(email, display_name, account_type)
        if role is not None:
            partners.append((user, role))
    (first, first_role), (second, second_role) = partners
    if not Couple.objects.for_user(first).exists():
        couple = create_couple(user=first, role=first_role)
        join_couple(couple=couple, user=second, role=second_role)
    return [(email, DEMO_PASSWORD) for email, *_ in DEMO_ACCOUNTS]
