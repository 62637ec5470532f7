"""Visitors' pages come whole from the cache, each with its own nonce and token."""

import re
import time

import pytest
from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from content import cache, page_cache
from tests.conftest import PASSWORD
from tests.factories import make_article
from tests.pages import page_text

pytestmark = pytest.mark.django_db

NONCE_IN_HEADER = re.compile(r"'nonce-([^']+)'")
NONCE_IN_PAGE = re.compile(r'nonce="([^"]+)"')
CSRF_IN_PAGE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def article(db):
    return make_article("cached", title="A cached article", body="Calm words.")


def stored_page(url):
    return shared_cache.get(cache.key_for("page", url, False))


def article_url():
    return reverse("content:article", kwargs={"slug": "cached"})


def nonces(response):
    in_header = NONCE_IN_HEADER.search(response["Content-Security-Policy"]).group(1)
    return in_header, set(NONCE_IN_PAGE.findall(response.text))


def test_a_cached_page_carries_this_requests_nonce_not_the_first_visitors(
    article, django_assert_num_queries
):
    first = Client().get(article_url())
    with django_assert_num_queries(0):
        second = Client().get(article_url())
    assert first.status_code == second.status_code == 200
    assert second.text.count("A cached article") == first.text.count("A cached article")
    for response in (first, second):
        in_header, in_page = nonces(response)
        assert in_page == {in_header}
    assert nonces(first)[0] != nonces(second)[0]
    assert page_cache.NONCE_MARK not in second.text
    assert page_cache.CSRF_MARK not in second.text


def test_a_cached_pages_form_token_is_this_visitors_and_is_accepted(article):
    Client().get(article_url())
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(article_url())
    assert page.status_code == 200
    tokens = set(CSRF_IN_PAGE.findall(page.text))
    assert len(tokens) == 1
    assert page_cache.CSRF_MARK not in tokens
    # htmx sends the same token in a header.
    assert f'"X-CSRFToken": "{next(iter(tokens))}"' in page.text
    assert settings.CSRF_COOKIE_NAME in page.cookies
    switched = visitor.post(
        reverse("content:language"),
        {"language": "fa", "next": article_url(), "csrfmiddlewaretoken": tokens.pop()},
    )
    assert switched.status_code == 302


def test_a_visitor_with_a_message_waiting_sees_it_on_a_cached_page(article, alice):
    Client().get(article_url())
    client = Client()
    client.login(email=alice.email, password=PASSWORD)
    client.post(reverse("account_logout"))
    assert "You have signed out." in client.get(article_url()).text
    # Shown once, and never stored for the next visitor.
    assert "You have signed out." not in page_text(client.get(article_url()))
    assert "You have signed out." not in page_text(Client().get(article_url()))


def test_a_signed_in_person_never_gets_the_visitors_page(article, alice):
    Client().get(article_url())
    client = Client()
    client.login(email=alice.email, password=PASSWORD)
    assert "Save for later" in client.get(article_url()).text
    assert "Save for later" not in page_text(Client().get(article_url()))


def test_each_language_has_its_own_cached_page(article, library):
    url = reverse("content:library")
    english = Client().get(url)
    persian = Client(headers={"accept-language": "fa"}).get(url)
    assert english.text != persian.text
    assert 'lang="fa"' in persian.text
    assert 'lang="fa"' in Client(headers={"accept-language": "fa"}).get(url).text
    assert 'lang="en"' in Client().get(url).text


def test_a_query_string_the_page_does_not_use_is_never_stored(
    article, django_assert_max_num_queries
):
    url = article_url() + "?ref=somewhere"
    Client().get(url)
    with django_assert_max_num_queries(1) as captured:
        assert Client().get(url).status_code == 200
    # The article data is cached; the page itself was rendered again.
    assert len(captured.captured_queries) == 0
    assert stored_page(url) is None


def test_search_pages_are_kept_per_query_and_for_htmx_apart(article):
    url = reverse("content:search")
    Client().get(url, {"q": "calm"})
    full = Client().get(url, {"q": "calm"})
    partial = Client().get(url, {"q": "calm"}, headers={"hx-request": "true"})
    other = Client().get(url, {"q": "zebras"})
    assert [r.status_code for r in (full, partial, other)] == [200, 200, 200]
    assert "A cached article" in full.text
    assert "<html" in full.text
    assert "<html" not in partial.text
    assert "A cached article" in partial.text
    assert "A cached article" not in other.text


def test_a_missing_page_is_never_stored_and_appears_once_written(client):
    url = reverse("content:article", kwargs={"slug": "later"})
    assert client.get(url).status_code == 404
    assert stored_page(url) is None
    make_article("later", title="Written later")
    assert client.get(url).status_code == 200
    assert stored_page(url) is not None


def test_a_new_release_starts_with_an_empty_cache(article, monkeypatch):
    Client().get(article_url())
    assert stored_page(article_url()) is not None
    monkeypatch.setenv("MEND_RELEASE", "next-release")
    cache.code_release.cache_clear()
    try:
        assert stored_page(article_url()) is None
    finally:
        monkeypatch.delenv("MEND_RELEASE")
        cache.code_release.cache_clear()


def test_an_edit_in_another_process_shows_within_a_second(article, monkeypatch):
    """Another app server's edit moves the shared version; this one asks again soon."""
    url = article_url()
    assert "A cached article" in Client().get(url).text
    # What another process's save does: a new version in the shared cache only.
    shared_cache.set(cache.VERSION_KEY, 1)
    assert "A cached article" in Client().get(url).text
    now = time.monotonic()
    monkeypatch.setattr(
        time, "monotonic", lambda: now + cache.VERSION_MEMORY_SECONDS + 0.1
    )
    type(article).objects.filter(pk=article.pk).update(title="Edited elsewhere")
    assert "Edited elsewhere" in Client().get(url).text


def test_each_process_keeps_a_bounded_number_of_pages():
    recent = caches[page_cache.RECENT_PAGES]
    most = settings.CACHES[page_cache.RECENT_PAGES]["OPTIONS"]["MAX_ENTRIES"]
    page = page_cache.StoredPage(200, "text/html", "<p>kept</p>")
    for n in range(most + 1):
        recent.set(f"page-{n}", page)
    assert recent.get("page-0") is None
    assert recent.get(f"page-{most}") == page


def test_a_new_quick_exit_address_is_never_hidden_by_the_cache(article, settings):
    Client().get(article_url())
    settings.QUICK_EXIT_URL = "https://weather.example.org/"
    cache.code_release.cache_clear()
    try:
        assert "https://weather.example.org/" in Client().get(article_url()).text
    finally:
        cache.code_release.cache_clear()
