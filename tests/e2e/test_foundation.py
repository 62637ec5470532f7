"""Browser journeys for the foundation: accounts, quick exit, accessibility."""

import re

import pytest
from django.conf import settings

from tests.accessibility import assert_accessible
from tests.conftest import PASSWORD
from tests.e2e.steps import sign_up
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def neutral_site(browser_page):
    """Answer the quick-exit address locally, in every tab: tests never leave the machine."""
    browser_page.context.route(
        re.compile(re.escape(settings.QUICK_EXIT_URL) + ".*"),
        lambda route: route.fulfill(
            body="<title>Weather</title>", content_type="text/html"
        ),
    )
    return settings.QUICK_EXIT_URL


def test_sign_up_verify_log_out_and_back_in(browser_page, mailoutbox):
    page = browser_page
    page.goto(page.base + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Create a private account").click()
    assert_accessible(page)

    sign_up(page, mailoutbox, name="Robin", email="robin@example.com")
    page.get_by_role("heading", name="Welcome, Robin").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").first.click()
    page.get_by_role("link", name="Sign in").first.wait_for()

    page.goto(page.base + "/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome, Robin").wait_for()


def test_public_pages_are_accessible(browser_page):
    page = browser_page
    for path in [
        "/safety/",
        "/privacy/",
        "/library/",
        "/accounts/password/reset/",
        "/missing/",
    ]:
        page.goto(page.base + path)
        assert_accessible(page)


def test_signed_in_pages_are_accessible(browser_page, db):
    make_user("kim@example.com", display_name="Kim")
    page = browser_page
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("Email").fill("kim@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome, Kim").wait_for()
    assert_accessible(page)
    for path in [
        "/account/",
        "/accounts/sessions/",
        "/my-data/",
        "/therapists/",
        "/safety/check/",
        "/couple/",
        "/checkin/",
        "/journal/",
        "/triggers/",
        "/agreements/",
    ]:
        page.goto(page.base + path)
        assert_accessible(page)


def test_quick_exit_button_leaves_and_back_does_not_return(browser_page, neutral_site):
    page = browser_page
    page.goto("about:blank")
    page.goto(page.base + "/safety/")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(neutral_site + "**")
    page.go_back()
    assert page.url == "about:blank"


def test_quick_exit_opens_a_clean_tab_and_back_leaves_again(browser_page, neutral_site):
    page = browser_page
    page.goto(page.base + "/library/")
    page.goto(page.base + "/safety/")
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Quick exit").click()
    new_tab.value.wait_for_load_state()
    assert new_tab.value.url.startswith(neutral_site)
    page.wait_for_url(neutral_site + "**")
    # Back would show the library page before; it leaves again at once.
    page.go_back()
    page.wait_for_url(neutral_site + "**")
    # Coming to Mend on purpose afterwards works as usual.
    page.goto(page.base + "/library/")
    page.wait_for_timeout(300)
    assert page.url == page.base + "/library/"


def test_escape_twice_leaves(browser_page, neutral_site):
    page = browser_page
    page.goto(page.base + "/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(neutral_site + "**")


def test_a_single_escape_stays(browser_page):
    page = browser_page
    page.goto(page.base + "/")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == page.base + "/"


def test_the_error_page_is_accessible_and_escape_twice_leaves(
    browser_page, neutral_site, settings
):
    # A URLconf with a view that raises (tests/config/test_error_pages.py).
    settings.ROOT_URLCONF = "tests.config.test_error_pages"
    page = browser_page
    response = page.goto(page.base + "/broken/")
    assert response.status == 500
    page.get_by_role("heading", name="Something went wrong on our side").wait_for()
    assert_accessible(page)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(neutral_site + "**")
