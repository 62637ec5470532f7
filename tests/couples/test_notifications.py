"""Being told outside the app: email at once or daily, push to a device, one link to stop."""

import datetime
import io
import zoneinfo

import pytest
from django.core import checks
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from couples import agreements, news
from couples.models import Event, PushSubscription
from couples.notify import deliver_event
from couples.services import end_couple, pause_couple
from recovery import services
from tests.factories import exercise
from tests.pages import page_text
from tests.push_receiver import PushReceiver, vapid_keys

pytestmark = pytest.mark.django_db
Kind = Event.Kind
TITLE = "Phones stay on the table"


def propose(couple, by):
    return agreements.propose_agreement(
        couple=couple, by=by, category="other", title=TITLE, text="At dinner."
    )


def evening_zone(now=None) -> str:
    """A time zone where it is now between 18:00 and midnight: digests are due."""
    now = now or timezone.now()
    for hours in range(-12, 15):
        name = f"Etc/GMT{-hours:+d}" if hours else "UTC"
        if 18 <= now.astimezone(zoneinfo.ZoneInfo(name)).hour <= 23:
            return name
    raise AssertionError("no evening anywhere")


def morning_zone(now=None) -> str:
    now = now or timezone.now()
    for hours in range(-12, 15):
        name = f"Etc/GMT{-hours:+d}" if hours else "UTC"
        if 6 <= now.astimezone(zoneinfo.ZoneInfo(name)).hour <= 11:
            return name
    raise AssertionError("no morning anywhere")


# ---------- Email at once ----------


def test_an_agreement_is_emailed_at_once_without_its_words(
    alice, bob, couple, mailoutbox
):
    propose(couple, alice)
    [message] = mailoutbox
    event = Event.objects.get(recipient=bob)
    assert message.to == [bob.email]
    assert message.subject == "Something new in Mend"
    assert "Alice proposed an agreement." in message.body
    assert TITLE not in message.body and "At dinner" not in message.body
    assert reverse("couples:news-event", args=[event.pk]) in message.body
    assert "/account/notifications/stop/" in message.body
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert event.emailed_at is not None


def test_an_event_is_never_emailed_twice(alice, bob, couple, mailoutbox):
    propose(couple, alice)
    event = Event.objects.get(recipient=bob)
    deliver_event.enqueue(event_id=event.pk)  # the worker retrying, say
    assert len(mailoutbox) == 1


def test_nothing_is_emailed_once_the_subject_is_unshared(
    alice, bob, couple, pathway, mailoutbox
):
    news.save_choices(
        user=bob,
        choices={"writing": {"email": "now", "push": "now"}},
    )
    response = services.save_response(
        user=alice, exercise=exercise(1, "what-i-need-now"), body="Words."
    )
    services.share_response(response=response, couple=couple)
    assert len(mailoutbox) == 1
    event = Event.objects.get(recipient=bob)
    Event.objects.filter(pk=event.pk).update(emailed_at=None)
    services.unshare_response(response=response)
    deliver_event.enqueue(event_id=event.pk)
    assert len(mailoutbox) == 1


def test_discreet_mode_says_only_that_something_is_new(alice, bob, couple, mailoutbox):
    bob.discreet_mode = True
    bob.save(update_fields=["discreet_mode"])
    propose(couple, alice)
    [message] = mailoutbox
    assert message.subject == "A new notification"
    assert message.from_email.startswith("Notifications <")
    assert "Alice" not in message.body and "agreement" not in message.body
    assert "/account/notifications/stop/" in message.body


def test_a_persian_reader_is_emailed_in_persian(alice, bob, couple, mailoutbox):
    bob.language = "fa"
    bob.save(update_fields=["language"])
    propose(couple, alice)
    assert "Alice" in mailoutbox[0].body
    assert "proposed" not in mailoutbox[0].body


def test_pausing_and_ending_are_never_emailed(alice, bob, couple, mailoutbox):
    pause_couple(couple=couple, by=alice)
    end_couple(couple=couple, by=alice)
    assert Event.objects.filter(recipient=bob).count() == 2
    assert mailoutbox == []


def test_a_topic_set_to_never_sends_nothing(alice, bob, couple, mailoutbox):
    news.save_choices(
        user=bob, choices={"agreements": {"email": "never", "push": "never"}}
    )
    propose(couple, alice)
    assert mailoutbox == []
    assert Event.objects.filter(recipient=bob).exists()  # still in the app


