"""The time-zone menu: short, current, named in the person's language, and
never losing a zone a person saved before it was shortened."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from couples.time_zones import LISTED, TimeZoneField, grouped_choices

ZONE_TAB = Path("/usr/share/zoneinfo/zone.tab")


def offered(html):
    menu = html.split('<select name="time_zone"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]*)"', menu), menu


@pytest.mark.skipif(
    not ZONE_TAB.exists(), reason="no tz database at /usr/share/zoneinfo"
)
def test_every_listed_zone_is_a_current_name_not_an_alias():
    current = {
        line.split("\t")[2]
        for line in ZONE_TAB.read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert LISTED - {"UTC"} <= current


def test_the_menu_is_short_grouped_and_shows_the_hour_there():
    with translation.override("en"):
        groups = grouped_choices()
    zones = [zone for _region, options in groups for zone, _label in options]
    assert 50 < len(zones) < 120
    assert len(zones) == len(set(zones))
    assert "Africa/Asmera" not in zones and "Asia/Calcutta" not in zones
    labels = dict(option for _region, options in groups for option in options)
    assert re.fullmatch(r"Tehran \(\u2066UTC\+3:30\u2069\)", labels["Asia/Tehran"])


def test_any_real_zone_is_accepted_and_made_up_ones_are_not():
    field = TimeZoneField()
    assert field.clean("Asia/Calcutta") == "Asia/Calcutta"  # an older browser's name
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="valid choice"),
    ):
        field.clean("Mars/Olympus")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Asia and the Middle East", "Europe", "Tehran (", "Stockholm ("]),
        (
            "fa",
            ["آسیا و خاورمیانه", "اروپا", "تهران (", "استکهلم (", "کابل (", "دوشنبه ("],
        ),
    ],
)
def test_settings_offers_named_zones_by_region_in_the_persons_language(
    client, alice, language, expected
):
    alice.language = language
    alice.save(update_fields=["language"])
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get(reverse("couples:settings"))

    assert response.status_code == 200
    values, menu = offered(response.text)
    assert set(values) == LISTED
    assert menu.count("<optgroup") >= 5
    for text in expected:
        assert text in menu
    # UTC is the default nobody chose: the browser may offer its own zone.
    assert "data-detect-time-zone" in response.text
    assert "data-user-chosen" not in response.text


@pytest.mark.django_db
def test_a_saved_older_zone_name_stays_selected_and_saves_unchanged(client, alice):
    alice.time_zone = "Africa/Asmera"
    alice.save(update_fields=["time_zone"])
    client.force_login(alice)

    response = client.get(reverse("couples:settings"))

    assert response.status_code == 200
    values, menu = offered(response.text)
    assert "Africa/Asmera" in values
    assert '<option value="Africa/Asmera" selected>Asmera (' in menu
    assert 'data-user-chosen="true"' in response.text

    response = client.post(
        reverse("couples:settings"),
        {"display_name": "Alice", "role": "hurt", "time_zone": "Africa/Asmera"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.time_zone == "Africa/Asmera"


@pytest.mark.django_db
def test_sign_up_keeps_the_zone_the_browser_reported(client):
    from couples.models import User
    from tests.conftest import PASSWORD

    response = client.get(reverse("account_signup"))
    hidden = re.search(r'<input type="hidden" name="time_zone"[^>]*>', response.text)
    assert "value=" not in hidden.group(0)  # empty, for the browser to fill

    client.post(
        reverse("account_signup"),
        {
            "email": "robin@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "Asia/Kolkata",
            "processing_consent": "on",
        },
    )
    assert User.objects.get(email="robin@example.com").time_zone == "Asia/Kolkata"
