import pytest

from recovery.loader import load_pathway
from recovery.models import Exercise, Step

pytestmark = pytest.mark.django_db


def test_five_steps_with_three_to_six_exercises_each(pathway):
    steps = list(Step.objects.prefetch_related("exercises", "related"))
    assert [s.number for s in steps] == [1, 2, 3, 4, 5]
    for step in steps:
        assert 3 <= step.exercises.count() <= 6, step
        assert step.related.exists()
        assert step.rendered["why"].startswith("<p>")
    kinds = set(Exercise.objects.values_list("kind", flat=True))
    assert kinds == set(Exercise.Kind.values)


def test_loading_twice_changes_nothing(pathway):
    report = load_pathway()
    assert report.created == report.updated == report.kept_edits == []


def test_an_editors_change_is_kept(pathway):
    Exercise.objects.filter(slug="what-i-need-now").update(title="Edited by our editor")
    report = load_pathway()
    assert report.kept_edits == ["step-1/what-i-need-now"]
    assert Exercise.objects.get(slug="what-i-need-now").title == "Edited by our editor"


def test_every_conversation_has_ground_rules_and_prompts(pathway):
    for conversation in Exercise.objects.filter(kind="conversation"):
        assert conversation.ground_rules and conversation.prompts


def test_the_command_names_kept_edits(pathway):
    from io import StringIO

    from django.core.management import call_command

    Exercise.objects.filter(slug="what-i-need-now").update(title="Edited")
    out = StringIO()
    call_command("load_pathway", stdout=out)
    assert "Kept an editor's changes to step-1/what-i-need-now" in out.getvalue()
