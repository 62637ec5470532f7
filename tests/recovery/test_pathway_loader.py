import pytest

from content.models import Article
from recovery.loader import load_pathway
from recovery.models import Exercise, Step

pytestmark = pytest.mark.django_db


def test_five_steps_with_three_to_nine_exercises_each(pathway):
    steps = list(Step.objects.prefetch_related("exercises", "related"))
    assert [s.number for s in steps] == [1, 2, 3, 4, 5]
    for step in steps:
        exercises = list(step.exercises.all())
        assert 3 <= len(exercises) <= 9, step
        # What one person sees as "exercises for you" stays a short list.
        for role in ("hurt", "strayed"):
            assert len([e for e in exercises if e.fits(role)]) <= 7, (step, role)
        assert step.related.exists()
        assert step.rendered["why"].startswith("<p>")
    kinds = set(Exercise.objects.values_list("kind", flat=True))
    assert kinds == set(Exercise.Kind.values)


# Added for making sense together, questions, slips, the dance and help.
NEW_EXERCISES = {
    (1, "questions-and-the-full-story"): ("conversation", "both"),
    (2, "plan-for-slips-and-contact"): ("conversation", "both"),
    (2, "if-i-cant-yet-choose"): ("reflection", "strayed"),
    (2, "where-my-limits-are"): ("reflection", "hurt"),
    (3, "reach-and-respond"): ("reflection", "both"),
    (3, "naming-our-dance"): ("conversation", "both"),
    (4, "what-still-doesnt-make-sense"): ("reflection", "hurt"),
    (4, "explaining-my-choices"): ("letter", "strayed"),
    (4, "making-sense-conversation"): ("conversation", "both"),
    (4, "our-shared-story"): ("reflection", "both"),
    (5, "kinds-of-help"): ("reflection", "anyone"),
    (5, "choosing-a-therapist"): ("reflection", "anyone"),
    (5, "bringing-mend-to-therapy"): ("therapy_prep", "anyone"),
}


@pytest.mark.parametrize(("place", "kind_and_audience"), NEW_EXERCISES.items())
def test_every_new_exercise_loads_for_its_audience(pathway, place, kind_and_audience):
    number, slug = place
    exercise = Exercise.objects.get(step__number=number, slug=slug)
    assert (exercise.kind, exercise.audience) == kind_and_audience
    assert exercise.intro_html.startswith("<p>") and exercise.prompts
    persian = exercise.translations["fa"]
    assert persian["title"] != exercise.title
    assert len(persian["prompts"]) == len(exercise.prompts)


def test_the_making_sense_exercises_close_step_four_in_order(pathway):
    slugs = list(Exercise.objects.filter(step__number=4).values_list("slug", flat=True))
    assert slugs[-4:] == [
        "what-still-doesnt-make-sense",
        "explaining-my-choices",
        "making-sense-conversation",
        "our-shared-story",
    ]


def test_ground_rules_limit_insults_and_excuses_not_anger_or_boundaries(pathway):
    listening = Exercise.objects.get(slug="listening-without-defending")
    assert not any("No blame" in rule for rule in listening.ground_rules)
    assert any("Anger" in rule for rule in listening.ground_rules)
    deciding = Exercise.objects.get(slug="deciding-the-future")
    assert not any("threats to leave" in rule for rule in deciding.ground_rules)
    assert any("is not a threat" in rule for rule in deciding.ground_rules)


def test_exercises_added_mid_step_take_their_place_in_a_loaded_database(pathway):
    # A database loaded before step 5 gained its first two exercises and a fifth.
    added = ["kinds-of-help", "choosing-a-therapist", "bringing-mend-to-therapy"]
    Exercise.objects.filter(step__number=5, slug__in=added).delete()
    for order, slug in enumerate(
        [
            "getting-ready-for-therapy",
            "my-progress-summary",
            "deciding-the-future",
            "healthy-either-way",
        ],
        1,
    ):
        Exercise.objects.filter(step__number=5, slug=slug).update(order=order)
    report = load_pathway()
    assert sorted(report.created) == sorted(f"step-5/{slug}" for slug in added)
    orders = list(Exercise.objects.filter(step__number=5).values_list("order", "slug"))
    assert orders == [
        (1, "kinds-of-help"),
        (2, "choosing-a-therapist"),
        (3, "getting-ready-for-therapy"),
        (4, "my-progress-summary"),
        (5, "bringing-mend-to-therapy"),
        (6, "deciding-the-future"),
        (7, "healthy-either-way"),
    ]


def test_an_editors_order_is_kept_when_nothing_new_is_added(pathway):
    Exercise.objects.filter(slug="what-i-need-now").update(order=0)
    load_pathway()
    assert Exercise.objects.filter(step__number=1).first().slug == "what-i-need-now"


def test_a_related_article_not_written_yet_is_skipped_then_linked(library):
    from tests.factories import make_article

    # A deploy whose pathway names an article the library does not have yet.
    Article.objects.filter(slug="making-sense-together").delete()
    load_pathway()
    step = Step.objects.get(number=4)
    assert "making-sense-together" not in step.related.values_list("slug", flat=True)
    make_article("making-sense-together", title="Making sense together")
    load_pathway()
    assert "making-sense-together" in step.related.values_list("slug", flat=True)


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
