"""Telling people of events outside the app: email and Web Push, at once or daily.

Everything here runs in the task worker or the daily command, never in a
request. Nothing sent carries what anyone wrote: a sentence saying what
happened (or, in discreet mode, only that something is new) and a link.
Each event is emailed at most once and pushed at most once (`emailed_at`,
`pushed_at`, set under a row lock), and only while it is unread and its
subject is still visible to its recipient.
"""

import datetime
import json
import logging
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.tasks import task
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.emails import absolute, send_to_user

from . import news
from .access import events_visible_to
from .models import (
    Couple,
    Delivery,
    Event,
    NotificationSettings,
    PushSubscription,
    User,
)

logger = logging.getLogger(__name__)

# The daily summary goes out once the person's own evening has come.
DIGEST_HOUR = 18
# Older unread news is not summarised: the list in the app still has it.
DIGEST_WINDOW = datetime.timedelta(days=7)
PUSH_TTL = 60 * 60 * 24
ANNIVERSARIES = ((Event.Kind.ONE_MONTH, 30), (Event.Kind.THREE_MONTHS, 91))


def _language_of(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def _stop_url(user: User) -> str:
    return absolute(reverse("couples:notifications-stop", args=[news.stop_token(user)]))


# ---------- Email ----------


def _email(user: User, *, template: str, context: dict) -> None:
    stop = _stop_url(user)
    send_to_user(
        user,
        subject=_("Something new in Mend"),
        template=template,
        context={"name": user.short_name, "stop": stop, **context},
        stop_url=stop,
    )


# ---------- Push ----------


def push_configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def _push_payload(user: User, *, body: str, url: str) -> str:
    if user.discreet_mode:
        # Lock screens are read by others: nothing that names Mend or a person.
        title, body, icon = _("Notes"), _("There is something new."), "notes"
    else:
        title, icon = _("Mend"), "mend"
    return json.dumps(
        {
            "title": title,
            "body": body,
            "url": url,
            "icon": static(f"img/{icon}-192.png"),
        }
    )


def push_to(subscription: PushSubscription, payload: str) -> bool:
    """Send one push; forget the device when its push service says it is gone."""
    from pywebpush import WebPushException, webpush

    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=payload,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=PUSH_TTL,
            timeout=10,
        )
    except WebPushException as error:
        if error.status_code in (404, 410):
            subscription.delete()
        else:
            logger.warning("Push to device %s failed: %s", subscription.pk, error)
        return False
    except OSError as error:  # the push service could not be reached
        logger.warning("Push to device %s failed: %s", subscription.pk, error)
        return False
    return True


def _push(user: User, *, body: str, url: str) -> bool:
    if not push_configured():
        return False
    payload = _push_payload(user, body=body, url=url)
    sent = [push_to(device, payload) for device in user.push_subscriptions.all()]
    return any(sent)


# ---------- At once ----------


