import pytest
from django.urls import reverse

from content.models import Article, ArticleRead, SavedArticle
from tests.factories import make_article
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def add_articles(count):
    from content.models import Topic

    topics = list(Topic.objects.all())
    for n in range(count):
        make_article(
            f"extra-{n}",
            title=f"Extra {n}",
            topic=topics[n % len(topics)],
            body="words " * 320,
        )


def test_library_home_lists_topics_paths_and_self_checks(client, library):
    html = client.get(reverse("content:library")).content.decode()
    for text in [
        "If you have just found out",
        "If you are the one who strayed",
        "If you suspect something",
        "Understanding emotional infidelity",
        "Safety first",
        reverse("content:self-check", args=["warning-signs"]),
        reverse("content:glossary"),
    ]:
        assert text in html


def test_library_home_query_count_stays_flat(
    client, library, django_assert_max_num_queries
):
    # 1 topics, 2 their published articles, 3 the start-here articles
    with django_assert_max_num_queries(3):
        assert client.get(reverse("content:library")).status_code == 200
    add_articles(40)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("content:library")).status_code == 200


def test_topic_page_query_count_stays_flat(
    client, library, django_assert_max_num_queries
):
    url = reverse("content:topic", args=["repair"])
    # 1 topic, 2 its articles
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200
    add_articles(40)
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200


def test_article_page_shows_everything_a_reader_needs(client, library):
    response = client.get(reverse("content:article", args=["attachment-styles"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Attachment styles" in html
    assert (
        Article.objects.get(language="en", slug="attachment-styles").summary in html
    )  # meta description
    for text in [
        "Last reviewed",
        "minute read",
        "On this page",
        "Sources",
        "Read next",
        "glossary-term",
    ]:
        assert text in html


def test_comparison_is_a_real_table(client, library):
    html = client.get(
        reverse("content:article", args=["emotional-vs-sexual-infidelity"])
    ).content.decode()
    assert '<th scope="col">Emotional infidelity</th>' in html


def test_warning_signs_is_a_checklist(client, library):
    html = client.get(
        reverse("content:article", args=["warning-signs"])
    ).content.decode()
    assert html.count("<li>") >= 9


def test_article_query_count_anonymous_and_signed_in(
    client, library, alice, django_assert_max_num_queries
):
    url = reverse("content:article", args=["forgiveness"])
    # 1 article with topic, 2 related articles
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200
    client.force_login(alice)
    client.get(url)  # the first request after signing in records the session
    # + session, user, saved?, read?
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


def test_unpublished_and_unknown_articles_are_404(client, library):
    Article.objects.filter(language="en", slug="forgiveness").update(is_published=False)
    assert (
        client.get(reverse("content:article", args=["forgiveness"])).status_code == 404
    )
    assert client.get(reverse("content:article", args=["no-such"])).status_code == 404
    assert client.get(reverse("content:topic", args=["no-such"])).status_code == 404
    assert (
        client.get(reverse("content:self-check", args=["no-such"])).status_code == 404
    )


def test_glossary_lists_terms_with_anchors(
    client, library, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        html = page_text(client.get(reverse("content:glossary")))
    assert 'id="attachment-injury"' in html


def test_self_check_pages_render(client, library):
    for slug in ["warning-signs", "attachment-style"]:
        html = client.get(reverse("content:self-check", args=[slug])).content.decode()
        assert 'type="checkbox"' in html
        assert "not" in html  # every self-check says what it is not


# ---------- Saving and marking read ----------


def test_anonymous_visitor_cannot_save(client, library):
    url = reverse("content:article-save", args=["forgiveness"])
    response = client.post(url, {"saved": "1"})
    assert response["Location"].startswith(reverse("account_login"))
    assert not SavedArticle.objects.exists()


def test_saving_and_unsaving_without_javascript(client, library, alice):
    client.force_login(alice)
    url = reverse("content:article-save", args=["forgiveness"])
    response = client.post(url, {"saved": "1"})
    assert response["Location"] == reverse("content:article", args=["forgiveness"])
    client.post(url, {"saved": "1"})  # a double click keeps one
    assert SavedArticle.objects.filter(user=alice).count() == 1
    client.post(url, {"saved": "0"})
    assert not SavedArticle.objects.exists()


def test_saving_with_htmx_returns_the_updated_buttons(client, library, alice):
    client.force_login(alice)
    response = client.post(
        reverse("content:article-save", args=["forgiveness"]),
        {"saved": "1"},
        headers={"HX-Request": "true"},
    )
    html = page_text(response)
    assert html.lstrip().startswith('<div id="reader-actions"')
    assert "Saved for later" in html and 'aria-pressed="true"' in html
    assert "<html" not in html


def test_mark_as_read(client, library, alice):
    client.force_login(alice)
    client.post(reverse("content:article-read", args=["forgiveness"]), {"read": "1"})
    assert ArticleRead.objects.filter(user=alice, article__slug="forgiveness").exists()


def test_saved_list_is_private_to_its_owner(client, library, alice, bob):
    article = Article.objects.get(language="en", slug="forgiveness")
    SavedArticle.objects.create(user=alice, article=article)
    link = f'href="{article.get_absolute_url()}"'
    client.force_login(bob)
    assert link not in page_text(client.get(reverse("content:saved")))
    client.force_login(alice)
    assert link in client.get(reverse("content:saved")).content.decode()


def test_saving_needs_post(client, library, alice):
    client.force_login(alice)
    assert (
        client.get(reverse("content:article-save", args=["forgiveness"])).status_code
        == 405
    )


def test_only_pages_that_use_htmx_load_it_for_a_reader(client, library, alice):
    """Reading pages spare a visitor htmx's weight; search as you type keeps it."""
    htmx = "htmx-2.min.js"
    glossary = client.get(reverse("content:glossary")).content.decode()
    assert "Glossary" in glossary
    assert htmx not in glossary
    article = client.get(reverse("content:article", args=["safety-first"]))
    assert htmx not in article.content.decode()
    assert htmx in client.get(reverse("content:library")).content.decode()
    assert htmx in client.get(reverse("content:search")).content.decode()
    client.force_login(alice)
    signed_in = client.get(reverse("content:article", args=["safety-first"]))
    assert htmx in signed_in.content.decode()
