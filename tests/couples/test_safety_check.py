"""The private safety check routes a person away from joint work, invisibly to the partner."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from couples.models import Invitation, SafetyCheck
from couples.safety import record_check
from couples.services import create_couple, invite_partner
from tests.factories import make_user

pytestmark = pytest.mark.django_db
ALL_NO = {k: "no" for k in ["afraid", "threats", "hurt", "control", "monitored"]}


def masked(html):
    """A page with its per-request tokens blanked, to compare two renderings."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


@pytest.fixture
def newcomer(db):
    return make_user("new@example.com", display_name="Nia", safety_checked=False)


def test_joint_features_ask_for_the_check_first(client, newcomer):
    client.force_login(newcomer)
    response = client.get(reverse("couples:couple"))
    assert (
        response["Location"] == f"{reverse('couples:safety-check')}?next=%2Fcouple%2F"
    )
    response = client.post(reverse("couples:invitation-create"), {"email": ""})
    assert response["Location"].startswith(reverse("couples:safety-check"))
    assert not Invitation.objects.exists()


def test_accepting_an_invitation_asks_for_the_check_first(client, alice, newcomer):
    invitation = invite_partner(couple=create_couple(user=alice), invited_by=alice)
    client.force_login(newcomer)
    response = client.post(reverse("couples:join-accept", args=[invitation.token]))
    assert response["Location"].startswith(reverse("couples:safety-check"))


def test_no_concerns_carries_on_where_they_were_going(client, newcomer):
    client.force_login(newcomer)
    response = client.post(
        reverse("couples:safety-check"), ALL_NO | {"next": "/couple/"}
    )
    assert response["Location"] == "/couple/"
    assert "Invite your partner" in client.get("/couple/").content.decode()


@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_any_sign_of_danger_offers_individual_mode_and_help(client, newcomer, answer):
    client.force_login(newcomer)
    html = client.post(
        reverse("couples:safety-check"),
        ALL_NO | {"control": answer, "next": "/couple/"},
    ).content.decode()
    assert "it may not be safe to work on this together" in html
    assert reverse("content:safety") in html
    couple_page = client.get("/couple/").content.decode()
    assert "Mend works fully on your own" in couple_page
    assert "<details" in couple_page and "I still want to link accounts" in couple_page


def test_an_unanswered_question_is_explained(client, newcomer):
    client.force_login(newcomer)
    html = client.post(
        reverse("couples:safety-check"), {"afraid": "no"}
    ).content.decode()
    assert "is a fine answer" in html
    assert not SafetyCheck.objects.exists()


def test_answers_are_encrypted_and_retaking_is_possible(client, newcomer):
    client.force_login(newcomer)
    client.post(reverse("couples:safety-check"), ALL_NO | {"afraid": "yes"})
    client.post(reverse("couples:safety-check"), ALL_NO)
    assert SafetyCheck.objects.filter(user=newcomer).count() == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers_json FROM couples_safetycheck")
        assert all("afraid" not in row[0] for row in cursor.fetchall())


def test_the_partners_pages_look_exactly_the_same_whatever_the_answers(
    client, alice, bob, couple
):
    client.force_login(bob)
    pages = ["/home/", "/couple/", "/checkin/", "/pathway/", "/agreements/"]
    before = {url: masked(client.get(url).content.decode()) for url in pages}
    record_check(user=alice, answers=ALL_NO | {"afraid": "yes", "hurt": "yes"})
    after = {url: masked(client.get(url).content.decode()) for url in pages}
    assert before == after


def test_therapists_do_not_take_the_check(client, theo):
    client.force_login(theo)
    assert client.get(reverse("couples:safety-check")).status_code == 403


def test_sharing_and_conversations_also_ask_for_the_check_first(
    client, couple, pathway
):
    from recovery import services
    from tests.factories import exercise

    nia = make_user("nia@example.com", safety_checked=False)
    response = services.save_response(
        user=nia, exercise=exercise(1, "what-i-need-now"), body="x"
    )
    client.force_login(nia)
    shared = client.post(reverse("recovery:response-share", args=[response.pk]), {})
    assert shared["Location"].startswith(reverse("couples:safety-check"))
    talk = client.post(
        reverse(
            "recovery:conversation-start",
            args=[exercise(1, "listening-without-defending").pk],
        ),
        {},
    )
    assert talk["Location"].startswith(reverse("couples:safety-check"))