def test_choosing_on_the_page(client, alice, bob, couple, mailoutbox):
    client.force_login(bob)
    page = page_text(client.get(reverse("couples:notifications")))
    assert "Agreements: proposals, changes and answers" in page
    data = {
        f"{topic}-{channel}": "never"
        for topic in news.topics_for(bob)
        for channel in news.CHANNELS
    }
    response = client.post(reverse("couples:notifications"), data)
    assert response.status_code == 302
    propose(couple, alice)
    assert mailoutbox == []


def test_a_therapist_chooses_only_about_clients(client, theo):
    client.force_login(theo)
    page = page_text(client.get(reverse("couples:notifications")))
    assert "What your clients shared or finished" in page
    assert "Agreements" not in page


# ---------- One link stops them ----------


def test_the_one_link_in_an_email_stops_them_all(
    client, alice, bob, couple, mailoutbox
):
    propose(couple, alice)
    stop = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = stop.split("127.0.0.1:8000", 1)[-1]
    assert "Stop these emails" in page_text(client.get(path))
    # The one-click POST of a mail client: no session, no CSRF token.
    assert client.post(path).status_code == 200
    mailoutbox.clear()
    agreements.propose_agreement(
        couple=couple, by=alice, category="other", title="Another", text="More."
    )
    assert mailoutbox == []
    assert client.get(path.replace("stop/", "stop/x")).status_code == 404


# ---------- The daily summary ----------


def test_the_daily_summary_gathers_the_day_once(
    alice, bob, couple, pathway, mailoutbox
):
    bob.time_zone = evening_zone()
    bob.save(update_fields=["time_zone"])
    response = services.save_response(
        user=alice, exercise=exercise(1, "what-i-need-now"), body="Private words."
    )
    services.share_response(response=response, couple=couple)  # writing: daily
    assert mailoutbox == []
    call_command("send_digests", stdout=io.StringIO())
    [digest] = mailoutbox
    assert digest.to == [bob.email]
    assert "Alice shared some writing with you." in digest.body
    assert "Private words" not in digest.body
    assert "/account/notifications/stop/" in digest.body
    call_command("send_digests", stdout=io.StringIO())
    assert len(mailoutbox) == 1  # once a day, and never the same event twice


def test_no_summary_before_the_evening_or_for_read_or_unshared_news(
    alice, bob, couple, pathway, mailoutbox
):
    bob.time_zone = morning_zone()
    bob.save(update_fields=["time_zone"])
    response = services.save_response(
        user=alice, exercise=exercise(1, "what-i-need-now"), body="Words."
    )
    services.share_response(response=response, couple=couple)
    call_command("send_digests", stdout=io.StringIO())
    assert mailoutbox == []
    bob.time_zone = evening_zone()
    bob.save(update_fields=["time_zone"])
    services.unshare_response(response=response)
    call_command("send_digests", stdout=io.StringIO())
    assert mailoutbox == []


# ---------- Push, to a receiver on loopback that decrypts like a browser ----------


