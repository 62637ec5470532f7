"""Every main page runs at most ten SQL queries, and no more as history grows.

Each test loads a page once to warm caches (the pathway structure, the
idle-timeout bookkeeping), counts its queries, adds weeks of history for every
person involved, and counts again: the two counts must be equal. The new
history moves what the cache kept of people's progress (recovery/progress.py),
so the first request after it reads that afresh: it too stays within the
budget, and the count is taken again once the cache has it back.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from couples.models import Agreement
from recovery.models import Exercise
from tests.factories import grow_history

BUDGET = 10

pytestmark = pytest.mark.django_db


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
    "content:reflections",
    "recovery:triggers",
    "recovery:trigger-create",
    "recovery:struggling",
    "couples:intake",
    "recovery:exports",
    "content:saved",
    "couples:news",
    "couples:timeline",
    "couples:notifications",
]


def assert_flat(client, url, grow) -> None:
    client.get(url)  # warm caches and per-session bookkeeping
    before = count_queries(client, url)
    grow()
    afresh = count_queries(client, url)
    assert afresh <= BUDGET, f"{url}: {afresh} queries right after the history grew"
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
        ("couples:news", lambda world: {}),
        ("recovery:caseload-client", lambda world: {"client_id": world["alice"].pk}),
        ("recovery:caseload-couple", lambda world: {"couple_id": world["couple"].pk}),
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


def more_clients(theo, *, couples: int, alone: int) -> None:
    """More couples and clients alone, all consenting to Theo, each with history."""
    from couples.services import create_couple, join_couple
    from tests.factories import consent, make_user

    for n in range(couples):
        first = make_user(f"first{n}@example.com", display_name=f"First {n}")
        second = make_user(f"second{n}@example.com", display_name=f"Second {n}")
        pair = create_couple(user=first)
        join_couple(couple=pair, user=second)
        for person in (first, second):
            consent(person, theo, share_checkins=True, share_responses=True)
        grow_history([first, second], pair, theo, days=3)
    for n in range(alone):
        person = make_user(f"alone{n}@example.com", display_name=f"Alone {n}")
        consent(person, theo, share_checkins=True, share_responses=True)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("recovery:caseload", lambda world: {}),
        ("recovery:caseload-couple", lambda world: {"couple_id": world["couple"].pk}),
    ],
)
def test_therapist_pages_stay_flat_with_more_clients(client, world, name, kwargs):
    """Six more couples and clients alone, with their history, cost no query."""
    client.force_login(world["theo"])
    assert_flat(
        client,
        reverse(name, kwargs=kwargs(world)),
        lambda: more_clients(world["theo"], couples=3, alone=3),
    )


def test_submitting_a_check_in_through_htmx(client, world):
    """Saving rebuilds today's card from what it already knows, not from scratch."""
    client.force_login(world["alice"])
    url = reverse("couples:checkin")
    answers = {"mood": "3", "closeness": "6", "safety": "7", "need": "A walk."}

    def count_submission() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, answers, headers={"hx-request": "true"})
        assert response.status_code == 200
        assert "checkin/?edit=1" in response.text
        return len(queries)

    client.post(url, answers, headers={"hx-request": "true"})
    before = count_submission()
    grow_history(
        [world["alice"], world["bob"]], world["couple"], world["theo"], days=20
    )
    after = count_submission()
    assert after <= BUDGET, f"{after} queries"
    assert after == before


def a_thousand_events(world):
    """A long history of news for Alice (and her therapist), most of it read."""
    import datetime

    from django.utils import timezone

    from couples.models import Agreement, Event

    alice, bob, theo = world["alice"], world["bob"], world["theo"]
    agreement = Agreement.objects.filter(couple=world["couple"]).first()
    now = timezone.now()
    Event.objects.bulk_create(
        Event(
            recipient=person,
            actor=actor,
            kind=kind,
            couple=world["couple"] if person != theo else None,
            agreement=agreement if kind == Event.Kind.SIGNED else None,
            created_at=now - datetime.timedelta(hours=n),
            read_at=None if n % 10 else now,
        )
        for n in range(500)
        for person, actor, kind in [
            (alice, bob, Event.Kind.SIGNED),
            (theo, alice, Event.Kind.CLIENT_FINISHED_STEP),
        ]
    )


@pytest.mark.parametrize(
    ("person", "name"),
    [
        ("alice", "recovery:home"),
        ("alice", "couples:news"),
        ("alice", "couples:timeline"),
        ("alice", "couples:checkin"),
        ("theo", "recovery:caseload"),
        ("theo", "couples:news"),
    ],
)
def test_pages_stay_flat_with_a_thousand_events(client, world, person, name):
    """The header's count and the lists cost the same with 1,000 events."""
    client.force_login(world[person])
    assert_flat(client, reverse(name), lambda: a_thousand_events(world))
