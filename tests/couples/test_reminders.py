import datetime

import pytest
from django.urls import reverse

from core.emails import unsubscribe_token
from couples.reminders import send_due_reminders
from tests.factories import make_checkin

pytestmark = pytest.mark.django_db
# 18:30 in UTC is 19:30 in Paris and 13:30 in Toronto (November).
NOW = datetime.datetime(2026, 11, 20, 18, 30, tzinfo=datetime.UTC)


@pytest.fixture
def alice_wants_reminders(alice):
    alice.time_zone = "Europe/Paris"
    alice.checkin_reminder_time = datetime.time(19, 0)
    alice.save()
    return alice


def test_reminder_is_sent_at_the_persons_own_time(alice_wants_reminders, mailoutbox):
    assert send_due_reminders(now=NOW - datetime.timedelta(hours=1)) == 0
    assert send_due_reminders(now=NOW) == 1
    message = mailoutbox[0]
    assert message.to == [alice_wants_reminders.email]
    assert message.subject == "Your daily moment"
    assert "infidel" not in (message.subject + message.body).lower()
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )


def test_at_most_one_reminder_a_day(alice_wants_reminders, mailoutbox):
    send_due_reminders(now=NOW)
    assert send_due_reminders(now=NOW + datetime.timedelta(hours=2)) == 0
    assert len(mailoutbox) == 1


def test_no_reminder_once_checked_in(alice_wants_reminders, mailoutbox):
    make_checkin(alice_wants_reminders, day=datetime.date(2026, 11, 20))
    assert send_due_reminders(now=NOW) == 0


def test_no_reminder_without_a_chosen_time(alice, mailoutbox):
    assert send_due_reminders(now=NOW) == 0


def test_one_click_unsubscribe(client, alice_wants_reminders):
    url = reverse(
        "couples:reminders-stop", args=[unsubscribe_token(alice_wants_reminders)]
    )
    assert client.get(url).status_code == 200
    alice_wants_reminders.refresh_from_db()
    assert (
        alice_wants_reminders.checkin_reminder_time is not None
    )  # GET changes nothing
    response = client.post(url)  # what a mail client's one-click sends
    assert response.status_code == 200
    alice_wants_reminders.refresh_from_db()
    assert alice_wants_reminders.checkin_reminder_time is None


def test_a_forged_unsubscribe_link_is_404(client):
    assert (
        client.post(reverse("couples:reminders-stop", args=["forged"])).status_code
        == 404
    )


def test_the_command_reports(alice_wants_reminders):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "reminder(s) sent" in out.getvalue()
