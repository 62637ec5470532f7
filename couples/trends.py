"""Check-in trends: my scores and my partner's shared scores, honestly drawn.

Days without a check-in are gaps, never zeros and never joined over: a line
breaks where nothing was recorded. Nothing counts streaks.
"""

import datetime
from dataclasses import dataclass, field
from statistics import mean

from django.utils.translation import gettext_lazy as _

from core.l10n import date as format_date

from .models import CheckIn

RANGE_WEEKS = (2, 8, 26)
EN_DASH = "\N{EN DASH}"  # between two days, and in place of a missing score
MEASURES = [
    ("safety", _("Safety and trust"), 10),
    ("closeness", _("Closeness"), 10),
    ("mood", _("Mood"), 5),
]

# Drawing area of each chart, in SVG user units: narrow enough to stay
# legible on a phone, where the chart is drawn at about this width.
WIDTH, HEIGHT, PAD_X, PAD_Y = 420, 190, 30, 14
# Longer ranges draw weekly averages: daily ups and downs would hide the story.
DAILY_UP_TO_WEEKS = 2
# Fewer check-ins than this draw a frame with a dot or two, which says
# nothing: the page says what will appear, and when, instead.
FEWEST_TO_DRAW = 3


@dataclass
class Series:
    label: str
    css_class: str
    values: dict  # day -> score
    segments: list = field(default_factory=list)  # polyline point strings
    dots: list = field(default_factory=list)  # (x, y) of single days


@dataclass
class Chart:
    key: str
    title: str
    maximum: int
    series: list
    gridlines: list
    summary: str
    # For days with any score: (the day, formatted; my score and the
    # partner's, as text): formatted once here rather than in the template,
    # which shows three of these tables of up to 182 rows.
    rows: list


@dataclass
class Week:
    first_day: datetime.date
    last_day: datetime.date
    cells: list  # per measure, in MEASURES order: (my average, partner's average)

    @property
    def label(self) -> str:
        first, last = (
            format_date(self.first_day, "j M"),
            format_date(self.last_day, "j M"),
        )
        return f"{first} {EN_DASH} {last}"


@dataclass
class Trend:
    weeks_shown: int
    first_day: datetime.date
    last_day: datetime.date
    charts: list
    weeks: list
    my_count: int
    partner_count: int
    has_partner: bool
    x_labels: list  # (x, the day, formatted)
    # Whose scores these are, when the reader is someone else (a therapist).
    person_name: str | None = None
    partner_name: str | None = None

    @property
    def too_few_to_draw(self) -> bool:
        if self.person_name and self.has_partner:  # a therapist sees either line
            return max(self.my_count, self.partner_count) < FEWEST_TO_DRAW
        return self.my_count < FEWEST_TO_DRAW

    @property
    def still_to_go(self) -> int:
        return max(FEWEST_TO_DRAW - self.my_count, 0)


def _scores(queryset, first_day, last_day):
    rows = queryset.between(first_day, last_day).values(
        "day", "mood", "closeness", "safety"
    )
    return {row["day"]: row for row in rows}


