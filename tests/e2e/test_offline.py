"""Offline reading: the library pages a person opened, and the safety page, open
without a network; nothing from a signed-in page is ever stored on the device."""

import urllib.parse

import pytest

from tests.accessibility import assert_accessible
from tests.e2e.steps import check_in, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "/library/attachment-styles/"
ARTICLE_TITLE = "Attachment styles"
NOT_VISITED = "/library/forgiveness/"
CHECKIN_TEXT = "Walked by the river together at dusk"

# Every URL the service worker may keep.
PUBLIC_PREFIXES = ("/library/", "/static/")
HELP_PAGES = ("/safety/", "/struggling/")
NEVER_STORED = ("/library/search/", "/library/saved/")

STORED_ENTRIES = """async () => {
  const entries = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const type = response.headers.get("Content-Type") || "";
      const body = type.startsWith("image/") || type.startsWith("font/")
        ? "" : await response.text();
      entries.push({url: request.url, body: body});
    }
  }
  return entries;
}"""

WAIT_UNTIL_STORED = """async ([path, text]) => {
  for (let i = 0; i < 100; i++) {
    const response = await caches.match(path, {ignoreVary: true});
    if (response && (await response.text()).includes(text)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""


def wait_for_service_worker(page):
    """Wait until the service worker is active and controls this page."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")


def wait_until_stored(page, path, text):
    assert page.evaluate(WAIT_UNTIL_STORED, [path, text]), f"{path} was not stored"


def stored_entries(page):
    return [
        {**entry, "path": urllib.parse.urlsplit(entry["url"]).path}
        for entry in page.evaluate(STORED_ENTRIES)
    ]


def article_title(page):
    return page.get_by_role("heading", level=1, name=ARTICLE_TITLE)


def test_a_visitor_reads_an_article_again_offline(browser_page, library):
    page = browser_page
    page.goto(page.base + ARTICLE)
    wait_for_service_worker(page)
    # Read it once more through the service worker, which keeps a copy.
    page.reload()
    wait_until_stored(page, ARTICLE, ARTICLE_TITLE)

    page.context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker
    article_title(page).wait_for()
    assert_accessible(page)

    # Stored when the service worker was installed, though never opened.
    page.goto(page.base + "/safety/")
    page.get_by_role("heading", level=1, name="Safety and crisis help").wait_for()
    assert page.get_by_role("link", name="Sign in").first.is_visible()

    page.goto(page.base + NOT_VISITED)
    page.get_by_role("heading", level=1, name="You are offline").wait_for()
    assert_accessible(page)


def test_nothing_personal_is_stored_for_a_signed_in_person(
    browser_page, alice, library
):
    page = browser_page
    sign_in(page, alice.email)
    wait_for_service_worker(page)

    page.goto(page.base + "/home/")
    page.get_by_role("heading", name="Welcome").wait_for()
    page.goto(page.base + "/checkin/")
    check_in(page, mood=4, closeness=3, safety=5, appreciated=CHECKIN_TEXT)
    page.goto(page.base + "/checkin/")
    page.get_by_text(CHECKIN_TEXT).first.wait_for()
    page.goto(page.base + "/library/search/?q=trust")
    page.goto(page.base + ARTICLE)
    article_title(page).wait_for()
    assert page.get_by_role("button", name="Sign out").first.is_visible()
    # The signed-in page is never stored; its public version is, in its place.
    wait_until_stored(page, ARTICLE, ARTICLE_TITLE)

    entries = stored_entries(page)
    paths = {entry["path"] for entry in entries}
    assert ARTICLE in paths and "/safety/" in paths
    for path in paths:
        assert path in HELP_PAGES or path.startswith(PUBLIC_PREFIXES), path
        assert not path.startswith(NEVER_STORED), path
    assert not any(urllib.parse.urlsplit(e["url"]).query for e in entries)
    for entry in entries:
        for personal in ["Alice", alice.email, CHECKIN_TEXT, "Sign out"]:
            assert personal not in entry["body"], (entry["path"], personal)

    page.context.set_offline(True)
    page.goto(page.base + "/home/")
    page.get_by_role("heading", level=1, name="You are offline").wait_for()
    assert "Alice" not in page.content()
    page.goto(page.base + "/checkin/")
    page.get_by_role("heading", level=1, name="You are offline").wait_for()
    assert CHECKIN_TEXT not in page.content()

    page.goto(page.base + ARTICLE)
    article_title(page).wait_for()
    assert page.get_by_role("link", name="Sign in").first.is_visible()
    assert_accessible(page)


def test_the_offline_copy_follows_their_language_until_they_sign_out(
    browser_page, alice, library
):
    page = browser_page
    sign_in(page, alice.email)
    wait_for_service_worker(page)
    page.goto(page.base + ARTICLE)
    wait_until_stored(page, ARTICLE, '<html lang="en"')

    # The account's language, not the browser's: the public copy follows it.
    page.get_by_role("button", name="فارسی").first.click()
    page.locator('html[lang="fa"]').wait_for(state="attached")
    wait_until_stored(page, ARTICLE, '<html lang="fa" dir="rtl"')
    wait_until_stored(page, "/safety/", '<html lang="fa" dir="rtl"')

    page.context.set_offline(True)
    page.goto(page.base + "/safety/")
    page.get_by_role("heading", level=1, name="امنیت و کمک در بحران").wait_for()
    assert_accessible(page)

    # Signing out (Clear-Site-Data) forgets what was read on this device.
    page.context.set_offline(False)
    page.goto(page.base + ARTICLE)
    assert page.evaluate(f"caches.match('{ARTICLE}').then(Boolean)")
    page.locator('form[action="/accounts/logout/"] button').first.click()
    page.wait_for_url(lambda url: "/library/" not in url)
    assert not page.evaluate(f"caches.match('{ARTICLE}').then(Boolean)")
