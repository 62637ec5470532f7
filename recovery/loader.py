"""Load the bundled pathway (recovery/pathway/step-*.toml) into the database.

The same rule as the library: an item an editor changed in the admin is kept
and reported; an unedited item takes the newer bundled version.
"""

import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction

from content.loader import LoadReport
from content.models import Article
from content.rendering import render_markdown
from content.sync import decide, fingerprint

from .models import STEP_TEXT_FIELDS, Exercise, Step
from .progress import forget_pathway_structure

PATHWAY_DIR = Path(__file__).resolve().parent / "pathway"
EXERCISE_FIELDS = (
    "kind",
    "audience",
    "title",
    "minutes",
    "intro",
    "prompts",
    "ground_rules",
)


def _step_hash(values: dict, related: list[str]) -> str:
    return fingerprint({**values, "related": sorted(related)})


def _exercise_hash(values: dict) -> str:
    return fingerprint(values)


@transaction.atomic
def load_pathway(
    *, directory: Path = PATHWAY_DIR, overwrite: frozenset[str] = frozenset()
) -> LoadReport:
    report = LoadReport()
    articles = {
        a.slug: a
        for a in Article.objects.filter(language=settings.LANGUAGE_CODE).only(
            "pk", "slug"
        )
    }
    for path in sorted(directory.glob("step-*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        values = {name: data[name].strip() for name in STEP_TEXT_FIELDS}
        values |= {
            "slug": data["slug"],
            "title": data["title"],
            "summary": data["summary"],
        }
        related = [slug for slug in data.get("related", []) if slug in articles]
        step = _sync_step(data["number"], values, related, articles, report, overwrite)
        created_before = len(report.created)
        for order, entry in enumerate(data["exercises"], 1):
            wanted = {
                name: entry.get(name, [] if name in ("prompts", "ground_rules") else "")
                for name in EXERCISE_FIELDS
            }
            wanted["minutes"] = entry.get("minutes", 15)
            wanted["intro"] = wanted["intro"].strip()
            _sync_exercise(step, entry["slug"], order, wanted, report, overwrite)
        if len(report.created) > created_before:
            _follow_file_order(step, [entry["slug"] for entry in data["exercises"]])
        _load_translations(step, directory, path.name)
    forget_pathway_structure()
    return report


def _follow_file_order(step: Step, slugs: list[str]) -> None:
    """Put a step's exercises in the file's order, once the file has added some.

    An unchanged exercise keeps its stored order, so without this an exercise
    added mid-step would share its number with the one it was placed before.
    Only new exercises trigger it, so an editor's reordering otherwise stays.
    """
    for order, slug in enumerate(slugs, 1):
        Exercise.objects.filter(step=step, slug=slug).exclude(order=order).update(
            order=order
        )


def _load_translations(step: Step, directory: Path, filename: str) -> None:
    """Other languages' texts for a step and its exercises (fa/step-1.toml, …).

    The translated files mirror the default language's structure. They are
    the loader's to write: editors change the default language in the admin.
    """
    step_texts, exercise_texts = {}, {}
    for language, _name in settings.LANGUAGES:
        path = directory / language / filename
        if language == settings.LANGUAGE_CODE or not path.exists():
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts = {name: data[name].strip() for name in STEP_TEXT_FIELDS}
        step_texts[language] = texts | {
            "title": data["title"],
            "summary": data["summary"],
            "rendered": {
                name: render_markdown(text).html for name, text in texts.items()
            },
        }
        for entry in data["exercises"]:
            intro = entry.get("intro", "").strip()
            exercise_texts.setdefault(entry["slug"], {})[language] = {
                "title": entry["title"],
                "intro": intro,
                "intro_html": render_markdown(intro).html,
                "prompts": entry.get("prompts", []),
                "ground_rules": entry.get("ground_rules", []),
            }
    Step.objects.filter(pk=step.pk).update(translations=step_texts)
    for slug, translations in exercise_texts.items():
        Exercise.objects.filter(step=step, slug=slug).update(translations=translations)


def _sync_step(number, values, related, articles, report, overwrite) -> Step:
    bundled = _step_hash(values, related)
    label = f"step-{number}"
    step = Step.objects.prefetch_related("related").filter(number=number).first()
    if step is None:
        step = Step.objects.create(number=number, loaded_hash=bundled, **values)
        step.related.set([articles[s] for s in related])
        report.created.append(label)
        return step
    current = _step_hash(
        {name: getattr(step, name) for name in values},
        [a.slug for a in step.related.all()],
    )
    action = decide(
        current=current,
        loaded=step.loaded_hash,
        bundled=bundled,
        overwrite=label in overwrite,
    )
    if action == "update":
        for name, value in values.items():
            setattr(step, name, value)
        step.loaded_hash = bundled
        step.save()
        step.related.set([articles[s] for s in related])
    report.record(label, action)
    return step


def _sync_exercise(step, slug, order, wanted, report, overwrite) -> None:
    bundled = _exercise_hash(wanted)
    label = f"step-{step.number}/{slug}"
    exercise = Exercise.objects.filter(step=step, slug=slug).first()
    if exercise is None:
        Exercise.objects.create(
            step=step, slug=slug, order=order, loaded_hash=bundled, **wanted
        )
        report.created.append(label)
        return
    current = _exercise_hash({name: getattr(exercise, name) for name in wanted})
    action = decide(
        current=current,
        loaded=exercise.loaded_hash,
        bundled=bundled,
        overwrite=label in overwrite,
    )
    if action == "update":
        for name, value in wanted.items():
            setattr(exercise, name, value)
        exercise.order = order
        exercise.loaded_hash = bundled
        exercise.save()
    report.record(label, action)
