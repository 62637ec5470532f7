"""Deleting an account, idle sign-out and sessions."""

import pytest
from django.urls import reverse

from couples import agreements as steps
from couples.models import AgreementRevision, CheckIn, Consent, Couple, User
from recovery import services
from recovery.deletion import REMOVED, delete_account
from recovery.models import Response, TherapistNote, Trigger
from tests.conftest import PASSWORD
from tests.factories import consent, exercise, make_checkin

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(alice, bob, couple, theo, pathway):
    make_checkin(alice, note="alice private")
    services.save_response(
        user=alice, exercise=exercise(1, "what-i-need-now"), body="alice writing"
    )
    agreement = steps.propose_agreement(
        couple=couple,
        by=alice,
        category="other",
        title="Alice's title",
        text="Alice's words",
    )
    steps.suggest_change(
        agreement=agreement,
        by=bob,
        revision_number=1,
        title="Bob's title",
        text="Bob's words",
    )
    steps.accept(agreement=agreement, by=alice, revision_number=2)
    consent(alice, theo)
    consent(bob, theo)
    TherapistNote.objects.create(therapist=theo, client=alice, text="about alice")
    return agreement


def test_deletion_erases_the_person_and_leaves_exactly_what_is_documented(
    alice, bob, couple, history, mailoutbox
):
    delete_account(user=alice)
    assert not User.objects.filter(email="alice@example.com").exists()
    assert all(c.note != "alice private" for c in CheckIn.objects.all())
    assert all(r.body != "alice writing" for r in Response.objects.all())
    assert not TherapistNote.objects.exists()
    assert not Consent.objects.filter(client__email="alice@example.com").exists()
    couple.refresh_from_db()
    assert couple.status == Couple.Status.ENDED
    revisions = {
        r.number: r for r in AgreementRevision.objects.filter(agreement=history)
    }
    assert revisions[1].text == REMOVED and revisions[1].proposed_by is None
    assert revisions[2].text == "Bob's words" and revisions[2].proposed_by == bob
    assert (
        mailoutbox[-1].to == [bob.email]
        and mailoutbox[-1].subject == "A change in Mend"
    )
    assert "Alice" not in mailoutbox[-1].body


def test_the_partner_keeps_their_agreement_history_with_a_former_partner(
    client, alice, bob, couple, history
):
    delete_account(user=alice)
    assert Trigger.objects.count() == 0
    # The couple has ended, so the history is no longer reachable in the app:
    # what remains is the partner's data, which their export contains.
    from recovery.export import collect

    payload = collect(bob)["sections"]["couples.Agreement"]
    texts = [v["text"] for a in payload for v in a["versions"]]
    assert "Bob's words" in texts and "Alice's words" not in texts


def test_deleting_asks_for_the_password_again(client, alice, mailoutbox):
    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    response = client.get(reverse("recovery:account-delete"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    html = client.get(reverse("recovery:account-delete")).content.decode()
    assert "What remains" in html
    response = client.post(reverse("recovery:account-delete"), {})
    assert "Tick the box to confirm" in response.content.decode()
    response = client.post(reverse("recovery:account-delete"), {"confirm": "on"})
    assert response["Location"] == reverse("recovery:account-deleted")
    assert not User.objects.filter(pk=alice.pk).exists()
    assert "_auth_user_id" not in client.session


def test_idle_timeout_follows_the_persons_choice(client, alice):
    alice.idle_timeout_minutes = 15
    alice.save()
    client.force_login(alice)
    client.get(reverse("recovery:home"))
    assert client.session.get_expiry_age() == 15 * 60
    html = client.get(reverse("recovery:home")).content.decode()
    assert 'data-idle-seconds="900"' in html and "Stay signed in" in html


def test_keepalive_answers_without_content(client, alice):
    client.force_login(alice)
    assert client.post(reverse("couples:keepalive")).status_code == 204


def test_idle_timeout_outside_the_allowed_range_is_refused(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("couples:settings"),
        {
            "display_name": "A",
            "role": "hurt",
            "time_zone": "UTC",
            "idle_timeout_minutes": "5",
        },
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.idle_timeout_minutes == 60


def test_the_sessions_page_lists_devices_and_signs_out_everywhere_else(client, alice):
    from django.test import Client

    other_device = Client()
    other_device.post(
        reverse("account_login"), {"login": alice.email, "password": PASSWORD}
    )
    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    html = client.get(reverse("usersessions_list")).content.decode()
    assert html.count("<tr") >= 3  # a header and both sessions
    assert "Last seen" in html
    client.post(reverse("usersessions_list"), {})
    assert other_device.get(reverse("recovery:home")).status_code == 302