def build_trend(
    *,
    user,
    today,
    weeks,
    partner=None,
    partner_checkins=None,
    for_someone_else=False,
    own_checkins=None,
) -> Trend:
    """Gather both people's scores for the range in two queries and shape them.

    `for_someone_else`: the reader is not `user` (their therapist), so the
    scores carry the person's name rather than "You"; `own_checkins` is then
    what couples.access lets that reader see of this person's check-ins.
    """
    person_name = user.short_name if for_someone_else else None
    first_day = today - datetime.timedelta(days=weeks * 7 - 1)
    if own_checkins is None:
        own_checkins = CheckIn.objects.by(user)
    mine = _scores(own_checkins, first_day, today)
    theirs = {}
    if partner is not None and partner_checkins is not None:
        # What the partner shared: decided by couples.access.partner_scores.
        theirs = _scores(partner_checkins, first_day, today)
    days = [first_day + datetime.timedelta(days=n) for n in range(weeks * 7)]
    spans = [days[start : start + 7] for start in range(0, len(days), 7)]
    slots = [[day] for day in days] if weeks <= DAILY_UP_TO_WEEKS else spans
    # Each day with a score, formatted once for the three charts' tables.
    day_labels = {
        day: format_date(day, "D j M") for day in days if day in mine or day in theirs
    }
    charts = [
        _chart(
            key,
            title,
            maximum,
            days,
            day_labels,
            slots,
            mine,
            theirs,
            partner,
            person_name,
        )
        for key, title, maximum in MEASURES
    ]
    week_rows = []
    for span in spans:
        week_rows.append(
            Week(
                first_day=span[0],
                last_day=span[-1],
                cells=[
                    (_average(mine, span, key), _average(theirs, span, key))
                    for key, _t, _m in MEASURES
                ],
            )
        )
    step = max(1, len(slots) // 4)
    labels = [
        (_x(i, len(slots)), format_date(slot[0], "j M"))
        for i, slot in enumerate(slots)
        if i % step == 0
    ]
    return Trend(
        weeks_shown=weeks,
        first_day=first_day,
        last_day=today,
        charts=charts,
        weeks=week_rows,
        my_count=len(mine),
        partner_count=len(theirs),
        has_partner=partner is not None,
        x_labels=labels,
        person_name=person_name,
        partner_name=partner.short_name if partner is not None else None,
    )


def _average(scores, span, key):
    values = [scores[day][key] for day in span if day in scores]
    return round(mean(values), 1) if values else None


def _x(index, count):
    return round(PAD_X + index * (WIDTH - 2 * PAD_X) / max(1, count - 1), 1)


def _y(value, maximum):
    return round(HEIGHT - PAD_Y - (value - 1) * (HEIGHT - 2 * PAD_Y) / (maximum - 1), 1)


def _series(label, css_class, key, maximum, slots, scores):
    """Plot one point per slot (a day, or a week's average); break at empty slots."""
    series = Series(
        label=label,
        css_class=css_class,
        values={day: row[key] for day, row in scores.items()},
    )
    run = []
    for index, slot in enumerate([*slots, None]):
        value = _average(scores, slot, key) if slot else None
        if value is not None:
            run.append((_x(index, len(slots)), _y(value, maximum)))
            continue
        if len(run) == 1:
            series.dots.append(run[0])
        elif run:
            series.segments.append(" ".join(f"{x},{y}" for x, y in run))
        run = []
    return series


def _score(scores, day, key) -> str:
    return str(scores[day][key]) if day in scores else EN_DASH


def _chart(
    key, title, maximum, days, day_labels, slots, mine, theirs, partner, person_name
):
    series = [_series(person_name or _("You"), "series-me", key, maximum, slots, mine)]
    if partner is not None:
        series.append(
            _series(partner.short_name, "series-partner", key, maximum, slots, theirs)
        )
    gridlines = [
        (value, _y(value, maximum)) for value in (1, (maximum + 1) // 2, maximum)
    ]
    rows = [
        (label, _score(mine, day, key), _score(theirs, day, key))
        for day, label in reversed(day_labels.items())
    ]
    return Chart(
        rows=rows,
        key=key,
        title=title,
        maximum=maximum,
        series=series,
        gridlines=gridlines,
        summary=(
            # A therapist reading a couple's chart: each line described by name.
            " ".join(
                _summary(title, one.values, days, maximum, one.label) for one in series
            )
            if person_name and partner is not None
            else _summary(title, series[0].values, days, maximum)
        ),
    )


def _summary(title, values, days, maximum, name=None):
    if name:
        title = _("%(measure)s for %(name)s") % {"measure": title, "name": name}
    if not values:
        return _("%(measure)s: no check-ins in this period yet.") % {"measure": title}
    half = len(days) // 2
    earlier = [v for d, v in values.items() if d < days[half]]
    later = [v for d, v in values.items() if d >= days[half]]
    if not earlier or not later:
        return _("%(measure)s: an average of %(avg).1f out of %(max)d.") % {
            "measure": title,
            "avg": mean(values.values()),
            "max": maximum,
        }
    before, after = mean(earlier), mean(later)
    if after - before >= 0.5:
        direction = _("higher")
    elif before - after >= 0.5:
        direction = _("lower")
    else:
        return _(
            "%(measure)s: steady, around %(avg).1f out of %(max)d in both halves of this period."
        ) % {"measure": title, "avg": after, "max": maximum}
    return _(
        "%(measure)s: %(direction)s lately, from an average of %(before).1f to %(after).1f out of %(max)d."
    ) % {
        "measure": title,
        "direction": direction,
        "before": before,
        "after": after,
        "max": maximum,
    }
