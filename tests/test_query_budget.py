"""Every main page runs at most ten SQL queries, and no more as history grows.

Each test loads a page once to warm caches (the pathway structure, the
idle-timeout bookkeeping), counts its queries, adds weeks of history for every
person involved, and counts again: the two counts must be equal.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from couples import agreements as agreement_steps
from couples.models import Agreement, CheckIn
from recovery import services as pathway_steps
from recovery.models import Exercise, Step, TherapistNote
from tests.conftest import consent

BUDGET = 10

pytestmark = pytest.mark.django_db


def grow_history(people, couple, therapist, *, days: int) -> None:
    """Add `days` of check-ins, agreements, writing, triggers and notes."""
    from content.models import Article, ArticleRead, SavedArticle

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


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def first_agreement(couple):
    return Agreement.objects.filter(couple=couple).order_by("pk").first().pk


PUBLIC_PAGES = [
    ("content:landing", {}),
    ("content:library", {}),
    ("content:topic", {"slug": "repair"}),
    ("content:article", {"slug": "rebuilding-trust"}),
    ("content:glossary", {}),
    ("content:safety", {}),
    ("content:privacy", {}),
    ("content:self-check", {"slug": "warning-signs"}),
]

CLIENT_PAGES = [
    "recovery:home",
    "couples:checkin",
    "couples:trends",
    "couples:monthly",
    "couples:couple",
    "couples:agreements",
    "couples:therapists",
    "couples:settings",
    "recovery:pathway",
    "recovery:journal",
    "recovery:reflections",
    "recovery:triggers",
    "recovery:exports",
    "content:saved",
]


def assert_flat(client, url, grow) -> None:
    client.get(url)  # warm caches and per-session bookkeeping
    before = count_queries(client, url)
    grow()
    after = count_queries(client, url)
    assert after <= BUDGET, f"{url}: {after} queries"
    assert after == before, f"{url}: {before} queries, then {after} with more history"


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_public_pages(client, world, name, kwargs):
    def grow():
        grow_history(
            [world["alice"], world["bob"]], world["couple"], world["theo"], days=20
        )

    assert_flat(client, reverse(name, kwargs=kwargs), grow)


def test_search_page(client, world):
    assert_flat(client, reverse("content:search") + "?q=trust", lambda: None)


@pytest.mark.parametrize("name", CLIENT_PAGES)
def test_client_pages(client, world, name):
    client.force_login(world["alice"])
    assert_flat(
        client,
        reverse(name),
        lambda: grow_history(
            [world["alice"], world["bob"]], world["couple"], world["theo"], days=20
        ),
    )


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("recovery:step", lambda world: {"number": 2}),
        (
            "recovery:exercise",
            lambda world: {"pk": Exercise.objects.filter(kind="reflection").first().pk},
        ),
        (
            "couples:agreement-detail",
            lambda world: {"pk": first_agreement(world["couple"])},
        ),
    ],
)
def test_client_detail_pages(client, world, name, kwargs):
    client.force_login(world["alice"])
    assert_flat(
        client,
        reverse(name, kwargs=kwargs(world)),
        lambda: grow_history(
            [world["alice"], world["bob"]], world["couple"], world["theo"], days=20
        ),
    )


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("recovery:caseload", lambda world: {}),
        ("recovery:caseload-client", lambda world: {"client_id": world["alice"].pk}),
    ],
)
def test_therapist_pages(client, world, name, kwargs):
    client.force_login(world["theo"])
    assert_flat(
        client,
        reverse(name, kwargs=kwargs(world)),
        lambda: grow_history(
            [world["alice"], world["bob"]], world["couple"], world["theo"], days=20
        ),
    )
