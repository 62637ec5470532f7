"""Saved self-checks are visible to their author alone."""

import pytest
from django.db import connection
from django.urls import reverse

from content.models import SelfCheckAnswer
from tests.pages import page_text

pytestmark = pytest.mark.django_db
SAVE = reverse("content:self-check-save", args=["warning-signs"])
LIST = reverse("content:reflections")


@pytest.fixture
def alices_answer(alice):
    return SelfCheckAnswer.objects.create(
        user=alice,
        check_slug="warning-signs",
        answers_json='["secrecy-1", "distance-2"]',
    )


def test_saving_keeps_only_known_statements(client, alice):
    client.force_login(alice)
    response = client.post(SAVE, {"answer": ["secrecy-1", "secrecy-2", "made-up"]})
    assert response["Location"] == LIST
    assert SelfCheckAnswer.objects.get(user=alice).answers == ["secrecy-1", "secrecy-2"]


def test_answers_are_encrypted_at_rest(alices_answer):
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers_json FROM recovery_selfcheckanswer")
        stored = cursor.fetchone()[0]
    assert "secrecy" not in stored and stored.startswith("enc1:")


def test_anonymous_visitor_cannot_save_or_see(client):
    assert client.post(SAVE, {"answer": ["secrecy-1"]})["Location"].startswith(
        reverse("account_login")
    )
    assert client.get(LIST)["Location"].startswith(reverse("account_login"))
    assert not SelfCheckAnswer.objects.exists()


def test_the_author_sees_their_ticks(client, alice, alices_answer):
    client.force_login(alice)
    html = client.get(LIST).content.decode()
    assert "A gentle look at what you have noticed" in html or "warning-signs" in html
    assert html.count("<li>") >= 2


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("bob", 200),
        ("carol", 200),
        ("theo", 403),
        ("tina", 403),
    ],
)
def test_nobody_else_sees_them(client, request, couple, alices_answer, viewer, status):
    # bob is alice's partner; carol another couple's; theo and tina therapists.
    client.force_login(request.getfixturevalue(viewer))
    html = page_text(client.get(LIST), status)
    assert "Saved on" not in html


def test_therapists_cannot_save_self_checks(client, theo):
    client.force_login(theo)
    assert client.post(SAVE, {"answer": ["secrecy-1"]}).status_code == 403


def test_unknown_self_check_is_404(client, alice):
    client.force_login(alice)
    url = reverse("content:self-check-save", args=["no-such"])
    assert client.post(url).status_code == 404


def test_reflections_query_count_stays_flat(
    client, alice, django_assert_max_num_queries
):
    client.force_login(alice)
    for _ in range(3):
        SelfCheckAnswer.objects.create(
            user=alice, check_slug="warning-signs", answers_json="[]"
        )
    client.get(LIST)  # the first request after signing in records the session
    # 1 session, 2 user, 3 the saved answers
    with django_assert_max_num_queries(3):
        assert client.get(LIST).status_code == 200
    for _ in range(30):
        SelfCheckAnswer.objects.create(
            user=alice, check_slug="warning-signs", answers_json="[]"
        )
    with django_assert_max_num_queries(3):
        assert client.get(LIST).status_code == 200
