"""The pathway in Persian: the same steps and exercises, in the reader's words."""

import pytest
from django.urls import reverse
from django.utils import translation

from recovery import progress
from recovery.models import Exercise, Step
from recovery.services import save_response
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def test_every_step_and_exercise_has_persian_texts(pathway):
    for step in Step.objects.all():
        persian = step.translations["fa"]
        assert persian["title"] and persian["why"] and persian["rendered"]["why"]
    for exercise in Exercise.objects.all():
        persian = exercise.translations["fa"]
        assert persian["title"] and persian["intro_html"]
        assert len(persian["prompts"]) == len(exercise.prompts), exercise.slug


def test_rows_read_in_persian_show_persian_and_cannot_overwrite_english(pathway):
    english = Step.objects.get(number=1)
    with translation.override("fa"):
        step = Step.objects.get(number=1)
        assert step.title == english.translations["fa"]["title"]
        assert step.title != english.title
        with pytest.raises(ValueError, match="edit it in en"):
            step.save()
    assert Step.objects.get(number=1).title == english.title


def test_the_cached_pathway_follows_the_language(pathway):
    with translation.override("fa"):
        persian = progress.pathway_structure()[0].title
    english = progress.pathway_structure()[0].title
    assert persian != english
    assert english == Step.objects.get(number=1).title


def test_partners_in_two_languages_share_one_exercise(client, pathway, alice, bob):
    exercise = Exercise.objects.filter(kind="reflection").first()
    save_response(user=alice, exercise=exercise, body="My words stay mine.")
    alice.language = "fa"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    page = client.get(exercise.get_absolute_url())
    assert page.status_code == 200
    assert exercise.translations["fa"]["title"] in page.text
    assert "My words stay mine." in page.text


def test_step_page_lists_related_reading_in_persian(client, pathway, alice):
    alice.language = "fa"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    page = page_text(client.get(reverse("recovery:step", kwargs={"number": 1})))
    from content.models import Article

    step = Step.objects.get(number=1)
    slug = step.related.first().slug
    assert Article.objects.get(language="fa", slug=slug).title in page
    assert Article.objects.get(language="en", slug=slug).title not in page


def test_each_process_keeps_the_pathway_until_a_change_is_announced(pathway):
    kept = progress.pathway_structure()
    assert progress.pathway_structure() is kept
    Step.objects.filter(number=1).update(title="Renamed by an editor")
    progress.forget_pathway_structure()  # as the admin and the loader do
    assert progress.pathway_structure()[0].title == "Renamed by an editor"
