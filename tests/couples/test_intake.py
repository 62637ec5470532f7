"""The first run: a new account is asked a few skippable questions, and every
answer can be changed in the account settings."""

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.pages import page_text

pytestmark = pytest.mark.django_db
HOME = reverse("recovery:home")
INTAKE = reverse("couples:intake")


@pytest.fixture
def newcomer(db):
    return make_user("new@example.com", display_name="Nia", first_run_done=False)


def test_a_new_account_lands_on_the_questions(client, newcomer):
    client.force_login(newcomer)
    assert client.get(HOME)["Location"] == INTAKE
    html = page_text(client.get(INTAKE))
    for question in [
        "Which part of this are you living?",
        "Are you doing this alone or with a partner?",
        "Do you see a therapist or counsellor?",
        "What would help most, first?",
    ]:
        assert question in html
    assert "I&#x27;m not sure, or I&#x27;d rather not say" in html
    assert "Skip these questions for now" in html


def test_answering_leads_to_the_plan(client, newcomer, pathway):
    client.force_login(newcomer)
    response = client.post(
        INTAKE,
        {
            "role": "hurt",
            "together": "partner",
            "sees_therapist": "looking",
            "first_wish": "trust",
        },
    )
    assert response["Location"] == HOME
    newcomer.refresh_from_db()
    assert (newcomer.role, newcomer.together, newcomer.first_wish) == (
        "hurt",
        "partner",
        "trust",
    )
    html = page_text(client.get(HOME))
    assert "Start here" in html
    assert "Read how trust comes back, one kept promise at a time" in html
    assert "Invite your partner, when it feels safe" in html
    assert "Read how to find a therapist who fits" in html


def test_every_question_may_stay_unanswered(client, newcomer, pathway):
    client.force_login(newcomer)
    assert client.post(INTAKE, {})["Location"] == HOME
    newcomer.refresh_from_db()
    assert newcomer.intake_at is not None and newcomer.role == "unsaid"
    html = page_text(client.get(HOME))
    assert "Read what emotional infidelity is" in html
    assert "Invite your partner" not in html  # no question assumed one


def test_skipping_is_one_tap_and_never_asked_again(client, newcomer, pathway):
    client.force_login(newcomer)
    assert client.post(reverse("couples:intake-skip"))["Location"] == HOME
    assert page_text(client.get(HOME))
    newcomer.refresh_from_db()
    assert newcomer.together == "" and newcomer.intake_at is not None


def test_someone_already_linked_is_not_asked_whether_they_have_a_partner(
    client, alice, bob, couple
):
    client.force_login(bob)
    html = page_text(client.get(INTAKE))
    assert "alone or with a partner" not in html


def test_every_answer_can_be_changed_in_settings(client, alice):
    client.force_login(alice)
    html = page_text(client.get(reverse("couples:settings")))
    assert 'id="first-run"' in html
    for name in ["together", "sees_therapist", "first_wish"]:
        assert f'name="{name}"' in html
    client.post(
        reverse("couples:settings"),
        {
            "display_name": "Alice",
            "role": "hurt",
            "together": "alone",
            "sees_therapist": "yes",
            "first_wish": "understand",
            "time_zone": "UTC",
        },
    )
    alice.refresh_from_db()
    assert (alice.together, alice.sees_therapist, alice.first_wish) == (
        "alone",
        "yes",
        "understand",
    )


def test_therapists_have_no_first_run_questions(client, theo):
    client.force_login(theo)
    assert client.get(INTAKE).status_code == 403
    html = page_text(client.get(reverse("couples:settings")))
    assert 'name="first_wish"' not in html
