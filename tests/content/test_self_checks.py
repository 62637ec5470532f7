"""The bundled self-checks: stable answers, honest limits, sensible thresholds."""

import pytest
from django.urls import reverse

from content.bundled import self_checks

pytestmark = pytest.mark.django_db


def statement_ids(check):
    return [s["id"] for group in check["groups"] for s in group["statements"]]


@pytest.mark.parametrize("slug", ["warning-signs", "attachment-style"])
def test_statement_ids_are_unique_and_the_same_in_every_language(slug):
    english = statement_ids(self_checks("en")[slug])
    assert len(english) == len(set(english))
    assert statement_ids(self_checks("fa")[slug]) == english


def test_a_replaced_statement_keeps_its_old_id_out_of_use():
    # "avoidant-4" was "hard to put my feelings into words"; answers saved to
    # it must not show up under the statement that replaced it.
    avoidant = statement_ids(self_checks("en")["attachment-style"])
    assert "avoidant-4" not in avoidant
    assert "avoidant-6" in avoidant


def test_the_warning_signs_check_needs_three_ticks_in_a_group(client, library):
    # Its article says one or two ticks mean very little.
    check = self_checks("en")["warning-signs"]
    assert check["threshold"] == 3
    assert self_checks("fa")["warning-signs"]["threshold"] == 3
    assert all(len(group["statements"]) >= 5 for group in check["groups"])
    html = client.get(reverse("content:self-check", args=["warning-signs"])).text
    assert 'data-threshold="3"' in html
    assert "is this new?" in html


def test_a_check_without_its_own_threshold_uses_two(client, library):
    assert self_checks("en")["attachment-style"]["threshold"] == 2
    html = client.get(reverse("content:self-check", args=["attachment-style"])).text
    assert 'data-threshold="2"' in html


def test_the_attachment_reflection_says_it_is_not_a_validated_measure(client, library):
    html = client.get(reverse("content:self-check", args=["attachment-style"])).text
    assert "not a validated measure" in html
    assert "put my feelings into words" not in html
