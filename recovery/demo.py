"""Demo data for local development: a couple and a therapist to click through."""

import datetime
import random

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from content.loader import load_library
from core.dates import local_today
from couples import agreements as agreement_steps
from couples.models import Agreement, CheckIn, Couple, User
from couples.services import create_couple, join_couple
from recovery.demo_pathway import seed_demo_pathway, seed_demo_therapist
from recovery.loader import load_pathway

# Development only: seed_demo refuses to run unless DEBUG is on.
DEMO_PASSWORD = "mend-demo-password"  # noqa: S105
DEMO_ACCOUNTS = [
    # email, display name, account type, role, who
    (
        "alex@example.com",
        "Alex",
        User.AccountType.CLIENT,
        User.Role.HURT,
        "Alex, the hurt partner",
    ),
    (
        "sam@example.com",
        "Sam",
        User.AccountType.CLIENT,
        User.Role.STRAYED,
        "Sam, Alex's partner, who strayed",
    ),
    (
        "rivera@example.com",
        "Dr. Rivera",
        User.AccountType.THERAPIST,
        User.Role.UNSAID,
        "Dr. Rivera, a therapist",
    ),
]
CHECKIN_DAYS = 120
APPRECIATIONS = [
    "You made tea without me asking.",
    "You answered my questions without getting defensive.",
    "Our walk after dinner.",
    "You told me about your day before I asked.",
    "You listened when I needed to talk it through again.",
]
NEEDS = [
    "A quiet evening together.",
    "To hear that you're still committed to this.",
    "Some time on my own this weekend.",
    "Reassurance when you're late home.",
]


def _demo_user(email, display_name, account_type, role) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        # Months into it: the first-run questions were answered long ago.
        first_run = (
            {"together": User.Together.PARTNER, "sees_therapist": User.Therapist.YES}
            if account_type == User.AccountType.CLIENT
            else {}
        )
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            display_name=display_name,
            account_type=account_type,
            role=role,
            intake_at=timezone.now(),
            **first_run,
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _demo_checkins(user, couple, *, seed: int, start: float, gain: float) -> None:
    """About four months of check-ins that slowly improve, with honest gaps."""
    if CheckIn.objects.filter(user=user).exists():
        return
    rng = random.Random(seed)  # noqa: S311 (made-up demo data)
    today = local_today(user)
    rows = []
    for offset in range(CHECKIN_DAYS, 0, -1):
        if rng.random() < 0.2:
            continue  # a missed day, as in real life
        progress = (CHECKIN_DAYS - offset) / CHECKIN_DAYS
        level = start + gain * progress + rng.uniform(-1.2, 1.2)
        score = max(1, min(10, round(level)))
        rows.append(
            CheckIn(
                user=user,
                couple=couple,
                day=today - datetime.timedelta(days=offset),
                mood=max(1, min(5, round(level / 2))),
                closeness=score,
                safety=max(1, min(10, score - rng.choice([0, 1]))),
                appreciated=rng.choice(APPRECIATIONS) if rng.random() < 0.6 else "",
                share_appreciated=True,
                need=rng.choice(NEEDS) if rng.random() < 0.4 else "",
                share_need=rng.random() < 0.7,
            )
        )
    CheckIn.objects.bulk_create(rows)


def _demo_agreements(alex, sam, couple) -> None:
    """Agreements in different states: in force, being changed, waiting, retired."""
    if Agreement.objects.filter(couple=couple).exists():
        return
    steps = agreement_steps
    no_contact = steps.propose_agreement(
        couple=couple,
        by=alex,
        category=Agreement.Category.THIRD_PERSON,
        title="No contact with Jordan",
        text="Sam will not contact Jordan in any way, and will tell me the same day if Jordan gets in touch.",
    )
    steps.suggest_change(
        agreement=no_contact,
        by=sam,
        revision_number=1,
        title="No contact with Jordan",
        text="I will not contact Jordan in any way. If Jordan contacts me, I won't reply, and I'll tell Alex the same day.",
    )
    steps.accept(agreement=no_contact, by=alex, revision_number=2)

    phones = steps.propose_agreement(
        couple=couple,
        by=alex,
        category=Agreement.Category.DEVICES,
        title="Openness about phones, for now",
        text="For the next three months, either of us can ask who the other has been talking to, and we answer openly.",
        review_on=local_today(alex) + datetime.timedelta(days=60),
    )
    steps.accept(agreement=phones, by=sam, revision_number=1)
    steps.reopen(
        agreement=phones,
        by=sam,
        revision_number=1,
        title="Openness about phones, for now",
        text="For the next two months, either of us can ask who the other has been talking to, and we answer openly.",
    )

    steps.propose_agreement(
        couple=couple,
        by=sam,
        category=Agreement.Category.WHEREABOUTS,
        title="Letting each other know",
        text="If plans change or we'll be late, we send a short message, so nobody is left guessing.",
    )

    old = steps.propose_agreement(
        couple=couple,
        by=sam,
        category=Agreement.Category.SOCIAL_MEDIA,
        title="A break from social media",
        text="Sam takes a month off social media.",
    )
    steps.accept(agreement=old, by=alex, revision_number=1)
    steps.request_retirement(agreement=old, by=sam)
    steps.confirm_retirement(agreement=old, by=alex)


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Load the library and create (or keep) the demo accounts; return their logins."""
    load_library()
    load_pathway()
    alex, sam, therapist = (_demo_user(*account[:4]) for account in DEMO_ACCOUNTS)
    couple = Couple.objects.for_user(alex).first()
    if couple is None:
        couple = create_couple(user=alex)
        join_couple(couple=couple, user=sam)
    _demo_checkins(alex, couple, seed=1, start=2.5, gain=4.5)
    _demo_checkins(sam, couple, seed=2, start=4.0, gain=3.5)
    _demo_agreements(alex, sam, couple)
    seed_demo_pathway({"alex@example.com": alex, "sam@example.com": sam}, couple)
    seed_demo_therapist(therapist, [alex, sam])
    return [(email, DEMO_PASSWORD) for email, *_ in DEMO_ACCOUNTS]
