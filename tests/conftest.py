"""Shared fixtures: personas, factories, and the browser set-up.

Personas, and what each may see of the others:
- alice and bob are partners in one couple: each sees only what the other shares.
- carol is partnered with dave in another couple: she sees nothing of alice or bob.
- theo is a verified therapist; tests give him alice's and bob's consent.
- tina is a verified therapist nobody consented to: she sees nothing personal.
- uma is a therapist still waiting for verification: she sees nothing.
"""

import os
import shutil

import pytest
from allauth.account.models import EmailAddress

from couples.models import User
from couples.services import create_couple, join_couple

PASSWORD = "a-long-test-password"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
HAVE_CHROMIUM = shutil.which(CHROMIUM) is not None
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"

if HAVE_CHROMIUM:
    # Playwright's sync API runs an event loop in the main thread; without this
    # Django refuses every database call made from it (live_server set-up).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if HAVE_CHROMIUM:
        return
    if REQUIRE_BROWSER:
        raise pytest.UsageError(
            f"Browser tests are required but {CHROMIUM} is missing."
        )
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (set CHROMIUM_PATH)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Tasks run at once, so their effects (emails) are visible to the test.
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    # Hashed static names need collectstatic; live_server serves plain files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # Tests start from an empty cache of their own, and query counts count only
    # what a page asks the database; tests/config/test_cache_fallback.py covers
    # the database cache that production uses without Redis.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.fixture(autouse=True)
def _clear_cache(_test_settings):
    from content.page_cache import empty_caches

    empty_caches()
    yield
    empty_caches()


def make_user(
    email="someone@example.com",
    *,
    password=PASSWORD,
    verified=True,
    safety_checked=True,
    **fields,
):
    """A person with a verified email who has taken the safety check (no concerns)."""
    from couples.safety import record_check

    user = User.objects.create_user(email, password, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if safety_checked and not user.is_therapist:
        record_check(user=user, answers={"afraid": "no"})
    return user


@pytest.fixture
def alice(db):
    return make_user("alice@example.com", display_name="Alice", role="hurt")


@pytest.fixture
def bob(db):
    return make_user("bob@example.com", display_name="Bob", role="strayed")


@pytest.fixture
def couple(alice, bob):
    couple = create_couple(user=alice)
    join_couple(couple=couple, user=bob)
    return couple


@pytest.fixture
def carol(db):
    carol = make_user("carol@example.com", display_name="Carol")
    dave = make_user("dave@example.com", display_name="Dave")
    other = create_couple(user=carol)
    join_couple(couple=other, user=dave)
    return carol


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


@pytest.fixture
def theo(db):
    return make_therapist("theo@example.com", "Theo")


@pytest.fixture
def tina(db):
    return make_therapist("tina@example.com", "Tina")


@pytest.fixture
def uma(db):
    # a therapist who signed up but is not verified yet: sees nothing
    return make_therapist("uma@example.com", "Uma", verified=False)


def consent(client_user, therapist, **scopes):
    from couples.models import Consent

    values = {
        "share_progress": True,
        "share_checkins": False,
        "share_responses": False,
    } | scopes
    return Consent.objects.create(client=client_user, therapist=therapist, **values)


# ---------- Browser ----------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_page(page, live_server):
    """A Playwright page on the live server that fails on any CSP violation."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.set_default_timeout(10_000)
    page.base = live_server.url
    yield page
    assert violations == [], f"CSP violations in the console: {violations}"


# ---------- Library ----------


@pytest.fixture
def library(db):
    """The bundled library, loaded as `make run` loads it."""
    from content.loader import load_library

    load_library()


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
    from couples.access import local_today, membership_of
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


@pytest.fixture
def pathway(db):
    """The bundled library and pathway, loaded as `make run` loads them."""
    from content.loader import load_library
    from recovery.loader import load_pathway

    load_library()
    load_pathway()


def exercise(step_number, slug):
    from recovery.models import Exercise

    return Exercise.objects.get(step__number=step_number, slug=slug)


# ---------- A couple with history, and their therapist ----------


def grow_history(people, couple, therapist, *, days: int) -> None:
    """Add `days` of check-ins, agreements, writing, triggers and notes."""
    import datetime

    from content.models import Article, ArticleRead, SavedArticle
    from couples import agreements as agreement_steps
    from couples.models import Agreement, CheckIn
    from recovery import services as pathway_steps
    from recovery.models import Exercise, Step, TherapistNote

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


@pytest.fixture
def world(pathway, alice, bob, couple, theo, carol):
    consent(alice, theo, share_checkins=True, share_responses=True)
    consent(bob, theo, share_checkins=True, share_responses=True)
    grow_history([alice, bob], couple, theo, days=2)
    return {"alice": alice, "bob": bob, "theo": theo, "couple": couple}
