"""The installable app: the web app manifest and the service worker script."""

import json

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from tests.factories import make_article

pytestmark = pytest.mark.django_db

# Words a neutral manifest must not contain: nothing about what Mend is for.
TELLING_WORDS = ["mend", "couple", "partner", "infidelity", "relationship", "heal"]


@pytest.fixture
def discreet_alice(alice):
    alice.discreet_mode = True
    alice.save(update_fields=["discreet_mode"])
    return alice


def get_manifest(client):
    response = client.get(reverse("manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    return response, json.loads(response.content)


def icon_files(manifest):
    return [icon["src"].removeprefix(settings.STATIC_URL) for icon in manifest["icons"]]


def test_manifest_describes_mend_for_a_visitor(client):
    response, manifest = get_manifest(client)
    assert manifest["name"] == manifest["short_name"] == "Mend"
    assert manifest["start_url"] == manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#2b6963"
    assert manifest["background_color"] == "#fbf8f3"
    assert (manifest["lang"], manifest["dir"]) == ("en", "ltr")
    assert "emotional infidelity" in manifest["description"]
    assert icon_files(manifest) == [
        "img/mend.svg",
        "img/mend-192.png",
        "img/mend-512.png",
    ]
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_every_icon_in_either_manifest_exists(client, discreet_alice):
    _, mend = get_manifest(client)
    client.force_login(discreet_alice)
    _, notes = get_manifest(client)
    for name in icon_files(mend) + icon_files(notes):
        assert finders.find(name), name


def test_discreet_mode_gets_a_neutral_name_and_icon(client, discreet_alice):
    client.force_login(discreet_alice)
    response, manifest = get_manifest(client)
    assert manifest["name"] == manifest["short_name"] == "Notes"
    assert "description" not in manifest
    assert icon_files(manifest) == [
        "img/notes.svg",
        "img/notes-192.png",
        "img/notes-512.png",
    ]
    assert manifest["theme_color"] != "#2b6963"
    text = response.content.decode().lower()
    assert [word for word in TELLING_WORDS if word in text] == []


def test_a_person_not_in_discreet_mode_gets_mend(client, bob):
    client.force_login(bob)
    _, manifest = get_manifest(client)
    assert manifest["name"] == "Mend"
    assert icon_files(manifest)[0] == "img/mend.svg"


def test_persian_visitors_get_a_persian_right_to_left_manifest(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    _, manifest = get_manifest(client)
    assert (manifest["lang"], manifest["dir"]) == ("fa", "rtl")
    assert manifest["name"] == "Mend"
    assert "خیانت عاطفی" in manifest["description"]


def test_persian_discreet_mode_is_neutral_in_persian(client, discreet_alice):
    client.force_login(discreet_alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    response, manifest = get_manifest(client)
    with translation.override("fa"):
        notes = translation.gettext("Notes")
    assert notes != "Notes"
    assert manifest["name"] == manifest["short_name"] == notes
    assert manifest["dir"] == "rtl"
    # Sent as UTF-8 text, not \u escapes.
    assert notes in response.content.decode()


def test_pages_link_the_manifest_with_credentials(client, discreet_alice):
    html = client.get(reverse("content:safety")).content.decode()
    # Without use-credentials the browser sends no cookie: no discreet mode.
    assert (
        '<link rel="manifest" href="/manifest.webmanifest" crossorigin="use-credentials">'
        in html
    )
    assert '<meta name="theme-color" content="#2b6963">' in html
    client.force_login(discreet_alice)
    html = client.get(reverse("content:safety")).content.decode()
    assert '<meta name="theme-color" content="#6b7075">' in html


def test_service_worker_is_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    with open(finders.find("js/sw.js"), encoding="utf-8") as script:
        assert response.content.decode() == script.read()


def test_service_worker_is_never_stored_by_the_http_cache_when_signed_in(client, alice):
    client.force_login(alice)
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/sw.js", "/manifest.webmanifest"])
def test_only_reading_methods_are_allowed(client, path):
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405


def test_pages_carry_the_headers_the_service_worker_decides_by(client, alice):
    """The service worker stores a page only without no-store or private.

    A visitor's library page may be stored; a signed-in person's never is.
    Content-Language lets it fetch the public copy in the language shown.
    """
    article = make_article()
    public = client.get(article.get_absolute_url())
    assert public.status_code == 200
    cache_control = public.get("Cache-Control", "")
    assert "no-store" not in cache_control and "private" not in cache_control
    assert public["Content-Language"] == "en"

    client.force_login(alice)
    personal = client.get(article.get_absolute_url())
    assert "no-store" in personal["Cache-Control"]
    assert "private" in personal["Cache-Control"]


def test_offline_page_is_a_static_file_with_its_own_policy():
    path = finders.find("offline.html")
    assert path
    with open(path, encoding="utf-8") as page:
        html = page.read()
    assert 'http-equiv="Content-Security-Policy"' in html
    assert "<script" not in html
    assert "<title>Offline</title>" in html
