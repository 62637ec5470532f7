"""Dates as a person lives them: in their own time zone."""

import datetime
import zoneinfo

from django.utils import timezone


def local_today(user) -> datetime.date:
    """Today's date where this person is."""
    return timezone.localtime(timezone=zoneinfo.ZoneInfo(user.time_zone)).date()
