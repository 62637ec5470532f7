"""Markdown to safe HTML for library articles.

Editors write Markdown in the admin, so the HTML is sanitised with an
allow-list after rendering: no script, no event handlers, no style, no
`javascript:` links. Rendering happens when an article is saved, never per
request.
"""

import html
import itertools
import math
import re
from dataclasses import dataclass

import markdown
import nh3

WORDS_PER_MINUTE = 200
# Raise when the output of render_markdown changes: the loader then renders
# every stored article again.
RENDERER_VERSION = 3

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "hr", "br",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

TAG = re.compile(r"(<[^>]+>)")
INLINE_TAG = re.compile(r"</?(?:a|strong|em|code)\b[^>]*>")
H2 = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>', re.S)


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str
    toc: list[dict]
    reading_minutes: int


def render_markdown(source: str, *, glossary: dict[str, str] | None = None) -> Rendered:
    """Render Markdown to sanitised HTML, with a table of contents and glossary links.

    ``glossary`` maps a term (matched case-insensitively, first use only) to
    the URL that explains it.
    """
    raw = markdown.markdown(
        source,
        extensions=["tables", "sane_lists", "toc"],
        extension_configs={"toc": {"permalink": False, "toc_depth": "2-3"}},
        output_format="html",
    )
    safe = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    safe = _accessible_tables(safe)
    if glossary:
        safe = _link_first_uses(safe, glossary)
    inline_stripped = INLINE_TAG.sub("", safe)
    text = html.unescape(re.sub(r"\s+", " ", TAG.sub(" ", inline_stripped))).strip()
    toc = [
        {"id": anchor, "title": html.unescape(TAG.sub("", title))}
        for anchor, title in H2.findall(safe)
    ]
    minutes = max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))
    return Rendered(html=safe, text=text, toc=toc, reading_minutes=minutes)


def _accessible_tables(fragment: str) -> str:
    """Give header cells a scope, and let wide tables scroll on small screens."""
    fragment = re.sub(
        r"(<thead>.*?</thead>)",
        lambda m: m.group(1).replace("<th>", '<th scope="col">'),
        fragment,
        flags=re.S,
    )
    # Each scroll region is a landmark, so each needs a name of its own.
    numbers = itertools.count(1)
    fragment = re.sub(
        "<table>",
        lambda _match: (
            '<div class="table-scroll" tabindex="0" role="region" '
            f'aria-label="Table {next(numbers)}"><table>'
        ),
        fragment,
    )
    return fragment.replace("</table>", "</table></div>")


def _link_first_uses(fragment: str, glossary: dict[str, str]) -> str:
    """Link the first use of each glossary term in body text (not headings or links)."""
    if not glossary:
        return fragment
    by_lower = {term.lower(): url for term, url in glossary.items()}
    pattern = re.compile(
        r"\b("
        + "|".join(re.escape(t) for t in sorted(by_lower, key=len, reverse=True))
        + r")(s|es)?\b",
        re.I,
    )
    linked: set[str] = set()
    skip_depth = 0
    out = []
    for part in TAG.split(fragment):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-z0-9]+)", part, re.I)
            if name and name.group(1).lower() in {
                "a",
                "h2",
                "h3",
                "h4",
                "th",
                "code",
                "pre",
            }:
                skip_depth += -1 if part.startswith("</") else 1
            out.append(part)
            continue
        if skip_depth or not part.strip():
            out.append(part)
            continue

        def link(match):
            key = match.group(1).lower()
            if key in linked:
                return match.group(0)
            linked.add(key)
            return (
                f'<a class="glossary-term" href="{by_lower[key]}">{match.group(0)}</a>'
            )

        out.append(pattern.sub(link, part))
    return "".join(out)
