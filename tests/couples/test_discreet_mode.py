import datetime

import pytest
from django.urls import reverse

from couples.reminders import send_due_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def discreet_alice(alice):
    alice.discreet_mode = True
    alice.checkin_reminder_time = datetime.time(0, 0)
    alice.save()
    return alice


def test_the_tab_title_is_neutral(client, discreet_alice):
    client.force_login(discreet_alice)
    html = client.get(reverse("recovery:home")).content.decode()
    assert "<title>Notes</title>" in html


def test_emails_say_only_that_something_is_new(discreet_alice, mailoutbox):
    send_due_reminders()
    message = mailoutbox[0]
    assert message.subject == "A new notification"
    assert message.from_email.startswith("Notifications <")
    assert "check" not in message.body.lower() and "Mend" not in message.body


def test_account_emails_keep_their_link_but_a_neutral_subject(
    client, discreet_alice, mailoutbox
):
    client.post(reverse("account_reset_password"), {"email": discreet_alice.email})
    message = mailoutbox[0]
    assert message.subject == "Your account"
    assert message.from_email.startswith("Notifications <")
    assert "/accounts/password/reset/key/" in message.body


def test_switching_it_on_in_account_settings(client, alice):
    client.force_login(alice)
    client.post(
        reverse("couples:settings"),
        {
            "display_name": "Alice",
            "role": "hurt",
            "time_zone": "UTC",
            "discreet_mode": "on",
        },
    )
    alice.refresh_from_db()
    assert alice.discreet_mode
