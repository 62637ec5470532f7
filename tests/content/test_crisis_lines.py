"""Crisis lines: one dialable number each, honest about what is not confirmed."""

import datetime
import html
import importlib
import re
import tomllib

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from content.loader import LIBRARY_DIR, bundled_crisis_lines, load_library
from content.models import CrisisLine
from core.l10n import PERSIAN_DIGITS

# What a tel: link may hold: digits, with a + in front if the number has one.
TEL_TARGET = re.compile(r"^\+?[0-9]+$")
UNCONFIRMED = "Not yet confirmed by us: check before relying on it."


def dialled(phone: str) -> str:
    """The number as dialled: without spaces, hyphens and brackets."""
    return re.sub(r"[ ()-]", "", phone)


def bundled(language: str) -> list[dict]:
    folder = LIBRARY_DIR if language == "en" else LIBRARY_DIR / language
    return tomllib.loads((folder / "crisis_lines.toml").read_text(encoding="utf-8"))[
        "line"
    ]


def _items(country: str, block: str, lines: dict) -> None:
    for item in re.findall(r"<li>(.*?)</li>", block, re.S):
        name = re.search(r"<strong>(.*?)</strong>", item).group(1)
        lines[(html.unescape(country), html.unescape(name))] = item


def rendered_lines(client) -> tuple[dict[tuple[str, str], str], str]:
    """Each listed line's HTML, by (country, name) as the pages show them:
    the countries the safety page shows itself, then every country's page.
    Also returns all the pages' HTML, joined."""
    response = client.get(reverse("content:safety"))
    assert response.status_code == 200
    pages = [response.content.decode()]
    lines = {}
    for country, block in re.findall(
        r'<section class="country"[^>]*>\s*<h3[^>]*>(.*?)</h3>(.*?)</section>',
        pages[0],
        re.S,
    ):
        _items(country, block, lines)
    for code in re.findall(r'href="/safety/([a-z]{2})/"', pages[0]):
        response = client.get(reverse("content:safety-country", args=[code]))
        assert response.status_code == 200
        page = response.content.decode()
        pages.append(page)
        country = re.search(r"<h1>.*?: (.*?)</h1>", page, re.S).group(1)
        block = re.search(r'<ul class="crisis-lines">(.*?)</ul>', page, re.S).group(1)
        _items(country, block, lines)
    return lines, "".join(pages)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_every_bundled_number_is_one_dialable_number(language):
    for line in bundled(language):
        if line["phone"]:
            assert TEL_TARGET.match(dialled(line["phone"])), (
                f"{language}: {line['country_code']} {line['name']}: {line['phone']!r}"
            )


def test_every_bundled_line_has_a_status_and_a_source_and_no_checked_date():
    for line in bundled("en"):
        label = f"{line['country_code']} {line['name']}"
        assert line["status"] in CrisisLine.Status.values, label
        assert line["source"].startswith(("https://", "http://")), label
        # Only an editor who confirmed the number at its live source sets it.
        assert "last_checked" not in line, label
        # A line without a number is a website; it must say where to find it.
        assert line["phone"] or line["note"], label


def test_every_line_has_its_persian_wording():
    persian = {
        (line["country_code"], line["kind"], line["phone"]): line
        for line in bundled("fa")
    }
    assert len(persian) == len(bundled("fa")) == len(bundled("en"))
    for line in bundled_crisis_lines():
        label = f"{line['country_code']} {line['name']}"
        words = line["translations"].get("fa")
        assert words, f"no Persian entry for {label}"
        assert words["name"] and words["country"], label
        for field in ("serves", "note"):
            assert bool(words[field]) == bool(line[field]), f"{label}: {field}"


def test_a_line_that_holds_two_numbers_is_refused():
    line = CrisisLine(
        country_code="GB",
        country="United Kingdom",
        kind="emergency",
        name="Emergency services",
        phone="999 or 112",
    )
    with pytest.raises(ValidationError) as error:
        line.full_clean(validate_constraints=False)
    assert "phone" in error.value.message_dict
    line.phone = "+44 (0)808 2000-247"
    line.full_clean(validate_constraints=False)
    assert line.dial == "+4408082000247"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fa"])
