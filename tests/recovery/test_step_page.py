"""The step page lists each person's exercises first and the other side's below."""

import pytest
from django.urls import reverse

from tests.factories import exercise, make_user

pytestmark = pytest.mark.django_db

# step, an exercise for the hurt partner, one for the partner who strayed, one for both
ROLE_EXERCISES = [
    (
        1,
        "what-this-has-meant",
        "acknowledgement-letter",
        "questions-and-the-full-story",
    ),
    (2, "where-my-limits-are", "if-i-cant-yet-choose", "plan-for-slips-and-contact"),
    (4, "what-still-doesnt-make-sense", "explaining-my-choices", "our-shared-story"),
]


def exercise_lists(client, number) -> tuple[str, str]:
    """The page's "Exercises for you", then the folded list meant for the other side."""
    page = client.get(reverse("recovery:step", args=[number]))
    assert page.status_code == 200
    mine, _, others = page.text.partition('<details class="section">')
    return mine, others


def link(number, slug) -> str:
    return f'href="{exercise(number, slug).get_absolute_url()}"'


@pytest.mark.parametrize(("number", "hurt", "strayed", "both"), ROLE_EXERCISES)
def test_the_hurt_partner_sees_their_exercises_first(
    client, alice, couple, pathway, number, hurt, strayed, both
):
    client.force_login(alice)
    mine, others = exercise_lists(client, number)
    assert link(number, hurt) in mine and link(number, both) in mine
    assert link(number, strayed) in others and link(number, strayed) not in mine


@pytest.mark.parametrize(("number", "hurt", "strayed", "both"), ROLE_EXERCISES)
def test_the_partner_who_strayed_sees_their_exercises_first(
    client, bob, couple, pathway, number, hurt, strayed, both
):
    client.force_login(bob)
    mine, others = exercise_lists(client, number)
    assert link(number, strayed) in mine and link(number, both) in mine
    assert link(number, hurt) in others and link(number, hurt) not in mine


def test_someone_alone_who_has_not_said_their_side_sees_every_exercise(client, pathway):
    someone = make_user("robin@example.com", display_name="Robin", role="unsaid")
    client.force_login(someone)
    mine, others = exercise_lists(client, 4)
    assert "If you are doing this alone" in mine
    for slug in ("what-still-doesnt-make-sense", "explaining-my-choices"):
        assert link(4, slug) in mine
    assert others == ""


def test_a_hurt_partner_alone_still_meets_the_other_sides_exercises(
    client, alice, pathway
):
    client.force_login(alice)
    mine, others = exercise_lists(client, 2)
    assert "If you are doing this alone" in mine
    assert link(2, "where-my-limits-are") in mine
    assert link(2, "if-i-cant-yet-choose") in others


def test_a_step_that_does_not_exist_answers_404(client, pathway, alice):
    client.force_login(alice)
    assert client.get(reverse("recovery:step", args=[5])).status_code == 200
    assert client.get(reverse("recovery:step", args=[6])).status_code == 404
