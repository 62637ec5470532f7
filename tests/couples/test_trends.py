import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from core.dates import local_today
from core.l10n import format_date, persian_digits_in_text
from couples.access import partner_scores
from couples.trends import build_trend
from tests.factories import make_checkin
from tests.pages import page_text

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


def day(n):
    return TODAY - datetime.timedelta(days=n)


def test_gaps_break_the_line_instead_of_joining_over_them(alice):
    for n in (0, 1, 2, 6, 7):
        make_checkin(alice, day=day(n), closeness=5)
    trend = build_trend(user=alice, today=TODAY, weeks=2)
    closeness = next(c for c in trend.charts if c.key == "closeness")
    mine = closeness.series[0]
    assert len(mine.segments) == 2  # days 7-6, then 2-0: the gap stays a gap
    assert trend.my_count == 5


def test_a_lone_day_is_a_dot(alice):
    make_checkin(alice, day=day(5))
    trend = build_trend(user=alice, today=TODAY, weeks=2)
    assert trend.charts[0].series[0].dots and not trend.charts[0].series[0].segments


def test_weekly_averages_and_an_honest_summary(alice):
    for n in range(7, 14):
        make_checkin(alice, day=day(n), safety=3)
    for n in range(0, 7):
        make_checkin(alice, day=day(n), safety=7)
    trend = build_trend(user=alice, today=TODAY, weeks=2)
    safety_cells = [week.cells[0] for week in trend.weeks]
    assert safety_cells == [(3.0, None), (7.0, None)]
    assert "higher lately" in trend.charts[0].summary


def test_no_check_ins_is_said_plainly(alice):
    trend = build_trend(user=alice, today=TODAY, weeks=8)
    assert "no check-ins in this period yet" in trend.charts[0].summary


def test_partner_scores_shared_only(alice, bob, couple):
    make_checkin(bob, day=day(1), safety=9, share_scores=True)
    make_checkin(bob, day=day(2), safety=1, share_scores=False)
    trend = build_trend(
        user=alice,
        today=TODAY,
        weeks=2,
        partner=bob,
        partner_checkins=partner_scores(bob, couple),
    )
    assert trend.charts[0].series[1].values == {day(1): 9}


def test_trend_page_offers_three_ranges_a_table_and_a_summary(client, alice, couple):
    for n in range(3):
        make_checkin(alice, day=local_today(alice) - datetime.timedelta(days=n))
    client.force_login(alice)
    html = client.get(reverse("couples:trends"), {"weeks": 26}).content.decode()
    for text in [
        "2 weeks",
        "8 weeks",
        "26 weeks",
        "Weekly averages",
        "Show these numbers as a table",
        'role="img"',
    ]:
        assert text in html
    assert re.search(r'aria-current="page"[^>]*>26 weeks', html)


def test_unknown_range_falls_back_to_eight_weeks(client, alice):
    client.force_login(alice)
    html = client.get(reverse("couples:trends"), {"weeks": "lots"}).content.decode()
    assert re.search(r'aria-current="page"[^>]*>8 weeks', html)


def test_switching_range_with_htmx_returns_only_the_trend(client, alice):
    client.force_login(alice)
    response = client.get(
        reverse("couples:trends"), {"weeks": 2}, headers={"HX-Request": "true"}
    )
    html = page_text(response)
    assert html.lstrip().startswith('<div id="trend"') and "<html" not in html


@pytest.mark.parametrize("count", [0, 2])
def test_a_new_couple_is_told_what_will_appear_and_when(client, alice, couple, count):
    for n in range(count):
        make_checkin(alice, day=local_today(alice) - datetime.timedelta(days=n))
    client.force_login(alice)

    response = client.get(reverse("couples:trends"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your charts start after three check-ins" in html
    more = 3 - count
    assert f"Check in on {more} more day" in html
    assert "Your partner's scores appear beside yours" in html
    assert 'role="img"' not in html and "Weekly averages" not in html


def test_the_third_check_in_draws_the_charts(client, alice):
    for n in range(3):
        make_checkin(alice, day=local_today(alice) - datetime.timedelta(days=n))
    client.force_login(alice)

    response = client.get(reverse("couples:trends"))

    assert response.status_code == 200
    assert response.content.decode().count('role="img"') == 3
    assert "Your charts start after three check-ins" not in response.content.decode()


def test_each_table_row_names_its_day_in_the_readers_calendar(client, alice):
    today = local_today(alice)
    make_checkin(alice, day=today, safety=7)
    for n in (1, 2):  # the charts and their tables start at three check-ins
        make_checkin(alice, day=today - datetime.timedelta(days=n))
    client.force_login(alice)
    html = page_text(client.get(reverse("couples:trends"), {"weeks": 2}))
    label = format_date(today, "D j M")
    assert f'<th scope="row">{label}</th><td>7</td>' in html
    alice.language = "fa"
    alice.save(update_fields=["language"])
    html = page_text(client.get(reverse("couples:trends"), {"weeks": 2}))
    with translation.override("fa"):
        label = persian_digits_in_text(format_date(today, "D j M"))
    assert f'<th scope="row">{label}</th><td>۷</td>' in html
