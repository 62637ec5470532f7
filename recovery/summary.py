"""A plain summary of a person's progress, for them to take to a therapist if they wish."""

import datetime

from django.db.models import Avg, Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import local_today
from couples.models import CheckIn

from .models import Response, StepProgress, Trigger

WINDOW_DAYS = 28


def progress_summary(user) -> list[str]:
    """Return short sentences about the last four weeks, written to the person."""
    today = local_today(user)
    since = today - datetime.timedelta(days=WINDOW_DAYS)
    before = since - datetime.timedelta(days=WINDOW_DAYS)
    lines = []
    steps = list(
        StepProgress.objects.filter(user=user)
        .select_related("step")
        .order_by("step__number")
        .values_list("step__title", flat=True)
    )
    if steps:
        lines.append(
            _("Steps I have marked complete: %(steps)s.") % {"steps": ", ".join(steps)}
        )
    written = Response.objects.filter(user=user, saved_at__isnull=False).count()
    lines.append(
        ngettext(
            "I have written %(n)d exercise.", "I have written %(n)d exercises.", written
        )
        % {"n": written}
    )
    checkins = CheckIn.objects.filter(user=user, day__gt=since).aggregate(
        n=Count("pk"),
        safety=Avg("safety"),
        closeness=Avg("closeness"),
        mood=Avg("mood"),
    )
    if checkins["n"]:
        lines.append(
            _(
                "Over the last four weeks I checked in on %(n)d days. On average: safety and trust "
                "%(safety).1f/10, closeness %(closeness).1f/10, mood %(mood).1f/5."
            )
            % checkins
        )
    recent = Trigger.objects.filter(user=user, occurred_on__gt=since).aggregate(
        n=Count("pk"), strength=Avg("intensity")
    )
    earlier = Trigger.objects.filter(
        user=user, occurred_on__gt=before, occurred_on__lte=since
    ).aggregate(n=Count("pk"))
    if recent["n"] or earlier["n"]:
        lines.append(
            _(
                "Painful moments I noted: %(recent)d in the last four weeks, %(earlier)d in the four weeks before."
            )
            % {"recent": recent["n"], "earlier": earlier["n"]}
        )
    return lines
