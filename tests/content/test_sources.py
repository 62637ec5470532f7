"""Every article in the bundle, in every language, names at least one source.

The files are read straight from content/library/, so an article added in
any language is checked the moment it exists, before anything loads it.
"""

import pytest

from content.loader import LIBRARY_DIR, read_article_file

ARTICLE_FILES = sorted(LIBRARY_DIR.glob("articles/*.md")) + sorted(
    LIBRARY_DIR.glob("*/articles/*.md")
)


def test_the_bundle_has_articles_in_english_and_persian():
    folders = {path.parent.relative_to(LIBRARY_DIR) for path in ARTICLE_FILES}
    assert {"articles", "fa/articles"} <= {str(folder) for folder in folders}


@pytest.mark.parametrize(
    "path", ARTICLE_FILES, ids=lambda path: str(path.relative_to(LIBRARY_DIR))
)
def test_every_article_names_a_source(path):
    meta, _body = read_article_file(path)
    sources = meta.get("sources", [])
    assert sources, "no [[sources]] in the front matter"
    for source in sources:
        assert source.get("citation", "").strip(), "a [[sources]] entry has no citation"


@pytest.mark.parametrize(
    "path", ARTICLE_FILES, ids=lambda path: str(path.relative_to(LIBRARY_DIR))
)
def test_every_bundled_article_fits_its_fields(path):
    # SQLite does not enforce lengths; PostgreSQL refuses a longer value.
    from content.models import Article

    meta, _body = read_article_file(path)
    for name in ("title", "summary", "slug"):
        limit = Article._meta.get_field(name).max_length
        assert len(meta[name]) <= limit, f"{name} is {len(meta[name])} > {limit}"
