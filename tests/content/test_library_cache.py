"""Library pages come from the cache, and an editor's change shows at once."""

import pytest
from django.urls import reverse

from tests.factories import make_article
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    return make_article("cached", title="Before the edit", body="Old words.")


PAGES = [
    ("content:article", {"slug": "cached"}),
    ("content:library", {}),
    ("content:topic", {"slug": "general"}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_a_second_visit_runs_no_queries(
    client, article, name, kwargs, django_assert_num_queries
):
    url = reverse(name, kwargs=kwargs)
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_an_edit_shows_on_the_next_visit(client, article, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    assert "Before the edit" in client.get(url).text
    article.title = "After the edit"
    article.save()
    page = page_text(client.get(url))
    assert "After the edit" in page
    assert "Before the edit" not in page


def test_unpublishing_takes_the_article_away(client, article):
    url = reverse("content:article", kwargs={"slug": "cached"})
    assert client.get(url).status_code == 200
    article.is_published = False
    article.save()
    assert client.get(url).status_code == 404


def test_search_results_follow_an_edit(client, article):
    url = reverse("content:search") + "?q=zebras"
    assert "Before the edit" not in page_text(client.get(url))
    article.body = "Zebras, zebras everywhere."
    article.save()
    assert "Before the edit" in client.get(url).text


def test_a_deleted_glossary_term_leaves_the_glossary(client, article):
    from content.models import GlossaryTerm

    term = GlossaryTerm.objects.create(
        term="Stonewalling", slug="stonewalling", definition="Shutting down."
    )
    url = reverse("content:glossary")
    assert "Stonewalling" in client.get(url).text
    term.delete()
    assert "Stonewalling" not in page_text(client.get(url))


def test_reloading_the_library_retires_cached_pages(client, library):
    from content.loader import load_library
    from content.models import Article

    url = reverse("content:article", kwargs={"slug": "rebuilding-trust"})
    client.get(url)
    Article.objects.filter(language="en", slug="rebuilding-trust").update(
        title="Changed quietly"
    )
    load_library()  # an editor change is kept and reported; the page follows it
    assert "Changed quietly" in client.get(url).text
