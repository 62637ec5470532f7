"""Load the bundled library (content/library/) into the database.

The rule for editors' changes: the loader remembers a fingerprint of what it
last wrote to each article and glossary term. If the row still matches that
fingerprint, nobody has edited it, and a newer bundled version replaces it.
If an editor has changed it in the admin, the loader leaves it alone and
reports it, unless told to overwrite edited items by name. Nothing is
deleted: an article removed from the bundle stays until an editor removes it.
"""

import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .cache import library_changed
from .models import Article, CrisisLine, GlossaryTerm, Topic
from .sync import decide, fingerprint

LIBRARY_DIR = Path(__file__).resolve().parent / "library"


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)

    def record(self, label: str, action: str) -> None:
        """Note what happened to one item: created, update, keep or unchanged."""
        {
            "created": self.created,
            "update": self.updated,
            "keep": self.kept_edits,
            "unchanged": self.unchanged,
        }[action].append(label)

    def write(self, command, name: str) -> None:
        """Print the outcome through a management command, naming every kept edit."""
        command.stdout.write(
            f"{name}: {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged."
        )
        for label in self.kept_edits:
            command.stdout.write(
                command.style.WARNING(
                    f"  Kept an editor's changes to {label}; the bundled version differs. "
                    f"Use --overwrite {shlex.quote(label.removeprefix('glossary:'))} "
                    "to replace them."
                )
            )


def read_article_file(path: Path) -> tuple[dict, str]:
    """Split a Markdown file with TOML front matter between +++ lines."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("+++", 2)
    return tomllib.loads(front), body.strip() + "\n"


def _term_hash(term: str, definition: str, article_slug: str | None) -> str:
    return fingerprint([term, definition, article_slug])


def language_folders(directory: Path) -> list[tuple[str, Path]]:
    """Each language's folder: the default language at the top, others in fa/ etc."""
    folders = []
    for language, _name in settings.LANGUAGES:
        folder = (
            directory if language == settings.LANGUAGE_CODE else directory / language
        )
        if (folder / "topics.toml").exists():
            folders.append((language, folder))
    return folders


@transaction.atomic
def load_library(
    *, directory: Path = LIBRARY_DIR, overwrite: frozenset[str] = frozenset()
) -> LoadReport:
    """Create or refresh the bundled library, crisis lines included, in every language.

    ``overwrite`` names articles or terms (by slug), or crisis lines
    (crisis:CC:Name), whose editor changes should be replaced by the bundled
    version.
    """
    report = LoadReport()
    for language, folder in language_folders(directory):
        _load_language(folder, language, report, overwrite)
    _load_crisis_lines(directory, report, overwrite)
    # Some rows change through update(), which sends no signal.
    library_changed()
    return report


def _label(slug: str, language: str) -> str:
    return slug if language == settings.LANGUAGE_CODE else f"{language}/{slug}"


def _load_language(
    directory: Path, language: str, report: LoadReport, overwrite: frozenset[str]
) -> None:
    _load_topics(directory / "topics.toml", language)
    topics = {topic.slug: topic for topic in Topic.objects.filter(language=language)}
    files = [
        read_article_file(path)
        for path in sorted((directory / "articles").glob("*.md"))
    ]
    existing = {
        a.slug: a
        for a in Article.objects.filter(language=language)
        .select_related("topic")
        .prefetch_related("related")
    }
    pending_related = {}
    for meta, body in files:
        slug = meta["slug"]
        label = _label(slug, language)
        wanted = dict(
            title=meta["title"],
            summary=meta["summary"],
            body=body,
            topic=topics[meta["topic"]],
            order=meta.get("order", 0),
            sources=meta.get("sources", []),
            is_published=meta.get("published", True),
            reviewed_on=meta["reviewed"],
        )
        related = sorted(meta.get("related", []))
        bundled_hash = Article(slug=slug, **wanted).content_hash(related_slugs=related)
        article = existing.get(slug)
        if article is None:
            article = Article.objects.create(
                slug=slug, language=language, loaded_hash=bundled_hash, **wanted
            )
            report.created.append(label)
        else:
            current = article.content_hash(
                related_slugs=[r.slug for r in article.related.all()]
            )
            if current == bundled_hash:
                if article.loaded_hash != bundled_hash:
                    # An editor's change that the bundle has since caught up with.
                    Article.objects.filter(pk=article.pk).update(
                        loaded_hash=bundled_hash
                    )
                report.unchanged.append(label)
                continue
            if current != article.loaded_hash and slug not in overwrite:
                report.kept_edits.append(label)
                continue
            for name, value in wanted.items():
                setattr(article, name, value)
            article.loaded_hash = bundled_hash
            article.save()
            report.updated.append(label)
        pending_related[article] = related

    by_slug = {
        a.slug: a
        for a in Article.objects.filter(
            language=language,
            slug__in={s for rel in pending_related.values() for s in rel},
        )
    }
    for article, related in pending_related.items():
        article.related.set([by_slug[slug] for slug in related if slug in by_slug])

    in_language = Article.objects.filter(language=language)
    if _load_glossary(directory / "glossary.toml", language, report, overwrite):
        # Glossary links are part of each article's rendering.
        in_language.rerender()
    else:
        in_language.rendered_by_an_older_version().rerender()