@task
def deliver_event(*, event_id: int) -> None:
    """Email and push one event to its recipient, if they want it at once."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().filter(pk=event_id).first()
        if locked is None or locked.read_at is not None:
            return
        recipient = User.objects.get(pk=locked.recipient_id)
        event = (
            events_visible_to(recipient)
            .select_related(*news.DESCRIBED_WITH)
            .filter(pk=event_id)
            .first()
        )
        topic = news.TOPIC_OF_KIND.get(locked.kind)
        if event is None or topic is None:
            return
        choices = news.settings_of(recipient)
        path = reverse("couples:news-event", args=[event.pk])
        url = absolute(path)
        now = timezone.now()
        with translation.override(_language_of(recipient)):
            line = news.headline(event)
            if (
                locked.emailed_at is None
                and news.choice(choices, topic, "email") == Delivery.NOW
            ):
                _email(
                    recipient,
                    template="couples/email/news.txt",
                    context={"headline": line, "url": url},
                )
                locked.emailed_at = now
            if (
                locked.pushed_at is None
                and news.choice(choices, topic, "push") == Delivery.NOW
                and _push(recipient, body=line, url=path)
            ):
                locked.pushed_at = now
        locked.save(update_fields=["emailed_at", "pushed_at"])


# ---------- Daily ----------


def _local_now(user: User, now: datetime.datetime) -> datetime.datetime:
    return now.astimezone(zoneinfo.ZoneInfo(user.time_zone))


def send_digest(*, user: User, now: datetime.datetime) -> bool:
    """Send this person's daily summary if it is due; return whether anything went."""
    with transaction.atomic():
        digest, _created = (
            NotificationSettings.objects.select_for_update().get_or_create(user=user)
        )
        local = _local_now(user, now)
        if local.hour < DIGEST_HOUR or digest.digest_sent_on == local.date():
            return False
        waiting = list(
            events_visible_to(user)
            .select_for_update(of=("self",))
            .select_related(*news.DESCRIBED_WITH)
            .filter(
                read_at__isnull=True,
                kind__in=news.DELIVERED_KINDS,
                created_at__gte=now - DIGEST_WINDOW,
            )
            .filter(Q(emailed_at__isnull=True) | Q(pushed_at__isnull=True))
            .order_by("created_at", "pk")
        )

        def daily(event, channel):
            topic = news.TOPIC_OF_KIND[event.kind]
            return news.choice(digest, topic, channel) == Delivery.DAILY

        to_email = [e for e in waiting if e.emailed_at is None and daily(e, "email")]
        to_push = [e for e in waiting if e.pushed_at is None and daily(e, "push")]
        if not to_email and not to_push:
            return False
        path = reverse("couples:news")
        url = absolute(path)
        with translation.override(_language_of(user)):
            if to_email:
                _email(
                    user,
                    template="couples/email/digest.txt",
                    context={
                        "headlines": [news.headline(e) for e in to_email],
                        "url": url,
                    },
                )
                Event.objects.filter(pk__in=[e.pk for e in to_email]).update(
                    emailed_at=now
                )
            count = len(to_push)
            body = ngettext(
                "One new thing in Mend.", "%(count)d new things in Mend.", count
            ) % {"count": count}
            if to_push and _push(user, body=body, url=path):
                Event.objects.filter(pk__in=[e.pk for e in to_push]).update(
                    pushed_at=now
                )
        digest.digest_sent_on = local.date()
        digest.save(update_fields=["digest_sent_on"])
        return True


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """Send every daily summary that is due; safe to run as often as you like."""
    now = now or timezone.now()
    waiting = Event.objects.filter(
        recipient=OuterRef("pk"),
        read_at__isnull=True,
        kind__in=news.DELIVERED_KINDS,
        created_at__gte=now - DIGEST_WINDOW,
    ).filter(Q(emailed_at__isnull=True) | Q(pushed_at__isnull=True))
    people = User.objects.filter(Exists(waiting), is_active=True)
    return sum(send_digest(user=person, now=now) for person in people)


@transaction.atomic
def mark_anniversaries(*, now: datetime.datetime | None = None) -> int:
    """One and three months since both partners joined: a milestone, once each."""
    now = now or timezone.now()
    marked = 0
    for kind, days in ANNIVERSARIES:
        already = Event.objects.filter(couple=OuterRef("pk"), kind=kind)
        couples = (
            Couple.objects.filter(status=Couple.Status.ACTIVE)
            .annotate(
                seats=Count(
                    "memberships", filter=Q(memberships__ended_at__isnull=True)
                ),
                together_since=Max(
                    "memberships__joined_at",
                    filter=Q(memberships__ended_at__isnull=True),
                ),
            )
            .filter(seats=2, together_since__lte=now - datetime.timedelta(days=days))
            .exclude(Exists(already))
        )
        for couple in couples:
            news.mark_milestone(couple=couple, kind=kind)
            marked += 1
    return marked
