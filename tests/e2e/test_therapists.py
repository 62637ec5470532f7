"""A couple consents, their therapist assigns step 2, a client completes it, the therapist sees it."""

import pytest

from couples.models import TherapistProfile
from couples.services import create_couple, join_couple
from recovery.models import Exercise
from tests.accessibility import assert_accessible
from tests.e2e.steps import sign_in
from tests.factories import make_therapist, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def consent_through_the_pages(page, code):
    page.goto(page.base + "/therapists/")
    page.get_by_label("Your therapist's connection code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("My check-in scores over time").check()
    assert_accessible(page)
    page.get_by_role("button", name="Connect").click()
    page.locator(".messages .success", has_text="Connected.").wait_for()


def test_consent_assign_complete_and_follow(
    browser, live_server, browser_page, pathway
):
    alex = make_user("alex@example.com", display_name="Alex", role="hurt")
    sam = make_user("sam@example.com", display_name="Sam", role="strayed")
    join_couple(couple=create_couple(user=alex), user=sam)
    therapist = make_therapist("rivera@example.com", "Dr Rivera")
    code = TherapistProfile.objects.get(user=therapist).display_code

    page = browser_page
    sign_in(page, "alex@example.com")
    consent_through_the_pages(page, code)
    assert_accessible(page)

    other = browser.new_context()
    t = other.new_page()
    t.base = live_server.url
    t.set_default_timeout(10_000)
    t.goto(t.base + "/accounts/login/")
    t.get_by_label("Email").fill("rivera@example.com")
    t.get_by_label("Password").fill("a-long-test-password")
    t.get_by_role("button", name="Sign in").click()
    t.get_by_role("heading", name="Your caseload").wait_for()
    assert (
        "Alex" not in t.locator("main").inner_text()
    )  # only one partner has consented

    page.get_by_role("button", name="Sign out").first.click()
    sign_in(page, "sam@example.com")
    consent_through_the_pages(page, code)

    t.reload()
    assert_accessible(t)
    # Both consented: one card for the couple, and their page side by side.
    t.get_by_role("heading", name="Alex and Sam").wait_for()
    t.get_by_role("link", name="See both side by side").click()
    t.get_by_role("heading", name="Alex and Sam", level=1).wait_for()
    assert_accessible(t)
    t.get_by_role("link", name="Sam's page").click()
    t.get_by_label("Step").select_option(label="2. Rebuilding trust takes time")
    # The exercise menu follows the step: only step 2's exercises are offered.
    step_two = list(
        Exercise.objects.filter(step__number=2).values_list("title", flat=True)
    )
    menu = t.get_by_label("A specific exercise (optional)")
    offered = menu.locator("option").all_inner_texts()
    assert offered == ["Any exercise of the step", *step_two]
    menu.select_option(label=step_two[0])
    t.get_by_label("Step").select_option(label="3. Strengthening the attachment bond")
    assert menu.input_value() == ""  # a step 2 exercise is not sent with step 3
    t.get_by_label("Step").select_option(label="2. Rebuilding trust takes time")
    t.get_by_label("Due").fill("2026-12-01")
    t.get_by_label("A note for your client (optional)").fill(
        "Look at this before Thursday."
    )
    t.get_by_role("button", name="Assign").click()
    t.locator(".messages .success", has_text="Assigned.").wait_for()
    assert_accessible(t)

    page.goto(page.base + "/home/")
    page.get_by_role("heading", name="From your therapist").wait_for()
    assert "Look at this before Thursday." in page.content()
    page.get_by_role("button", name="I've started").click()
    page.get_by_role("button", name="Mark done").click()
    page.get_by_role("heading", name="Welcome, Sam").wait_for()
    assert "From your therapist" not in page.content()

    t.reload()
    assert "Done" in t.locator("#assign-title + ul").inner_text()
    other.close()
