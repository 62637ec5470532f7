"""On a 390 px phone the check-in's numbers are big enough to tap, the
charts' labels big enough to read, and the weekly table shows every column."""

import datetime

import pytest
from django.conf import settings

from core.dates import local_today
from tests.conftest import PASSWORD
from tests.factories import make_checkin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email):
    page.goto(page.base + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/home/")


SIZES = "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"


@pytest.mark.parametrize("language", ["en", "fa"])
def test_score_targets_are_at_least_24_px_on_a_phone(
    browser_page, alice, couple, language
):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base}]
    )
    alice.language = language
    alice.save(update_fields=["language"])
    sign_in(page, "alice@example.com")
    page.goto(page.base + "/checkin/")

    targets = page.locator(".scale-option").evaluate_all(SIZES)

    assert len(targets) == 5 + 10 + 10
    assert all(width >= 24 and height >= 24 for width, height in targets), targets
    # The aim, met on a phone: 44 px each way.
    assert all(width >= 44 and height >= 44 for width, height in targets), targets


def test_trend_labels_are_readable_and_the_weekly_table_fits(
    browser_page, alice, couple
):
    today = local_today(alice)
    for days_ago in range(0, 56, 2):
        make_checkin(alice, day=today - datetime.timedelta(days=days_ago))
    page = browser_page
    sign_in(page, "alice@example.com")
    for width in (360, 390):
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(page.base + "/checkin/trends/?weeks=8")

        sizes = page.locator(".chart .axis-label").evaluate_all(
            "els => els.map(e => { const m = e.getScreenCTM();"
            " return parseFloat(getComputedStyle(e).fontSize) * m.a; })"
        )
        assert sizes and min(sizes) >= 12, (width, sizes)
        box = page.locator(".weekly").locator("xpath=..")
        client, scroll = box.evaluate("e => [e.clientWidth, e.scrollWidth]")
        assert scroll <= client, (width, client, scroll)
