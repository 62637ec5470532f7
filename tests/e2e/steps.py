"""Steps shared by the browser journeys."""

import re

from tests.conftest import PASSWORD

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def sign_up(page, mailoutbox, *, name, email):
    """Create an account through the pages and confirm the email address."""
    page.get_by_label("What should we call you?").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("I agree that Mend may store what I write here").check()
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    body = next(m.body for m in reversed(mailoutbox) if email in m.to)
    page.goto(page.base + "/" + CONFIRM_LINK.search(body).group(0).split("/", 3)[3])
    page.get_by_role("button", name="Yes, this is my address").click()


def sign_in(page, email):
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome").wait_for()


def check_in(page, *, mood, closeness, safety, appreciated="", share_appreciated=False):
    card = page.locator("#today-card")
    for group, value in [
        ("Mood today", mood),
        ("How close do you feel", closeness),
        ("How safe and trusting", safety),
    ]:
        card.get_by_role("group", name=group).get_by_role(
            "radio", name=str(value), exact=True
        ).check()
    if appreciated:
        card.get_by_label("One thing I appreciated").fill(appreciated)
    if share_appreciated:
        card.get_by_label("Share this with my partner").first.check()
    card.get_by_role("button", name="Save today's check-in").click()
    page.locator("#today-card").get_by_role("heading", name="Your check-in").wait_for()


def answer_safety_check_if_asked(page):
    """New accounts meet the private safety check before joint features."""
    if "/safety/check/" in page.url:
        for group in page.locator("fieldset").all():
            group.get_by_role("radio", name="No", exact=True).check()
        page.get_by_role("button", name="Continue").click()


def skip_first_run_if_asked(page):
    """New accounts are asked a few questions first; these journeys skip them."""
    if "/start/" in page.url:
        page.get_by_role("button", name="Skip these questions for now").click()
