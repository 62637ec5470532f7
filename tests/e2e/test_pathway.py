"""Step 1 for both partners in a real browser: write, autosave, share, acknowledge."""

import pytest

from couples.services import create_couple, join_couple
from tests.accessibility import assert_accessible
from tests.e2e.steps import sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_step_one_together(browser, live_server, browser_page, pathway):
    alex = make_user("alex@example.com", display_name="Alex", role="hurt")
    sam = make_user("sam@example.com", display_name="Sam", role="strayed")
    join_couple(couple=create_couple(user=alex), user=sam)

    s = browser_page
    sign_in(s, "sam@example.com")
    s.get_by_role("link", name="Pathway").click()
    assert_accessible(s)
    s.get_by_role("link", name="Naming the injury").click()
    assert_accessible(s)
    s.locator(".exercise-list a", has_text="letter").first.click()
    s.get_by_label("Your letter").fill(
        "Alex, I hid things from you and made you doubt yourself. That was wrong."
    )
    s.get_by_text("Draft saved at").wait_for()  # autosaved while typing
    s.reload()
    assert "made you doubt yourself" in s.get_by_label("Your letter").input_value()
    assert_accessible(s)
    s.get_by_role("button", name="Save").click()
    s.get_by_text("Private: only you can read this.").wait_for()
    s.get_by_text("If you share it, Alex can read it").wait_for()  # says who first
    s.get_by_role("button", name="Share with Alex").click()
    s.get_by_text("Shared with Alex. Changed your mind?").wait_for()
    s.get_by_role("button", name="Undo sharing").click()  # a second thought
    s.get_by_text("Undone. It is private again").wait_for()
    s.get_by_role("button", name="Share with Alex").click()
    s.get_by_text("Shared with Alex. Changed your mind?").wait_for()
    assert_accessible(s)

    context = browser.new_context(viewport={"width": 390, "height": 844})
    a = context.new_page()
    a.base = live_server.url
    a.set_default_timeout(10_000)
    sign_in(a, "alex@example.com")
    a.locator("section.needs").get_by_role(
        "link", name="Sam shared their writing on"
    ).click()
    a.get_by_role("heading", name="Sam shared this with you").wait_for()
    assert "made you doubt yourself" in a.content()
    a.get_by_label("A short answer").fill("Thank you for saying it plainly.")
    a.get_by_role("button", name="Send my answer").click()
    assert_accessible(a)
    a.goto(a.base + "/pathway/step/1/")
    a.get_by_role("button", name="Mark this step complete").click()
    a.get_by_text("It is complete for you both once Sam marks it too.").wait_for()

    s.reload()
    assert "Thank you for saying it plainly." in s.content()
    s.goto(s.base + "/pathway/step/1/")
    s.get_by_role("button", name="Mark this step complete").click()
    s.get_by_text("you have finished it together").wait_for()
    context.close()


def test_each_partner_meets_their_side_of_making_sense_together(
    browser, live_server, browser_page, pathway
):
    alex = make_user("alex@example.com", display_name="Alex", role="hurt")
    sam = make_user("sam@example.com", display_name="Sam", role="strayed")
    join_couple(couple=create_couple(user=alex), user=sam)
    explaining = "Making sense together: explaining my choices"
    still_asking = "Making sense together: what still doesn't make sense to me"
    together = "Making sense together: our shared story"

    s = browser_page
    sign_in(s, "sam@example.com")
    s.goto(s.base + "/pathway/step/4/")
    for_sam = s.locator("#exercises-title + .exercise-list")
    for_sam.get_by_role("link", name=explaining).wait_for()
    for_sam.get_by_role("link", name=together).wait_for()
    assert not s.get_by_role("link", name=still_asking).is_visible()
    s.get_by_text("meant for the other partner").click()  # folded, never hidden
    s.get_by_role("link", name=still_asking).wait_for()
    assert_accessible(s)
    for_sam.get_by_role("link", name=explaining).click()
    s.get_by_label("Your letter").wait_for()

    context = browser.new_context(viewport={"width": 390, "height": 844})
    a = context.new_page()
    a.base = live_server.url
    a.set_default_timeout(10_000)
    sign_in(a, "alex@example.com")
    a.goto(a.base + "/pathway/step/4/")
    for_alex = a.locator("#exercises-title + .exercise-list")
    for_alex.get_by_role("link", name=still_asking).wait_for()
    for_alex.get_by_role("link", name=together).wait_for()
    assert not a.get_by_role("link", name=explaining).is_visible()
    assert_accessible(a)
    context.close()
