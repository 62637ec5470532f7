"""Every page renders in English and in Persian, with no untranslated string.

While Persian pages render, every message the templates and code ask to have
translated is checked against the compiled catalogues (ours, Django's and
allauth's). A message with no Persian translation fails the test by name.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import trans_real

from couples.models import Agreement
from recovery.models import Exercise

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


@pytest.fixture
def untranslated(monkeypatch):
    """Messages looked up in Persian that no catalogue translates."""
    missing = set()
    gettext = trans_real.DjangoTranslation.gettext
    ngettext = trans_real.DjangoTranslation.ngettext

    def is_translated(translation, message):
        catalog = translation._catalog
        # Text with no Latin letter is already Persian (a translation passed on).
        return (
            message in catalog
            or (message, 0) in catalog
            or not re.search("[A-Za-z]", message)
        )

    def checked_gettext(self, message):
        if self.language() == "fa" and message and not is_translated(self, message):
            missing.add(message.replace("\x04", " | "))
        return gettext(self, message)

    def checked_ngettext(self, singular, plural, number):
        if self.language() == "fa" and not is_translated(self, singular):
            missing.add(singular)
        return ngettext(self, singular, plural, number)

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", checked_gettext)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", checked_ngettext)
    return missing


PUBLIC_PAGES = [
    reverse("content:landing"),
    reverse("content:library"),
    reverse("content:topic", kwargs={"slug": "repair"}),
    reverse("content:article", kwargs={"slug": "attachment-styles"}),
    reverse("content:glossary"),
    reverse("content:search") + "?q=trust",
    reverse("content:search") + "?q=zzzzqqq",
    reverse("content:safety"),
    reverse("recovery:struggling"),
    reverse("content:privacy"),
    reverse("content:self-check", kwargs={"slug": "warning-signs"}),
    reverse("content:self-check", kwargs={"slug": "attachment-style"}),
    reverse("account_login"),
    reverse("account_signup"),
    reverse("therapist-signup"),
    reverse("account_reset_password"),
]

CLIENT_PAGES = [
    reverse("recovery:home"),
    reverse("couples:checkin"),
    reverse("couples:trends"),
    reverse("couples:monthly"),
    reverse("couples:couple"),
    reverse("couples:agreements"),
    reverse("couples:agreement-create"),
    reverse("couples:therapists"),
    reverse("couples:settings"),
    reverse("couples:safety-check"),
    reverse("couples:intake"),
    reverse("recovery:pathway"),
    *[reverse("recovery:step", kwargs={"number": n}) for n in range(1, 6)],
    reverse("recovery:journal"),
    reverse("content:reflections"),
    reverse("recovery:triggers"),
    reverse("recovery:trigger-create"),
    reverse("recovery:struggling"),
    reverse("recovery:exports"),
    reverse("content:saved"),
    reverse("couples:news"),
    reverse("couples:timeline"),
    reverse("couples:notifications"),
    reverse("usersessions_list"),
    reverse("mfa_index"),
]

THERAPIST_PAGES = [reverse("recovery:caseload"), reverse("couples:news")]


def client_pages_with_objects(world):
    agreement = Agreement.objects.filter(couple=world["couple"]).first()
    exercises = [
        Exercise.objects.filter(kind=kind).first().get_absolute_url()
        for kind in Exercise.Kind.values
    ]
    return [
        *CLIENT_PAGES,
        reverse("couples:agreement-detail", kwargs={"pk": agreement.pk}),
        *exercises,
    ]


def render_all(client, world, language):
    """Load every page as a visitor, a partner and a therapist; return failures."""
    failures = []

    def visit(url):
        response = client.get(url)
        if response.status_code != 200:
            failures.append((url, response.status_code))
        elif f'<html lang="{language}"' not in response.text:
            failures.append((url, "wrong language"))

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in PUBLIC_PAGES:
        visit(url)
    for person, pages in [
        ("alice", client_pages_with_objects(world)),
        (
            "theo",
            [
                *THERAPIST_PAGES,
                f"/caseload/client/{world['alice'].pk}/",
                f"/caseload/couple/{world['couple'].pk}/",
            ],
        ),
    ]:
        user = world[person]
        user.language = language
        user.save(update_fields=["language"])
        client.force_login(user)
        for url in pages:
            visit(url)
        client.logout()
    return failures


def test_every_page_renders_in_english(client, world):
    assert render_all(client, world, "en") == []


def test_every_page_renders_in_persian_with_nothing_untranslated(
    client, world, untranslated
):
    assert render_all(client, world, "fa") == []
    assert sorted(untranslated) == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
def test_the_persian_catalogue_is_complete():
    result = subprocess.run(
        [
            shutil.which("msgfmt"),
            "--check",
            "--statistics",
            "-o",
            "/dev/null",
            ROOT / "locale/fa/LC_MESSAGES/django.po",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr
