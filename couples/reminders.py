"""Daily check-in reminders, each at the time a person chose in their own day."""

import datetime
import zoneinfo

from django.db import transaction
from django.utils import timezone

from .emails import send_checkin_reminder
from .models import CheckIn, User


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