def _load_topics(path: Path, language: str) -> None:
    """Create missing topics; editors own a topic once it exists."""
    for order, entry in enumerate(
        tomllib.loads(path.read_text(encoding="utf-8"))["topic"], 1
    ):
        Topic.objects.get_or_create(
            slug=entry["slug"],
            language=language,
            defaults={
                "title": entry["title"],
                "summary": entry["summary"],
                "order": entry.get("order", order),
            },
        )


def _load_glossary(
    path: Path, language: str, report: LoadReport, overwrite: frozenset[str]
) -> bool:
    """Create or refresh glossary terms; return whether anything changed."""
    articles = dict(Article.objects.filter(language=language).values_list("slug", "pk"))
    existing = {
        t.slug: t
        for t in GlossaryTerm.objects.filter(language=language).select_related(
            "article"
        )
    }
    changed = False
    for entry in tomllib.loads(path.read_text(encoding="utf-8"))["term"]:
        article_slug = (
            entry.get("article") if entry.get("article") in articles else None
        )
        wanted = GlossaryTerm(
            language=language,
            slug=entry["slug"],
            term=entry["term"],
            definition=entry["definition"],
            article_id=articles.get(article_slug),
        )
        bundled_hash = _term_hash(wanted.term, wanted.definition, article_slug)
        term = existing.get(wanted.slug)
        label = f"glossary:{_label(wanted.slug, language)}"
        if term is None:
            wanted.loaded_hash = bundled_hash
            wanted.save()
            report.created.append(label)
            changed = True
            continue
        current = _term_hash(
            term.term, term.definition, term.article.slug if term.article else None
        )
        action = decide(
            current=current,
            loaded=term.loaded_hash,
            bundled=bundled_hash,
            overwrite=wanted.slug in overwrite,
        )
        if action == "unchanged":
            continue
        if action == "keep":
            report.kept_edits.append(label)
            continue
        term.term, term.definition, term.article_id = (
            wanted.term,
            wanted.definition,
            wanted.article_id,
        )
        term.loaded_hash = bundled_hash
        term.save()
        report.updated.append(label)
        changed = True
    return changed


def _load_crisis_lines(
    directory: Path, report: LoadReport, overwrite: frozenset[str]
) -> None:
    """Create or refresh the bundled crisis lines, with their wording in other languages.

    A line is known by its country and name. The rule for editors' changes is
    the articles' one: a line nobody has changed takes the bundled version; a
    line an editor has changed, or confirmed (`last_checked`, which is never
    loaded), is kept and reported unless named in ``overwrite`` as
    crisis:CC:Name; replacing it clears that date.
    """
    existing = {
        (line.country_code, line.name): line for line in CrisisLine.objects.all()
    }
    for entry in bundled_crisis_lines(directory):
        wanted = CrisisLine(**entry)
        bundled_hash = wanted.content_hash()
        label = f"crisis:{wanted.country_code}:{wanted.name}"
        line = existing.get((wanted.country_code, wanted.name))
        if line is None:
            wanted.loaded_hash = bundled_hash
            wanted.save()
            report.created.append(label)
            continue
        action = decide(
            current=line.content_hash(),
            loaded=line.loaded_hash,
            bundled=bundled_hash,
            overwrite=label in overwrite,
        )
        if action == "unchanged" and line.loaded_hash != bundled_hash:
            # An editor's change that the bundle has since caught up with.
            CrisisLine.objects.filter(pk=line.pk).update(loaded_hash=bundled_hash)
        if action == "update":
            for name in CrisisLine.LOADED_FIELDS:
                setattr(line, name, getattr(wanted, name))
            # Set only on an edited line, which is updated only when named in
            # `overwrite`: the bundled version is not what the editor confirmed.
            line.last_checked = None
            line.loaded_hash = bundled_hash
            line.save()
        report.record(label, action)


def bundled_crisis_lines(directory: Path = LIBRARY_DIR) -> list[dict]:
    """The bundled crisis lines, each with its wording in other languages.

    Another language's file (fa/crisis_lines.toml) names each line by country,
    kind and number, because its names are in that language.
    """
    lines = tomllib.loads(
        (directory / "crisis_lines.toml").read_text(encoding="utf-8")
    )["line"]
    by_number = {}
    for line in lines:
        line["translations"] = {}
        by_number[(line["country_code"], line["kind"], line["phone"])] = line
    for language, folder in language_folders(directory):
        path = folder / "crisis_lines.toml"
        if language == settings.LANGUAGE_CODE or not path.exists():
            continue
        for entry in tomllib.loads(path.read_text(encoding="utf-8"))["line"]:
            line = by_number.get((entry["country_code"], entry["kind"], entry["phone"]))
            if line is not None:
                line["translations"][language] = {
                    field: entry.get(field, "")
                    for field in CrisisLine.TRANSLATED_FIELDS
                }
    return lines
