"""Each label says "(optional)" once: the shared field template says it,
never the label's own text (they once read "(optional) (optional)")."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from couples.services import create_couple
from tests.factories import make_user
from tests.test_translations import (
    PUBLIC_PAGES,
    THERAPIST_PAGES,
    client_pages_with_objects,
)

pytestmark = pytest.mark.django_db

LABEL = re.compile(r"<(label|legend)\b[^>]*>(.*?)</\1>", re.DOTALL)
OPTIONAL = {"en": "(optional)", "fa": "(اختیاری)"}


def labels(html):
    return [
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for _, text in LABEL.findall(html)
    ]


def repeated_optional(client, urls, language):
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        for label in labels(response.text):
            if label.count(OPTIONAL[language]) > 1:
                found.setdefault(url, []).append(label)
    return found


@pytest.mark.parametrize("language", ["en", "fa"])
def test_invitation_email_says_optional_once(client, language):
    erin = make_user("erin@example.com", display_name="Erin", language=language)
    create_couple(user=erin)
    client.force_login(erin)

    response = client.get(reverse("couples:couple"))

    assert response.status_code == 200
    email_label = next(
        label for label in labels(response.text) if OPTIONAL[language] in label
    )
    assert email_label.count(OPTIONAL[language]) == 1


@pytest.mark.parametrize("language", ["en", "fa"])
def test_no_label_on_any_page_repeats_optional(client, world, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    found = repeated_optional(client, PUBLIC_PAGES, language)
    for person, urls in [
        ("alice", client_pages_with_objects(world)),
        (
            "theo",
            [
                *THERAPIST_PAGES,
                reverse("recovery:caseload-client", args=[world["alice"].pk]),
            ],
        ),
    ]:
        world[person].language = language
        world[person].save(update_fields=["language"])
        client.force_login(world[person])
        found |= repeated_optional(client, urls, language)

    assert found == {}


def test_assignment_note_and_exercise_say_optional_once(client, world):
    client.force_login(world["theo"])

    response = client.get(reverse("recovery:caseload-client", args=[world["alice"].pk]))

    assert response.status_code == 200
    optional = [label for label in labels(response.text) if "(optional)" in label]
    assert "A note for your client (optional)" in optional
    assert "A specific exercise (optional)" in optional
    assert "Due (optional)" in optional
    assert all(label.count("(optional)") == 1 for label in optional)
