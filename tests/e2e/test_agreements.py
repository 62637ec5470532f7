"""Two partners reach an agreement in a real browser and see how it evolved."""

import pytest

from couples.services import create_couple, join_couple
from tests.accessibility import assert_accessible
from tests.e2e.steps import sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_propose_suggest_a_change_accept_and_read_the_history(
    browser, live_server, browser_page
):
    alex, sam = (
        make_user("alex@example.com", display_name="Alex"),
        make_user("sam@example.com", display_name="Sam"),
    )
    join_couple(couple=create_couple(user=alex), user=sam)

    a = browser_page
    sign_in(a, "alex@example.com")
    a.goto(a.base + "/agreements/")
    assert_accessible(a)
    a.get_by_role("link", name="Propose an agreement").click()
    a.get_by_text("Start from a suggestion").click()
    a.get_by_role("link", name="No contact with the other person").click()
    assert_accessible(a)
    a.get_by_role("button", name="Propose it").click()
    a.get_by_role("heading", name="The proposal").wait_for()

    context = browser.new_context(viewport={"width": 390, "height": 844})
    b = context.new_page()
    b.base = live_server.url
    b.set_default_timeout(10_000)
    sign_in(b, "sam@example.com")
    b.goto(b.base + "/agreements/")
    b.get_by_role("heading", name="Waiting for your answer").wait_for()
    b.get_by_role("link", name="No contact with the other person").click()
    b.get_by_role("link", name="Suggest a change").click()
    b.get_by_label("The agreement, in plain words").fill(
        "I will not contact them in any way. If they contact me, I won't reply, and I'll tell you that evening."
    )
    b.get_by_role("button", name="Share my wording").click()
    b.get_by_text("It counts once your partner accepts it too").wait_for()
    assert_accessible(b)

    a.reload()
    a.get_by_role("button", name="I accept these words").click()
    a.get_by_role("heading", name="In force, signed by both of you").wait_for()
    assert "tell you that evening" in a.locator(".agreement-text").first.inner_text()

    b.reload()
    b.get_by_role("heading", name="In force, signed by both of you").wait_for()
    b.get_by_role("link", name="History and changes").click()
    assert b.locator(".diff ins").count() >= 1 and b.locator(".diff del").count() >= 1
    assert "Sam suggested a change (version 2)" in b.content()
    assert_accessible(b)
    context.close()
