"""Browser journey through the library: search, read, glossary, save."""

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.conftest import PASSWORD
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email):
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome").wait_for()


def test_search_as_you_type_read_follow_glossary_and_save(browser_page, library):
    make_user("reader@example.com", display_name="Reader")
    page = browser_page
    sign_in(page, "reader@example.com")

    page.goto(page.base + "/library/")
    assert_accessible(page)
    page.get_by_label("Search the library").press_sequentially(
        "what is emotional infidelity"
    )
    first = page.locator("#search-results .result-list li a").first
    # A pause while typing may show results for the first words; wait for the whole query's.
    expect(first).to_have_text("What is emotional infidelity?")
    assert_accessible(page)

    first.click()
    page.get_by_role(
        "heading", level=1, name="What is emotional infidelity?"
    ).wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Save for later").click()
    page.get_by_role("button", name="Saved for later").wait_for()

    term = page.locator("a.glossary-term").first
    term_target = term.get_attribute("href").split("#")[1]
    term.click()
    page.wait_for_url(f"**/library/glossary/#{term_target}")
    assert page.locator(f"#{term_target}").is_visible()
    assert_accessible(page)

    page.goto(page.base + "/library/saved/")
    page.get_by_role("link", name="What is emotional infidelity?").wait_for()
    assert_accessible(page)


def test_search_works_without_javascript(browser, live_server, library):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/library/")
    page.get_by_label("Search the library").fill("forgiveness")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="Search the library").wait_for()
    assert page.locator(".result-list li").count() >= 1
    context.close()


def test_every_library_page_is_accessible(browser_page, library):
    page = browser_page
    paths = [
        "/library/topic/understanding/",
        "/library/emotional-vs-sexual-infidelity/",
        "/library/warning-signs/",
        "/library/glossary/",
        "/library/search/?q=trust",
        "/library/search/?q=zzzzzz",
        "/library/self-check/warning-signs/",
        "/library/self-check/attachment-style/",
    ]
    for path in paths:
        page.goto(page.base + path)
        assert_accessible(page)


def test_self_check_reflection_stays_in_the_browser(browser_page, library):
    page = browser_page
    requests = []
    page.goto(page.base + "/library/self-check/warning-signs/")
    page.on("request", lambda request: requests.append(request.url))
    boxes = page.locator('input[data-group="secrecy"]')
    show = page.get_by_role("button", name="Show my reflection")
    result = page.locator("#self-check-result")
    # Two ticks in a group mean very little: no group stands out yet.
    boxes.nth(0).check()
    boxes.nth(1).check()
    show.click()
    assert result.is_visible()
    assert not result.locator('[data-reflection="secrecy"]').is_visible()
    assert result.locator("[data-reflection-none]").is_visible()
    # The warning-signs check brings up a reflection from three.
    boxes.nth(2).check()
    show.click()
    assert result.locator('[data-reflection="secrecy"]').is_visible()
    assert not result.locator('[data-reflection="distance"]').is_visible()
    assert_accessible(page)
    # Nothing but static files (the icon) was fetched: the answers stayed here.
    assert [url for url in requests if "/static/" not in url] == []


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_library_home_fits_in_a_few_screens_on_a_phone(
    browser_page, library, language
):
    from django.conf import settings

    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base}]
    )
    page.goto(page.base + "/library/")
    # It was over 7,000 px with every article listed.
    assert page.evaluate("document.documentElement.scrollHeight") < 3 * 844
    assert page.get_by_role("search").is_visible()

    topic = page.locator("details.topic").first
    topic.locator("summary").click()
    topic.locator(".article-list a").first.wait_for()
    assert_accessible(page)

    page.goto(page.base + "/library/glossary/")
    letters = page.locator(".letter-index a")
    target = letters.nth(2).get_attribute("href")
    letters.nth(2).click()
    page.wait_for_url(f"**/library/glossary/{target}")
    assert page.locator(target).is_visible()
    assert_accessible(page)