def test_safety_page_dials_each_line_and_marks_unconfirmed_ones(
    client, library, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    listed, page = rendered_lines(client)
    with translation.override(language):
        marking = translation.gettext(UNCONFIRMED)
    if language == "fa":
        assert marking != UNCONFIRMED

    # Persian pages write the digits of their text, not of links, in Persian.
    def shown(text: str) -> str:
        return text.translate(PERSIAN_DIGITS) if language == "fa" else text

    with translation.override(language):
        lines = list(CrisisLine.objects.all())
    assert len(listed) == len(lines) == len(bundled("en"))
    for line in lines:
        item = listed[(shown(line.country), shown(line.name))]
        label = f"{line.country_code} {line.name}"
        links = [
            (target, html.unescape(re.sub(r"<[^>]+>", "", text)))
            for target, text in re.findall(r'href="tel:([^"]*)"[^>]*>(.*?)</a>', item)
        ]
        if line.phone:
            assert links == [(line.dial, shown(line.phone))], label
            assert TEL_TARGET.match(line.dial), label
        else:
            assert links == [], label
        if line.serves:
            assert shown(line.serves) in html.unescape(item), label
        assert (marking in item) == (line.status == CrisisLine.Status.UNCONFIRMED), (
            label
        )
    # Every tel: link on the page, as sent, dials one number in the digits 0-9.
    for target in re.findall(r'href="tel:([^"]*)"', page):
        assert TEL_TARGET.match(target), target


@pytest.mark.django_db
def test_loading_leaves_checked_dates_empty_and_the_page_shows_none(client, library):
    assert not CrisisLine.objects.filter(last_checked__isnull=False).exists()
    _lines, page = rendered_lines(client)
    assert "checked " not in re.sub(r"<[^>]+>", " ", page)


@pytest.mark.django_db
def test_iran_lines_say_what_each_number_is_for(library):
    iran = {line.phone: line for line in CrisisLine.objects.filter(country_code="IR")}
    assert iran["1480"].status == CrisisLine.Status.UNCONFIRMED
    assert "8 am to midnight" in iran["1480"].note
    assert "not around the clock" in iran["1480"].note
    assert iran["123"].status == CrisisLine.Status.UNCONFIRMED
    assert "suicide" in iran["123"].note
    assert "Red Crescent" in iran["112"].name
    assert "not a general emergency number" in iran["112"].note
    assert {"110", "115", "125"} <= set(iran)
    gbv = CrisisLine.objects.get(country_code="ZA", phone="0800 428 428")
    assert gbv.status == CrisisLine.Status.UNCONFIRMED
    assert "out of service" in gbv.note


@pytest.mark.django_db
def test_a_line_loaded_before_is_corrected_by_the_bundle():
    migration = importlib.import_module("content.migrations.0006_crisis_line_status")
    # As an earlier release loaded it, before lines had a status.
    old = CrisisLine.objects.create(
        country_code="GB",
        country="United Kingdom",
        order=2,
        kind="emergency",
        name="Emergency services",
        phone="999 or 112",
        source="https://www.gov.uk/guidance/999-and-112-the-uks-national-emergency-numbers",
    )
    migration.mark_unconfirmed_lines_as_loaded(apps, None)
    old.refresh_from_db()
    assert old.loaded_hash == old.content_hash()

    report = load_library()

    old.refresh_from_db()
    assert old.phone == "999"
    assert old.status == CrisisLine.Status.CONFIRMED
    assert old.translations["fa"]["name"]
    assert "crisis:GB:Emergency services" in report.updated
    assert CrisisLine.objects.filter(country_code="GB", kind="emergency").count() == 1


@pytest.mark.django_db
def test_a_line_an_editor_confirmed_is_kept_and_reported(library):
    line = CrisisLine.objects.get(country_code="IR", phone="123")
    line.status = CrisisLine.Status.CONFIRMED
    line.last_checked = datetime.date(2026, 12, 3)
    line.save()

    report = load_library()

    line.refresh_from_db()
    assert line.status == CrisisLine.Status.CONFIRMED
    assert line.last_checked == datetime.date(2026, 12, 3)
    assert report.kept_edits == [f"crisis:IR:{line.name}"]

    label = f"crisis:IR:{line.name}"
    load_library(overwrite=frozenset({label}))
    line.refresh_from_db()
    assert line.status == CrisisLine.Status.UNCONFIRMED
    # The editor confirmed another version: the bundled one is not checked.
    assert line.last_checked is None


@pytest.mark.django_db
def test_admin_lists_each_lines_status(admin_client, library):
    response = admin_client.get(
        reverse("admin:content_crisisline_changelist"), {"status": "unconfirmed"}
    )
    assert response.status_code == 200
    assert "Not yet confirmed" in response.content.decode()
