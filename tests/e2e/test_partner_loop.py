"""One partner acts; the other sees the count, opens the news, is emailed and
pushed by the worker, signs, and the milestone reaches them both."""

import io
import re

import pytest
from django.core.management import call_command

from couples.services import create_couple, join_couple
from tests.accessibility import assert_accessible
from tests.e2e.steps import sign_in
from tests.factories import make_user
from tests.push_receiver import PushReceiver, vapid_keys

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_the_worker():
    """What `manage.py db_worker` does in production, once through the queue."""
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO()
    )


def test_a_proposal_reaches_the_partner_and_signing_is_a_milestone(
    browser, live_server, browser_page, settings, mailoutbox
):
    # Tasks go to the database queue, as in production, and only the worker sends.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = vapid_keys()
    settings.PUSH_HTTP_ENDPOINTS = True
    alex = make_user("alex@example.com", display_name="Alex")
    sam = make_user("sam@example.com", display_name="Sam")
    join_couple(couple=create_couple(user=alex), user=sam)

    with PushReceiver() as receiver:
        # Sam, on a phone, turns on notifications. No push service is reachable
        # here, so the subscription the browser would get from one points at
        # our receiver, with keys it can decrypt with.
        phone = browser.new_context(viewport={"width": 390, "height": 844})
        s = phone.new_page()
        s.base = live_server.url
        s.set_default_timeout(10_000)
        sign_in(s, "sam@example.com")
        s.goto(s.base + "/account/notifications/")
        s.get_by_role("heading", name="How Mend tells you").wait_for()
        assert_accessible(s)
        status = s.evaluate(
            """async ([endpoint, keys]) => {
                const token = JSON.parse(document.body.getAttribute("data-hx-headers"))["X-CSRFToken"];
                const response = await fetch("/account/notifications/push/", {
                    method: "POST",
                    headers: {"X-CSRFToken": token},
                    body: new URLSearchParams({endpoint, ...keys, device: "Sam's phone"}),
                });
                return response.status;
            }""",
            [receiver.endpoint, receiver.keys],
        )
        assert status == 204
        s.reload()
        assert "Sam's phone" in s.locator(".device-list").inner_text()

        # Alex proposes an agreement.
        a = browser_page
        sign_in(a, "alex@example.com")
        a.goto(a.base + "/agreements/new/")
        a.get_by_text("Start from a suggestion").click()
        a.get_by_role("link", name="No contact with the other person").click()
        a.get_by_role("button", name="Propose it").click()
        a.get_by_role("heading", name="The proposal").wait_for()

        # Nothing has left yet: only the worker sends.
        assert mailoutbox == [] and receiver.received == []
        run_the_worker()
        [email] = mailoutbox
        assert email.to == ["sam@example.com"]
        assert "Alex proposed an agreement." in email.body
        assert "No contact with the other person" not in email.body
        [(_headers, push)] = receiver.received
        assert push["body"] == "Alex proposed an agreement."
        run_the_worker()
        assert len(mailoutbox) == 1 and len(receiver.received) == 1  # never twice

    # Sam sees the count in the header, on any page.
    s.goto(s.base + "/home/")
    badge = s.locator("#news-badge")
    assert badge.locator(".news-count").inner_text().startswith("1")
    assert_accessible(s)

    # Sam follows the email's link: the news, marked, and read once shown.
    link = re.search(r"https?://\S+(/news/\d+/)", email.body).group(1)
    s.goto(s.base + link)
    s.locator(".news-item.is-highlighted").wait_for()
    s.locator("#news-badge .news-count").wait_for(state="detached")
    assert_accessible(s)
    s.get_by_role("link", name=re.compile("Alex proposed an agreement")).click()
    s.get_by_role("button", name="I accept these words").click()

    # The last signature is a moment, on the page and on the timeline.
    s.locator(".messages .milestone", has_text="You have both signed it.").wait_for()
    assert_accessible(s)
    s.goto(s.base + "/couple/timeline/")
    s.get_by_text("You both signed an agreement.").wait_for()
    assert "No contact with the other person" in s.locator(".timeline").inner_text()
    assert_accessible(s)

    # And Alex learns of it as news.
    a.goto(a.base + "/home/")
    assert a.locator("#news-badge .news-count").inner_text().startswith("1")
    a.locator("#news-badge").click()
    a.get_by_text("You both signed an agreement.").wait_for()
    assert_accessible(a)
    phone.close()
