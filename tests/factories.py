"""Plain factory functions: each makes one thing, with sensible defaults.

Fixtures (the personas) live in tests/conftest.py and are built from these.
"""

from allauth.account.models import EmailAddress

from couples.models import User

PASSWORD = "a-long-test-password"


def make_user(
    email="someone@example.com",
    *,
    password=PASSWORD,
    verified=True,
    safety_checked=True,
    first_run_done=True,
    **fields,
):
    """A person with a verified email who has taken the safety check (no
    concerns) and answered or skipped the first-run questions."""
    from django.utils import timezone

    from couples.safety import record_check

    if first_run_done:
        fields.setdefault("intake_at", timezone.now())
    user = User.objects.create_user(email, password, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if safety_checked and not user.is_therapist:
        record_check(user=user, answers={"afraid": "no"})
    return user


def make_therapist(email, name, *, verified=True):
    from django.utils import timezone

    from couples.models import TherapistProfile

    user = make_user(email, display_name=name, account_type="therapist")
    TherapistProfile.objects.create(
        user=user,
        full_name=name,
        licence_number="TEST-1",
        jurisdiction="Testland",
        verified_at=timezone.now() if verified else None,
    )
    return user


def consent(client_user, therapist, **scopes):
    from couples.models import Consent

    values = {
        "share_progress": True,
        "share_checkins": False,
        "share_responses": False,
    } | scopes
    return Consent.objects.create(client=client_user, therapist=therapist, **values)


def make_article(
    slug="sample", *, title="Sample article", body="Some words.", **fields
):
    import datetime

    from content.models import Article, Topic

    topic = (
        fields.pop("topic", None)
        or Topic.objects.get_or_create(
            slug="general", defaults={"title": "General", "summary": "General reading."}
        )[0]
    )
    return Article.objects.create(
        slug=slug,
        title=title,
        summary=fields.pop("summary", "A short summary."),
        body=body,
        topic=topic,
        reviewed_on=fields.pop("reviewed_on", datetime.date(2026, 11, 1)),
        **fields,
    )


def make_checkin(user, *, day=None, couple=None, **fields):
    from core.dates import local_today
    from couples.access import membership_of
    from couples.models import CheckIn

    if couple is None:
        membership = membership_of(user)
        couple = membership.couple if membership else None
    values = {"mood": 3, "closeness": 5, "safety": 5} | fields
    return CheckIn.objects.create(
        user=user, couple=couple, day=day or local_today(user), **values
    )


def run_concurrently(*functions):
    """Run each function in its own thread and database connection, at once.

    Return what each returned or raised. Only meaningful on PostgreSQL:
    SQLite serialises writers and ignores row locks.
    """
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(functions))
    outcomes = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait()
            outcomes[index] = function()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def exercise(step_number, slug):
    from recovery.models import Exercise

    return Exercise.objects.get(step__number=step_number, slug=slug)


def grow_history(people, couple, therapist, *, days: int) -> None:
    """Add `days` of check-ins, agreements, writing, triggers and notes."""
    import datetime

    from django.utils import timezone

    from content.models import Article, ArticleRead, SavedArticle
    from couples import agreements as agreement_steps
    from couples.models import Agreement, CheckIn
    from recovery import services as pathway_steps
    from recovery.models import Exercise, ReassuranceRequest, Step, TherapistNote

    today = datetime.date.today()
    start = CheckIn.objects.filter(user=people[0]).count()
    CheckIn.objects.bulk_create(
        CheckIn(
            user=person,
            couple=couple,
            day=today - datetime.timedelta(days=start + offset + 1),
            mood=3,
            closeness=6,
            safety=7,
            appreciated="the walk",
            share_appreciated=bool(offset % 2),
            need="time",
        )
        for person in people
        for offset in range(days)
    )
    first, second = people
    for number in range(days // 7 + 1):
        agreement = agreement_steps.propose_agreement(
            couple=couple,
            by=first,
            category=Agreement.Category.OTHER,
            title=f"Agreement {start}-{number}",
            text="We tell each other when plans change.",
        )
        agreement_steps.accept(agreement=agreement, by=second, revision_number=1)
        agreement_steps.record_slip(
            agreement=agreement, by=second, kind="told", what_happened="I forgot."
        )
    for position, exercise in enumerate(Exercise.objects.all()[: days // 2 + 1]):
        for person in people:
            response = pathway_steps.save_response(
                user=person, exercise=exercise, body="Some private words."
            )
            if position % 2:
                pathway_steps.share_response(response=response, couple=couple)
        for step in Step.objects.all()[:position]:
            pathway_steps.complete_step(user=first, step=step)
    for offset in range(days):
        pathway_steps.log_trigger(
            user=first,
            couple=couple,
            occurred_on=today - datetime.timedelta(days=offset),
            what_happened="A song in the shop.",
            intensity=5,
            asked_for_reassurance=bool(offset % 3),
        )
        pathway_steps.make_commitment(user=second, couple=couple, text="Call at six.")
    ReassuranceRequest.objects.bulk_create(
        ReassuranceRequest(
            user=first,
            couple=couple,
            answer="I'm here.",
            answered_at=timezone.now(),
        )
        for _ in range(days)
    )
    pathway_steps.request_reassurance(user=second, couple=couple)
    for article in Article.objects.all()[:days]:
        SavedArticle.objects.get_or_create(user=first, article=article)
        ArticleRead.objects.get_or_create(user=first, article=article)
    for person in people:
        pathway_steps.assign(
            therapist=therapist,
            client=person,
            step=Step.objects.get(number=2),
            due_on=today - datetime.timedelta(days=1),
        )
        TherapistNote.objects.bulk_create(
            TherapistNote(therapist=therapist, client=person, text="A note.")
            for _ in range(days)
        )
