"""The first days, as people live them: sign up and the first-run questions,
a plan that ticks itself off, an invitation copied and accepted in one go, a
share completed through the safety check, and the hard moment: one tap to
breathe, a reassurance request the partner answers, the moment noted after.

Every page a journey stops on is checked with axe at phone width in English
and in Persian.
"""

import pytest

from couples.models import Membership
from couples.services import create_couple, join_couple
from recovery import services
from recovery.models import ReassuranceRequest, Response, Trigger
from tests.accessibility import assert_accessible
from tests.e2e.steps import answer_safety_check_if_asked, sign_in, sign_up
from tests.factories import exercise, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def accessible_in_both_languages(page):
    """axe on this page in English, then in Persian, then back in English."""
    assert_accessible(page)
    page.get_by_role("button", name="فارسی").first.click()
    page.locator('html[lang="fa"][dir="rtl"]').wait_for(state="attached")
    assert_accessible(page)
    page.get_by_role("button", name="English").first.click()
    page.locator('html[lang="en"]').wait_for(state="attached")


def phone(browser, live_server, **options):
    context = browser.new_context(viewport=PHONE, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    return context, page


def test_sign_up_answer_the_first_questions_and_tick_off_the_plan(
    browser, live_server, mailoutbox, pathway
):
    context, page = phone(browser, live_server)
    page.goto(page.base + "/accounts/signup/")
    sign_up(page, mailoutbox, name="Rumi", email="rumi@example.com")

    # A new account lands on the questions, not on a check-in about a partner.
    page.get_by_role("heading", name="Welcome, Rumi").wait_for()
    assert "How close do you feel" not in page.content()
    accessible_in_both_languages(page)
    page.get_by_role("radio", name="I'm the partner who was hurt").check()
    page.get_by_role("radio", name="On my own, for now").check()
    page.get_by_role("radio", name="Understand what happened").check()
    page.get_by_role("button", name="Show me where to start").click()

    plan = page.locator("section.plan")
    plan.get_by_role("heading", name="Start here").wait_for()
    items = plan.locator("li")
    assert items.count() == 3  # reading, step 1, safety: alone, no partner item
    assert "Invite your partner" not in plan.inner_text()
    assert plan.locator("li.is-done").count() == 0
    accessible_in_both_languages(page)

    plan.get_by_role("link", name="Read why emotional infidelity happens").click()
    page.get_by_role("button", name="Mark as read").click()
    page.get_by_role("button", name="Read", exact=True).wait_for()
    page.goto(page.base + "/home/")
    reading = page.locator("section.plan li").first
    assert "is-done" in reading.get_attribute("class")
    assert "Done:" in reading.inner_text()

    # Every answer can be changed later.
    page.get_by_role("link", name="Change your answers").click()
    page.get_by_role("heading", name="Where you are starting from").wait_for()
    assert page.get_by_role("radio", name="On my own, for now").is_checked()
    context.close()


def test_invite_with_copy_and_the_invitee_accepts_once(
    browser, live_server, mailoutbox, pathway
):
    alex_context, alex = phone(
        browser, live_server, permissions=["clipboard-read", "clipboard-write"]
    )
    alex.goto(alex.base + "/accounts/signup/")
    sign_up(alex, mailoutbox, name="Alex", email="alex@example.com")
    alex.get_by_role("button", name="Skip these questions for now").click()
    alex.get_by_role("link", name="You and your partner").click()
    answer_safety_check_if_asked(alex)
    alex.get_by_role("button", name="Create invitation").click()
    link = alex.get_by_label("Invitation link").input_value()
    alex.get_by_role("button", name="Copy link").click()
    alex.get_by_text("Link copied.").wait_for()
    assert alex.evaluate("navigator.clipboard.readText()") == link
    code = alex.locator(".invite-code").inner_text()
    assert len(code) == 9 and code[4] == "-"
    cancel = alex.get_by_role("button", name="Cancel this invitation")
    assert "link-button" in cancel.get_attribute("class")
    accessible_in_both_languages(alex)

    sam_context, sam = phone(browser, live_server)
    sam.goto(link)
    sam.get_by_role("link", name="Create my account").click()
    sign_up(sam, mailoutbox, name="Sam", email="sam@example.com")
    sam.get_by_role("heading", name="Alex invited you").wait_for()
    sam.get_by_role("button", name="Accept and link our accounts").click()
    # The check, then linked at once: nothing to press a second time.
    sam.get_by_text("link your account with the person who invited you").wait_for()
    accessible_in_both_languages(sam)
    answer_safety_check_if_asked(sam)
    sam.get_by_role("heading", name="Linked with Alex").wait_for()
    assert Membership.objects.filter(user__email="sam@example.com").count() == 1
    alex_context.close()
    sam_context.close()


def test_the_safety_check_completes_the_share_in_one_go(browser, live_server, pathway):
    nia = make_user("nia@example.com", display_name="Nia", safety_checked=False)
    sam = make_user("sam@example.com", display_name="Sam")
    join_couple(couple=create_couple(user=sam), user=nia)
    writing = services.save_response(
        user=nia, exercise=exercise(1, "what-i-need-now"), body="Words for Sam."
    )
    context, page = phone(browser, live_server)
    sign_in(page, nia.email)
    page.goto(page.base + writing.exercise.get_absolute_url())
    page.get_by_role("button", name="Share with Sam").click()
    page.get_by_text("Mend will share this writing with your partner").wait_for()
    answer_safety_check_if_asked(page)
    page.get_by_text("Shared with Sam. Changed your mind?").wait_for()
    assert Response.objects.get(pk=writing.pk).shared_with_partner
    accessible_in_both_languages(page)
    context.close()


def test_one_tap_to_breathe_a_partner_who_reassures_and_the_moment_noted_after(
    browser, live_server, pathway
):
    alice = make_user("alice@example.com", display_name="Alice", role="hurt")
    bob = make_user("bob@example.com", display_name="Bob")
    join_couple(couple=create_couple(user=alice), user=bob)

    context, page = phone(browser, live_server, reduced_motion="reduce")
    sign_in(page, alice.email)
    page.get_by_role("link", name="I'm struggling right now").click()
    page.get_by_role("heading", name="Let's slow this moment down").wait_for()
    page.get_by_label("Breathe with the circle now").check()
    # Reduced motion: the words still pace the breath, and nothing grows.
    circle = page.locator(".breath-circle")
    before = circle.evaluate("e => getComputedStyle(e).transform")
    page.get_by_text("Breathe in", exact=True).wait_for()
    page.wait_for_timeout(1200)
    assert circle.evaluate("e => getComputedStyle(e).transform") == before
    accessible_in_both_languages(page)

    page.get_by_role("button", name="Ask Bob now").click()
    page.get_by_text("Your partner has been asked.").wait_for()
    assert ReassuranceRequest.objects.filter(user=alice).count() == 1

    bob_context, bob_page = phone(browser, live_server)
    sign_in(bob_page, bob.email)
    needs = bob_page.locator("section.needs")
    needs.get_by_text("Alice asked you for reassurance").wait_for()
    accessible_in_both_languages(bob_page)
    bob_page.get_by_label("Your reassurance").fill("I'm here. I chose you.")
    bob_page.get_by_role("button", name="Send reassurance").click()
    bob_page.get_by_text("Your reassurance is sent.").wait_for()

    page.reload()
    page.get_by_text("I'm here. I chose you.").wait_for()

    # Afterwards: the moment, a question at a time.
    page.get_by_role("link", name="Note what set it off").click()
    page.get_by_text("Question 1 of 4").wait_for()
    assert not page.get_by_text("Question 2 of 4").is_visible()
    accessible_in_both_languages(page)
    page.get_by_label("What brought it back?").fill("Our song, in a shop")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("group", name="How strong was it?").get_by_role(
        "radio", name="7", exact=True
    ).check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("What helped, even a little?").fill("Breathing")
    page.get_by_role("button", name="Next").click()
    assert page.get_by_role("button", name="Save").is_visible()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Trigger log", level=1).wait_for()
    assert Trigger.objects.get(user=alice).intensity == 7
    # The trigger log is in the navigation, one tap from anywhere.
    assert page.locator("nav.site-nav").get_by_role("link", name="Trigger log")
    context.close()
    bob_context.close()


def test_the_struggling_page_opens_offline_for_a_signed_in_person(
    browser_page, alice, library
):
    from tests.e2e.test_offline import wait_for_service_worker, wait_until_stored

    page = browser_page
    page.set_viewport_size(PHONE)
    sign_in(page, alice.email)
    wait_for_service_worker(page)
    wait_until_stored(page, "/struggling/", "Breathe with the circle")
    page.context.set_offline(True)
    page.get_by_role("link", name="I'm struggling right now").click()
    page.get_by_role("heading", name="Let's slow this moment down").wait_for()
    page.get_by_label("Breathe with the circle now").check()
    page.get_by_text("Breathe in", exact=True).wait_for()
    assert "Alice" not in page.content()  # the stored copy is the public one
    assert_accessible(page)
