"""Forms that look the same to everyone while blank are rendered once per
process and language (core/forms.py); anything a person gave them is not."""

import pytest
from django.utils import translation

from recovery import progress
from recovery.forms import AssignmentForm, TherapistNoteForm
from recovery.models import Exercise

pytestmark = pytest.mark.django_db


def test_a_blank_form_is_rendered_once_and_reads_as_a_fresh_rendering(pathway):
    first = str(AssignmentForm())
    assert str(AssignmentForm()) is first
    fresh = AssignmentForm().render(renderer=AssignmentForm.default_renderer)
    assert first == fresh
    assert 'name="exercise"' in first and "<option" in first


def test_what_a_person_typed_and_their_errors_are_never_kept(pathway):
    blank = str(TherapistNoteForm())
    typed = TherapistNoteForm({"text": "x" * 6000})
    assert not typed.is_valid()
    markup = str(typed)
    assert "xxxxxx" in markup and "errorlist" in markup
    assert str(TherapistNoteForm()) == blank
    assert "xxxxxx" not in blank
    given = str(TherapistNoteForm(initial={"text": "Started already"}))
    assert "Started already" in given
    assert "Started already" not in str(TherapistNoteForm())


def test_each_language_and_each_pathway_gets_its_own_markup(pathway):
    english = str(AssignmentForm())
    with translation.override("fa"):
        persian = str(AssignmentForm())
    assert persian != english
    exercise = Exercise.objects.order_by("pk").first()
    assert exercise.title in english
    Exercise.objects.filter(pk=exercise.pk).update(title="Renamed by an editor")
    progress.forget_pathway_structure()
    assert "Renamed by an editor" in str(AssignmentForm())


def test_the_kept_markup_holds_no_token_and_the_page_still_has_its_own(
    client, theo, alice, pathway
):
    from django.urls import reverse

    from couples.forms import InviteClientForm
    from tests.factories import consent

    for form in (AssignmentForm(), TherapistNoteForm(), InviteClientForm()):
        assert "csrfmiddlewaretoken" not in str(form)
    consent(alice, theo)
    client.force_login(theo)
    tokens = []
    for _visit in range(2):
        page = client.get(reverse("recovery:caseload-client", args=[alice.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert str(AssignmentForm()) in html and str(TherapistNoteForm()) in html
        tokens.append(html.count('name="csrfmiddlewaretoken"'))
    assert tokens[0] == tokens[1] >= 2  # each form's own, from the template


def test_a_form_with_another_prefix_is_not_served_the_kept_markup(pathway):
    plain = str(TherapistNoteForm())
    prefixed = str(TherapistNoteForm(prefix="second"))
    assert 'name="second-text"' in prefixed and 'name="second-text"' not in plain
