"""Library search: PostgreSQL full-text search, with a plain fallback on SQLite."""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q

from .models import Article

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 200
RESULT_LIMIT = 20
# Words too common to narrow a plain search (PostgreSQL has its own list).
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    ]
)
# Sentinels instead of <mark> while the snippet is still untrusted text.
START, STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Result:
    article: Article
    snippet: str  # safe HTML: escaped text with <mark> around matches


# Persian is typed with Arabic or Persian yeh and kaf, with or without
# zero-width non-joiners; the index and the query agree on one spelling
# (the same as content_search_text() in the database).
PERSIAN_SPELLING = str.maketrans({"ي": "ی", "ك": "ک", "\u200c": None})


def clean_query(raw: str) -> str:
    return " ".join(raw.split())[:MAX_QUERY_LENGTH]


def search_articles(query: str, language: str = "en") -> list[Result]:
    """Return published articles in `language` matching the query, best first."""
    query = clean_query(query)
    if len(query) < MIN_QUERY_LENGTH:
        return []
    if language == "fa":
        query = query.translate(PERSIAN_SPELLING)
    articles = Article.objects.published().filter(language=language)
    if connection.vendor == "postgresql":
        return _postgres_search(articles, query, language)
    return _simple_search(articles, query)


def _persian_query(query: str) -> SearchQuery | None:
    """Every word as a prefix, so plural and possessive endings still match."""
    words = re.findall(r"\w+", query)[:8]
    if not words:
        return None
    return SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config="simple"
    )


def _safe_snippet(text: str) -> str:
    return html.escape(text).replace(START, "<mark>").replace(STOP, "</mark>")


def _postgres_search(articles, query: str, language: str) -> list[Result]:
    if language == "fa":
        search, config = _persian_query(query), "simple"
        if search is None:
            return []
    else:
        search, config = (
            SearchQuery(query, search_type="websearch", config="english"),
            "english",
        )
    articles = (
        articles.filter(search_vector=search)
        .annotate(
            rank=SearchRank(F("search_vector"), search),
            snippet=SearchHeadline(
                "body_text",
                search,
                config=config,
                start_sel=START,
                stop_sel=STOP,
                max_words=28,
                min_words=12,
                max_fragments=1,
            ),
        )
        .select_related("topic")
        .order_by("-rank", "title")[:RESULT_LIMIT]
    )
    return [Result(article, _safe_snippet(article.snippet)) for article in articles]


def _simple_search(articles, query: str) -> list[Result]:
    words = [
        w
        for w in re.findall(r"\w+", query.lower())
        if len(w) >= MIN_QUERY_LENGTH and w not in STOP_WORDS
    ][:8]
    if not words:
        return []
    matches = Q()
    for word in words:
        matches &= (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(body_text__icontains=word)
        )
    articles = articles.filter(matches).select_related("topic")

    def score(article):
        title, summary = article.title.lower(), article.summary.lower()
        title_words = [w for w in re.findall(r"\w+", title) if w not in STOP_WORDS]
        # How much of the title the query covers: "What is X?" beats "X vs Y".
        coverage = sum(w in words for w in title_words) / max(1, len(title_words))
        return 3 * coverage + sum(
            3 * (w in title) + 2 * (w in summary) + 1 for w in words
        )

    ranked = sorted(articles, key=lambda a: (-score(a), a.title))[:RESULT_LIMIT]
    return [
        Result(article, _simple_snippet(article.body_text, words)) for article in ranked
    ]


def _simple_snippet(text: str, words: list[str], width: int = 180) -> str:
    lower = text.lower()
    hits = [lower.find(w) for w in words if lower.find(w) >= 0]
    start = max(0, min(hits, default=0) - 60)
    if start:
        # Begin at a word, not halfway through one.
        start = text.find(" ", start) + 1 or start
    excerpt = text[start : start + width]
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.I
    )
    marked = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", excerpt)
    return ("…" if start else "") + _safe_snippet(marked) + "…"
