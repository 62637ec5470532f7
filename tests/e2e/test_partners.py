"""Two people pair their accounts, check in, and see each other's shared answers."""

import pytest

from tests.accessibility import assert_accessible
from tests.e2e.steps import (
    answer_safety_check_if_asked,
    check_in,
    sign_up,
    skip_first_run_if_asked,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invite_join_check_in_and_see_each_other(
    browser, live_server, mailoutbox, browser_page
):
    alex = browser_page
    alex.goto(alex.base + "/accounts/signup/")
    sign_up(alex, mailoutbox, name="Alex", email="alex@example.com")
    alex.get_by_role("heading", name="Welcome, Alex").wait_for()
    assert_accessible(alex)
    alex.get_by_role("button", name="Skip these questions for now").click()

    alex.get_by_role("link", name="You and your partner").click()
    alex.get_by_role("heading", name="Before you do this together").wait_for()
    assert_accessible(alex)
    answer_safety_check_if_asked(alex)
    assert_accessible(alex)
    alex.get_by_role("button", name="Create invitation").click()
    link = alex.get_by_label("Invitation link").input_value()
    assert "/join/" in link
    assert_accessible(alex)

    sam_context = browser.new_context()
    sam = sam_context.new_page()
    sam.base = live_server.url
    sam.goto(link)
    sam.get_by_role("heading", name="Alex invited you").wait_for()
    assert_accessible(sam)
    sam.get_by_role("link", name="Create my account").click()
    sign_up(sam, mailoutbox, name="Sam", email="sam@example.com")
    # Back on the invitation, now signed in.
    sam.get_by_role("heading", name="Alex invited you").wait_for()
    sam.get_by_role("button", name="Accept and link our accounts").click()
    answer_safety_check_if_asked(sam)
    # The check completes the acceptance: no second press.
    sam.get_by_role("heading", name="Linked with Alex").wait_for()

    alex.goto(alex.base + "/home/")
    check_in(
        alex,
        mood=3,
        closeness=4,
        safety=5,
        appreciated="You listened tonight",
        share_appreciated=True,
    )
    assert_accessible(alex)

    sam.goto(sam.base + "/home/")
    skip_first_run_if_asked(sam)
    assert "Alex has checked in today" in sam.locator("#today-card").inner_text()
    assert "You listened tonight" not in sam.content()  # not before Sam's own check-in
    check_in(
        sam,
        mood=4,
        closeness=6,
        safety=6,
        appreciated="The kind text",
        share_appreciated=True,
    )
    assert "You listened tonight" in sam.locator("#today-card").inner_text()

    alex.reload()
    assert "The kind text" in alex.locator("#today-card").inner_text()
    alex.get_by_role("link", name="See how things are changing").click()
    # One check-in is not a chart yet: the page says when one appears.
    alex.get_by_role(
        "heading", name="Your charts start after three check-ins"
    ).wait_for()
    assert alex.locator("svg.chart").count() == 0
    assert_accessible(alex)
    sam_context.close()


def test_the_check_in_form_works_without_javascript(browser, live_server, db):
    from tests.e2e.steps import sign_in
    from tests.factories import make_user

    make_user("solo@example.com", display_name="Solo")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.base = live_server.url
    sign_in(page, "solo@example.com")
    page.goto(page.base + "/checkin/")
    check_in(page, mood=2, closeness=3, safety=4)
    assert "Thank you. Your check-in is saved." in page.content()
    context.close()
