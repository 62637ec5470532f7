"""Daily check-in reminders, each at the time a person chose in their own day."""

import datetime
import zoneinfo

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .emails import send_agreement_review, send_checkin_reminder
from .models import Agreement, CheckIn, User


def local_now(user: User, now: datetime.datetime) -> datetime.datetime:
    return now.astimezone(zoneinfo.ZoneInfo(user.time_zone))


@transaction.atomic
def send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Email everyone whose reminder time has come today; return how many.

    Run it every few minutes (cron or a scheduler). It is safe to run often:
    each person gets at most one reminder a day, and none once they checked in.
    """
    now = now or timezone.now()
    candidates = User.objects.select_for_update(skip_locked=True).filter(
        is_active=True,
        account_type=User.AccountType.CLIENT,
        checkin_reminder_time__isnull=False,
    )
    sent = 0
    for user in candidates:
        local = local_now(user, now)
        if (
            local.time() < user.checkin_reminder_time
            or user.last_reminded_on == local.date()
        ):
            continue
        user.last_reminded_on = local.date()
        user.save(update_fields=["last_reminded_on"])
        if CheckIn.objects.filter(user=user, day=local.date()).exists():
            continue
        send_checkin_reminder(user)
        sent += 1
    return sent


@transaction.atomic
def send_agreement_reviews(*, today: datetime.date | None = None) -> int:
    """Remind both partners, once, when an agreement in force reaches its review date."""
    today = today or timezone.now().date()
    due = (
        Agreement.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status=Agreement.Status.ACTIVE,
            active_revision__review_on__lte=today,
        )
        .filter(
            Q(review_reminded_on__isnull=True)
            | Q(review_reminded_on__lt=F("active_revision__review_on"))
        )
        .select_related("active_revision")
    )
    sent = 0
    for agreement in due:
        members = User.objects.filter(
            memberships__couple=agreement.couple_id, memberships__ended_at__isnull=True
        )
        for member in members:
            send_agreement_review(member, agreement)
            sent += 1
        agreement.review_reminded_on = today
        agreement.save(update_fields=["review_reminded_on"])
    return sent
