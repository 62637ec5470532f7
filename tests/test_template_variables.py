"""No page prints a variable its view did not provide.

Django prints a missing variable as an empty string, so a template that asks
for a name the view stopped setting goes blank without an error (the
caseload's "Last activity" once did). Here every page renders with missing
variables made visible, for a visitor, a partner and a therapist.
"""

import re

import pytest
from django.template import engines
from django.urls import reverse

from tests.test_translations import (
    PUBLIC_PAGES,
    THERAPIST_PAGES,
    client_pages_with_objects,
)

pytestmark = pytest.mark.django_db

MARK = "MISSING-VARIABLE[%s]"
FOUND = re.compile(r"MISSING-VARIABLE\[([^\]]*)\]")


@pytest.fixture
def visible_missing_variables():
    engine = engines["django"].engine
    engine.string_if_invalid, before = MARK, engine.string_if_invalid
    yield
    engine.string_if_invalid = before


def test_every_page_has_every_variable_it_prints(
    client, world, visible_missing_variables
):
    missing = {}

    def visit(url):
        for name in FOUND.findall(client.get(url).content.decode()):
            missing.setdefault(name, set()).add(url)

    for url in PUBLIC_PAGES:
        visit(url)
    therapist_pages = [
        *THERAPIST_PAGES,
        reverse("recovery:caseload-client", args=[world["alice"].pk]),
        reverse("recovery:caseload-couple", args=[world["couple"].pk]),
    ]
    for person, pages in [
        ("alice", client_pages_with_objects(world)),
        ("theo", therapist_pages),
    ]:
        client.force_login(world[person])
        for url in pages:
            visit(url)
        client.logout()
    assert missing == {}
