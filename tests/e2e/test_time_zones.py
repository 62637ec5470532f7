"""The browser's own time zone is offered when a person has not chosen one,
and the menu narrows to the city they type."""

import pytest

from tests.accessibility import assert_accessible
from tests.e2e.steps import sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def settings_page(browser, live_server, *, email, zone):
    context = browser.new_context(
        timezone_id=zone, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    sign_in(page, email)
    page.goto(page.base + "/account/")
    return context, page


def test_the_browsers_zone_fills_a_zone_nobody_chose(browser, live_server):
    make_user("kim@example.com", display_name="Kim")  # UTC, Mend's default
    context, page = settings_page(
        browser, live_server, email="kim@example.com", zone="Asia/Tehran"
    )
    menu = page.get_by_label("Time zone", exact=True)
    assert menu.input_value() == "Asia/Tehran"
    page.get_by_text("Filled in from this device's setting.").wait_for()

    finder = page.get_by_placeholder("Find your city")
    finder.fill("stockh")
    values = menu.locator("option").evaluate_all("list => list.map(o => o.value)")
    assert sorted(values) == ["Asia/Tehran", "Europe/Stockholm"]
    assert_accessible(page)

    finder.fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("heading", name="Your account").wait_for()
    context.close()


def test_a_zone_the_list_does_not_name_is_added_and_chosen(browser, live_server):
    make_user("kim@example.com", display_name="Kim")
    context, page = settings_page(
        browser, live_server, email="kim@example.com", zone="America/Boise"
    )
    menu = page.get_by_label("Time zone", exact=True)
    assert menu.input_value() == "America/Boise"
    context.close()


def test_a_chosen_zone_is_left_alone(browser, live_server):
    make_user("kim@example.com", display_name="Kim", time_zone="Europe/London")
    context, page = settings_page(
        browser, live_server, email="kim@example.com", zone="Asia/Tehran"
    )
    assert page.get_by_label("Time zone", exact=True).input_value() == "Europe/London"
    assert not page.get_by_text("Filled in from this device's setting.").is_visible()
    context.close()
