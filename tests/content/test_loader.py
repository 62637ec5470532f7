import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from content.loader import LIBRARY_DIR, load_library
from content.models import Article, GlossaryTerm, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle(tmp_path):
    """A private copy of the bundled library that a test may change."""
    target = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, target)
    return target


def rewrite(bundle, slug, old, new):
    path = bundle / "articles" / f"{slug}.md"
    path.write_text(path.read_text().replace(old, new, 1))


def test_loading_creates_the_whole_library(bundle):
    report = load_library(directory=bundle)
    assert Article.objects.count() >= 25
    assert GlossaryTerm.objects.count() >= 25
    assert Topic.objects.filter(language="en").count() == 7
    assert Topic.objects.filter(language="fa").count() == 7
    from content.models import CrisisLine

    assert len(report.created) == (
        Article.objects.count()
        + GlossaryTerm.objects.count()
        + CrisisLine.objects.count()
    )
    article = Article.objects.get(language="en", slug="what-is-emotional-infidelity")
    assert article.related.exists()
    assert 'class="glossary-term"' in article.body_html


def test_loading_twice_changes_nothing(bundle):
    load_library(directory=bundle)
    before = list(Article.objects.values_list("slug", "updated_at"))
    report = load_library(directory=bundle)
    assert report.created == report.updated == report.kept_edits == []
    assert list(Article.objects.values_list("slug", "updated_at")) == before


def test_a_new_bundled_version_replaces_an_unedited_article(bundle):
    load_library(directory=bundle)
    rewrite(bundle, "forgiveness", "+++\n\n", "+++\n\nA new first paragraph.\n\n")
    report = load_library(directory=bundle)
    assert report.updated == ["forgiveness"]
    assert Article.objects.get(language="en", slug="forgiveness").body.startswith(
        "A new first paragraph."
    )


def test_an_editors_change_is_kept_and_reported(bundle):
    load_library(directory=bundle)
    article = Article.objects.get(language="en", slug="forgiveness")
    article.title = "Forgiveness, as our editor puts it"
    article.save()
    rewrite(bundle, "forgiveness", "+++\n\n", "+++\n\nA new first paragraph.\n\n")

    report = load_library(directory=bundle)
    assert report.kept_edits == ["forgiveness"]
    article.refresh_from_db()
    assert article.title == "Forgiveness, as our editor puts it"
    assert not article.body.startswith("A new first paragraph.")


def test_an_editors_change_is_kept_even_without_a_new_bundle(bundle):
    load_library(directory=bundle)
    Article.objects.filter(language="en", slug="forgiveness").update(is_published=False)
    report = load_library(directory=bundle)
    assert report.kept_edits == ["forgiveness"]
    assert not Article.objects.get(language="en", slug="forgiveness").is_published


def test_overwrite_replaces_a_named_edited_article(bundle):
    load_library(directory=bundle)
    Article.objects.filter(language="en", slug="forgiveness").update(title="Edited")
    report = load_library(directory=bundle, overwrite=frozenset({"forgiveness"}))
    assert report.updated == ["forgiveness"]
    assert Article.objects.get(language="en", slug="forgiveness").title != "Edited"


def test_an_edited_glossary_term_is_kept(bundle):
    load_library(directory=bundle)
    GlossaryTerm.objects.filter(language="en", slug="boundary").update(
        definition="Our own words."
    )
    report = load_library(directory=bundle)
    assert report.kept_edits == ["glossary:boundary"]
    assert (
        GlossaryTerm.objects.get(language="en", slug="boundary").definition
        == "Our own words."
    )


def test_the_command_names_kept_edits(library):
    Article.objects.filter(language="en", slug="forgiveness").update(title="Edited")
    out = StringIO()
    call_command("load_library", stdout=out)
    assert "Kept an editor's changes to forgiveness" in out.getvalue()
    assert "--overwrite forgiveness" in out.getvalue()


def test_bundled_articles_are_the_right_length(bundle):
    load_library(directory=bundle)
    # Persian writes many verbs and nouns as two words: its texts count longer.
    longest = {"en": 900, "fa": 1200}
    for article in Article.objects.all():
        words = len(article.body_text.split())
        assert 300 <= words <= longest[article.language], (article.slug, words)


def test_every_topic_in_the_brief_has_an_article(library):
    for topic in Topic.objects.all():
        assert topic.articles.exists(), topic.slug


def test_articles_rendered_by_an_older_renderer_are_rendered_again(bundle):
    load_library(directory=bundle)
    Article.objects.filter(language="en", slug="forgiveness").update(
        rendered_with=0, body_html="stale"
    )
    load_library(directory=bundle)
    assert Article.objects.get(language="en", slug="forgiveness").body_html != "stale"
