"""The first load of each main page weighs at most 100 KB, all from our origin.

Each page opens in a fresh browser context (nothing cached). The live test
server sends files uncompressed, so text files are counted at their gzip size,
as whitenoise serves them in production; the HTML is counted as sent, since
pages carrying secrets (CSRF tokens) are never compressed. Headers count too.
"""

import gzip
import urllib.parse

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import consent, make_checkin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 100 * 1024
COMPRESSIBLE = ("text/", "application/javascript", "image/svg+xml", "application/json")


def transferred(response) -> int:
    body = response.body()
    content_type = response.headers.get("content-type", "")
    is_page = response.request.resource_type == "document"
    if content_type.startswith(COMPRESSIBLE) and not is_page:
        body = gzip.compress(body, compresslevel=9)
    headers = sum(len(k) + len(v) + 4 for k, v in response.headers.items())
    return len(body) + headers


def first_load(browser, live_server, path, *, user=None, language=None):
    context = browser.new_context()
    if language is not None:
        context.add_cookies(
            [
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": language,
                    "url": live_server.url,
                }
            ]
        )
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    page = context.new_page()
    responses, origins = [], set()
    page.on("request", lambda r: origins.add(urllib.parse.urlsplit(r.url).netloc))
    page.on("response", lambda response: responses.append(response))
    page.goto(live_server.url + path, wait_until="networkidle")
    final_path = urllib.parse.urlsplit(page.url).path
    weight = sum(transferred(response) for response in responses)
    context.close()
    return final_path, weight, origins


PUBLIC = [
    reverse("content:landing"),
    reverse("content:library"),
    reverse("content:article", kwargs={"slug": "attachment-styles"}),
    reverse("content:search") + "?q=trust",
    reverse("content:safety"),
    reverse("content:glossary"),
]


@pytest.fixture
def people(pathway, alice, bob, couple, theo):
    make_checkin(alice, appreciated="Tea in the morning")
    make_checkin(bob)
    consent(alice, theo)
    consent(bob, theo)
    return {"alice": alice, "theo": theo}


def test_main_pages_are_light_and_use_only_our_origin(browser, live_server, people):
    signed_in = [
        (reverse("recovery:home"), people["alice"]),
        (reverse("couples:checkin"), people["alice"]),
        (reverse("recovery:step", kwargs={"number": 2}), people["alice"]),
        (reverse("couples:agreements"), people["alice"]),
        (reverse("recovery:caseload"), people["theo"]),
    ]
    ours = urllib.parse.urlsplit(live_server.url).netloc
    pages = [(path, None) for path in PUBLIC] + signed_in
    for path, user in pages:
        final_path, weight, origins = first_load(browser, live_server, path, user=user)
        assert final_path == urllib.parse.urlsplit(path).path, (path, final_path)
        assert origins == {ours}, f"{path} asked {origins - {ours}}"
        assert weight <= BUDGET, f"{path} weighs {weight / 1024:.1f} KB"
