import pytest
from django.db import connection
from django.urls import reverse

from content.models import Article
from content.search import _simple_search, search_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)


def test_the_question_a_newcomer_types_finds_the_right_article_first(library):
    results = search_articles("what is emotional infidelity")
    assert results[0].article.slug == "what-is-emotional-infidelity"


@pytest.mark.parametrize("query", ["rebuilding trust", "forgiveness", "attachment"])
def test_topic_words_find_their_article_near_the_top(library, query):
    slugs = [r.article.slug for r in search_articles(query)[:3]]
    assert any(query.split()[-1][:6] in slug for slug in slugs), slugs


@postgres_only
def test_a_title_match_outranks_a_body_match(db):
    make_article(
        "in-body",
        title="Evenings together",
        body="We talk about reassurance often. " * 5,
    )
    make_article("in-title", title="Reassurance", body="Something else entirely. " * 5)
    assert [r.article.slug for r in search_articles("reassurance")] == [
        "in-title",
        "in-body",
    ]


@postgres_only
def test_postgres_snippets_are_escaped_and_highlighted(db):
    make_article("x", title="X", body="Trust `<script>alert(1)</script>` grows slowly.")
    snippet = search_articles("trust")[0].snippet
    assert "<mark>Trust</mark>" in snippet
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")


def test_fallback_ranks_title_matches_first_and_ignores_common_words(db):
    make_article(
        "in-body", title="Evenings together", body="We talk about reassurance."
    )
    make_article("in-title", title="Reassurance", body="Something else.")
    results = _simple_search(Article.objects.published(), "what is reassurance")
    assert [r.article.slug for r in results] == ["in-title", "in-body"]
    assert "<mark>reassurance</mark>" in results[1].snippet


def test_fallback_snippet_is_escaped(db):
    make_article("x", title="X", body="Trust `<b>` grows slowly.")
    snippet = _simple_search(Article.objects.published(), "trust")[0].snippet
    assert "<b>" not in snippet and "&lt;b&gt;" in snippet


def test_unpublished_articles_are_never_found(db):
    make_article("hidden", title="Reassurance", is_published=False)
    assert search_articles("reassurance") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "Search the library"),
        ("a", "Type at least two letters"),
        ("zqxjvbnm", "Nothing in the library matches"),
        ("trust " * 200, "Search"),
        ("'\"); DROP TABLE --", "Nothing in the library matches"),
        ("&&& ||| !!!", "Nothing in the library matches"),
    ],
)
def test_odd_queries_answer_gracefully(client, library, query, expected):
    response = client.get(reverse("content:search"), {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_htmx_search_returns_only_the_results_fragment(client, library):
    response = client.get(
        reverse("content:search"), {"q": "forgiveness"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div class="search-results"')
    assert "<html" not in html and "Quick exit" not in html
    assert "Forgiveness" in html


def test_search_page_query_count(client, library, django_assert_max_num_queries):
    # 1 the ranked, highlighted articles with their topics
    with django_assert_max_num_queries(1):
        assert client.get(reverse("content:search"), {"q": "trust"}).status_code == 200
