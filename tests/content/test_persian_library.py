"""The library in Persian: complete, in the reader's language, and searchable."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from content.models import Article, CrisisLine, GlossaryTerm, Topic
from content.search import search_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def persian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    return client


def test_every_article_and_topic_has_a_persian_version(library):
    for model in (Article, Topic):
        english = set(
            model.objects.filter(language="en").values_list("slug", flat=True)
        )
        persian = set(
            model.objects.filter(language="fa").values_list("slug", flat=True)
        )
        assert english == persian, model.__name__


def test_persian_articles_link_persian_related_reading(library):
    for article in Article.objects.filter(language="fa").prefetch_related("related"):
        assert article.topic.language == "fa"
        assert {related.language for related in article.related.all()} <= {"fa"}


def test_persian_glossary_links_persian_terms(library):
    assert GlossaryTerm.objects.filter(language="fa").count() == (
        GlossaryTerm.objects.filter(language="en").count()
    )
    linked = Article.objects.filter(
        language="fa", body_html__contains='class="glossary-term"'
    )
    assert linked.exists()
    english_terms = GlossaryTerm.objects.filter(language="en").values_list(
        "term", flat=True
    )
    for article in linked:
        assert not any(f">{term}</a>" in article.body_html for term in english_terms)


def test_an_article_opens_in_the_readers_language(client, persian, library):
    url = reverse("content:article", kwargs={"slug": "rebuilding-trust"})
    page = persian.get(url)
    assert page.status_code == 200
    assert '<html lang="fa" dir="rtl">' in page.text
    title = Article.objects.get(language="fa", slug="rebuilding-trust").title
    assert title in page.text


def test_the_browsers_preference_chooses_persian_for_a_visitor(client, library):
    page = client.get(reverse("content:library"), HTTP_ACCEPT_LANGUAGE="fa-IR,fa;q=0.9")
    assert '<html lang="fa" dir="rtl">' in page.text
    page = client.get(reverse("content:library"), HTTP_ACCEPT_LANGUAGE="en-GB")
    assert '<html lang="en" dir="ltr">' in page.text


def test_a_text_missing_in_persian_says_so_and_offers_english(persian, library):
    Article.objects.filter(language="fa", slug="forgiveness").delete()
    page = persian.get(reverse("content:article", kwargs={"slug": "forgiveness"}))
    assert page.status_code == 404
    assert 'class="button" type="submit" name="language" value="en"' in page.text
    assert "هنوز به این زبان نوشته نشده است" in page.text


def test_a_slug_missing_everywhere_is_a_plain_404(persian, library):
    page = persian.get(reverse("content:article", kwargs={"slug": "no-such-thing"}))
    assert page.status_code == 404
    assert "هنوز به این زبان نوشته نشده است" not in page.text


def test_choosing_a_language_is_remembered_on_the_account(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("content:language"), {"language": "fa", "next": "/library/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/library/"
    alice.refresh_from_db()
    assert alice.language == "fa"
    # On another device, with no cookie, the account's choice applies.
    other_device = type(client)()
    other_device.force_login(alice)
    page = other_device.get(reverse("content:privacy"))
    assert '<html lang="fa" dir="rtl">' in page.text


def test_choosing_a_language_never_redirects_elsewhere(client):
    response = client.post(
        reverse("content:language"),
        {"language": "fa", "next": "https://example.org/"},
    )
    assert response["Location"] == "/"
    assert (
        client.post(reverse("content:language"), {"language": "xx"}).status_code == 404
    )


def test_persian_pages_use_persian_digits_and_the_solar_hijri_calendar(
    persian, library
):
    article = Article.objects.get(language="fa", slug="rebuilding-trust")
    page = persian.get(article.get_absolute_url()).text
    # reviewed 2026-12-02 is 11 Azar 1405 in the Solar Hijri calendar
    assert "۱۱ آذر ۱۴۰۵" in page


def test_crisis_lines_read_in_persian_with_persian_speaking_countries_first(
    persian, library
):
    iran = CrisisLine.objects.filter(country_code="IR")
    assert iran.exists()
    assert all(line.translations.get("fa") for line in iran)
    response = persian.get(reverse("content:safety"))
    assert response.status_code == 200
    page = response.text
    # Iran's lines are on the page itself; Britain is one link among the rest.
    assert page.index('id="country-ir">ایران</h3>') < page.index(">بریتانیا</a>")
    assert 'href="tel:123"' in page  # numbers sit in links (tel:) and stay dialable


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL search")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("اعتماد", "rebuilding-trust"),
        ("دلبستگی", "attachment-styles"),
        ("خیانت عاطفی", "what-is-emotional-infidelity"),
        ("مرزها", "healthy-boundaries"),
        ("بخشش", "forgiveness"),
    ],
)
def test_persian_search_finds_persian_articles(library, query, expected):
    slugs = [result.article.slug for result in search_articles(query, "fa")[:5]]
    assert expected in slugs, slugs
    assert all(r.article.language == "fa" for r in search_articles(query, "fa"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL search")
def test_persian_search_ignores_arabic_letters_and_joiners(library):
    persian_spelling = search_articles("دلبستگی", "fa")
    arabic_yeh = search_articles("دلبستگي", "fa")
    assert persian_spelling
    assert [r.article.pk for r in persian_spelling] == [
        r.article.pk for r in arabic_yeh
    ]
    assert search_articles("میخواهم", "fa") == search_articles("می\u200cخواهم", "fa")


def test_search_page_in_persian(persian, library):
    page = persian.get(reverse("content:search") + "?q=اعتماد")
    assert page.status_code == 200
    assert '<html lang="fa" dir="rtl">' in page.text


@pytest.mark.parametrize(("language", "digits"), [("en", "123"), ("fa", "۱۲۳")])
def test_the_landing_pages_step_badges_use_the_readers_digits(client, language, digits):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get(reverse("content:landing"))

    assert response.status_code == 200
    badges = re.findall(
        r'<span class="step-number" aria-hidden="true">(.)</span>', response.text
    )
    assert "".join(badges) == digits
