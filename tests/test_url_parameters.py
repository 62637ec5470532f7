"""Whatever an address carries, a page answers calmly: a NUL character (which
PostgreSQL refuses in text) once made the library search a 500."""

import pytest
from django.urls import reverse

from tests.test_translations import (
    PUBLIC_PAGES,
    THERAPIST_PAGES,
    client_pages_with_objects,
)

pytestmark = pytest.mark.django_db

NUL = "a\x00b"
# Every parameter a Mend view reads from the address, all unreadable at once.
ODD = {
    name: NUL for name in ("q", "step", "kind", "weeks", "from", "to", "next", "edit")
}


def test_a_nul_in_the_library_search_is_refused_calmly(client, library):
    response = client.get(reverse("content:search"), {"q": NUL})

    assert response.status_code == 200
    assert "Your search held a character that cannot be searched for." in response.text
    assert "\x00" not in response.text


def test_a_nul_in_a_live_search_is_refused_calmly(client, library):
    response = client.get(
        reverse("content:search"), {"q": NUL}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "cannot be searched for" in response.text


def test_journal_filters_that_cannot_be_read_are_left_out(client, world):
    client.force_login(world["alice"])
    url = reverse("recovery:journal")
    everything = client.get(url).text.count('class="card journal-entry"')
    assert everything > 0

    response = client.get(url, {"q": NUL, "step": "²", "kind": NUL})

    assert response.status_code == 200
    assert "cannot be searched for" in response.text
    assert response.text.count('class="card journal-entry"') == everything
    # A step typed in Arabic-Indic digits is still step 1.
    assert client.get(url, {"step": "١"}).status_code == 200


def test_the_safety_check_never_sends_anyone_to_an_unreadable_address(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("couples:safety-check") + "?next=/home/%00",
        dict.fromkeys(["afraid", "threats", "hurt", "control", "monitored"], "no"),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("recovery:home")


def test_every_page_answers_odd_parameters_without_an_error(client, world):
    failures = []

    def visit(url):
        response = client.get(url, ODD)
        if response.status_code >= 500:
            failures.append((url, response.status_code))

    for url in PUBLIC_PAGES:
        visit(url.split("?")[0])
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
        client.force_login(world[person])
        for url in urls:
            visit(url)
    agreement = world["couple"].agreements.first()
    client.force_login(world["alice"])
    visit(reverse("couples:agreement-history", args=[agreement.pk]))

    assert failures == []