@pytest.fixture
def push_settings(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = vapid_keys()
    settings.VAPID_SUBJECT = "mailto:hello@example.org"
    settings.PUSH_HTTP_ENDPOINTS = True
    return settings


def subscribe(client, person, receiver):
    client.force_login(person)
    response = client.post(
        reverse("couples:push-subscribe"),
        {"endpoint": receiver.endpoint, **receiver.keys, "device": "Test phone"},
    )
    assert response.status_code == 204


def test_a_subscribed_device_gets_an_encrypted_push(
    client, alice, bob, couple, push_settings
):
    with PushReceiver() as receiver:
        subscribe(client, bob, receiver)
        propose(couple, alice)
    [(headers, payload)] = receiver.received
    event = Event.objects.get(recipient=bob)
    assert payload == {
        "title": "Mend",
        "body": "Alice proposed an agreement.",
        "url": reverse("couples:news-event", args=[event.pk]),
        "icon": "/static/img/mend-192.png",
    }
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["authorization"].startswith("vapid ")
    assert push_settings.VAPID_PUBLIC_KEY in headers["authorization"]
    assert event.pushed_at is not None


def test_discreet_mode_pushes_only_that_something_is_new(
    client, alice, bob, couple, push_settings
):
    bob.discreet_mode = True
    bob.save(update_fields=["discreet_mode"])
    with PushReceiver() as receiver:
        subscribe(client, bob, receiver)
        propose(couple, alice)
    [(_headers, payload)] = receiver.received
    assert payload["title"] == "Notes"
    assert payload["body"] == "There is something new."
    assert "mend" not in payload["icon"]


def test_a_device_the_push_service_calls_gone_is_forgotten(
    client, alice, bob, couple, push_settings
):
    with PushReceiver() as receiver:
        receiver.answer = 410
        subscribe(client, bob, receiver)
        propose(couple, alice)
    assert len(receiver.received) == 1
    assert not PushSubscription.objects.filter(user=bob).exists()
    assert Event.objects.get(recipient=bob).pushed_at is None


def test_pausing_is_never_pushed(client, alice, bob, couple, push_settings):
    with PushReceiver() as receiver:
        subscribe(client, bob, receiver)
        pause_couple(couple=couple, by=alice)
    assert receiver.received == []


def test_the_daily_push_counts_without_telling(
    client, alice, bob, couple, pathway, push_settings, mailoutbox
):
    bob.time_zone = evening_zone()
    bob.save(update_fields=["time_zone"])
    with PushReceiver() as receiver:
        subscribe(client, bob, receiver)
        for slug in ("what-i-need-now", "what-this-has-meant"):
            response = services.save_response(
                user=alice, exercise=exercise(1, slug), body="Words."
            )
            services.share_response(response=response, couple=couple)
        assert receiver.received == []
        call_command("send_digests", stdout=io.StringIO())
    [(_headers, payload)] = receiver.received
    assert payload["body"] == "2 new things in Mend."


def test_a_device_stops_on_its_own_or_from_the_page(client, bob, push_settings):
    with PushReceiver() as receiver:
        subscribe(client, bob, receiver)
    client.post(reverse("couples:push-unsubscribe"), {"endpoint": receiver.endpoint})
    assert not PushSubscription.objects.exists()
    subscribe(client, bob, receiver)
    device = PushSubscription.objects.get()
    page = page_text(client.get(reverse("couples:notifications")))
    assert "Test phone" in page and push_settings.VAPID_PUBLIC_KEY in page
    client.post(reverse("couples:push-device-remove", args=[device.pk]))
    assert not PushSubscription.objects.exists()


def test_only_https_push_addresses_outside_tests(client, bob, settings):
    settings.PUSH_HTTP_ENDPOINTS = False
    client.force_login(bob)
    response = client.post(
        reverse("couples:push-subscribe"),
        {"endpoint": "http://10.0.0.1/push", "p256dh": "k", "auth": "a"},
    )
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_the_deploy_check_says_when_vapid_keys_are_missing(settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    found = checks.run_checks(include_deployment_checks=True)
    assert "mend.W005" in {m.id for m in found}
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = vapid_keys()
    found = checks.run_checks(include_deployment_checks=True)
    assert "mend.W005" not in {m.id for m in found}


def test_the_generated_keys_push(capsys, client, alice, bob, couple, settings):
    call_command("generate_vapid_keys")
    lines = dict(
        line.split("=", 1) for line in capsys.readouterr().out.split() if "=" in line
    )
    settings.VAPID_PUBLIC_KEY = lines["VAPID_PUBLIC_KEY"]
    settings.VAPID_PRIVATE_KEY = lines["VAPID_PRIVATE_KEY"]
    settings.PUSH_HTTP_ENDPOINTS = True
    with PushReceiver() as receiver:
        subscribe(client, bob, receiver)
        propose(couple, alice)
    assert len(receiver.received) == 1


def test_an_old_event_is_not_summarised(alice, bob, couple, mailoutbox):
    bob.time_zone = evening_zone()
    bob.save(update_fields=["time_zone"])
    news.save_choices(
        user=bob, choices={"agreements": {"email": "daily", "push": "daily"}}
    )
    propose(couple, alice)
    Event.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    call_command("send_digests", stdout=io.StringIO())
    assert mailoutbox == []


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://evil.example.org/push/abc",
        "https://fcm.googleapis.com.evil.example.org/x",
        "https://127.0.0.1/x",
    ],
)
def test_a_subscription_may_only_point_at_a_push_service(
    client, bob, settings, endpoint
):
    settings.PUSH_HTTP_ENDPOINTS = False
    client.force_login(bob)
    response = client.post(
        reverse("couples:push-subscribe"),
        {"endpoint": endpoint, "p256dh": "x" * 87, "auth": "y" * 22},
    )
    assert response.status_code in (200, 400)
    assert not PushSubscription.objects.filter(user=bob).exists()


def test_a_real_push_service_address_is_accepted_by_the_form(settings):
    from couples.forms.news import is_push_service

    settings.PUSH_HTTP_ENDPOINTS = False
    assert is_push_service("https://fcm.googleapis.com/fcm/send/abc")
    assert is_push_service("https://web.push.apple.com/QG9")
    assert is_push_service("https://wns2-par02p.notify.windows.com/w/?token=1")
    assert not is_push_service("https://example.com/fcm.googleapis.com")
