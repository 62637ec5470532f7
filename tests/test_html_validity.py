"""Every main page is valid HTML, in English and Persian, for a visitor, both
partners and a therapist, as the Nu HTML Checker (vnu.jar) judges it: no
error, and no warning either (an article without a heading once slipped by).

The pages are rendered here and checked in one run of the checker (one Java
start). It needs Java 17+ and the checker's jar: `make html-checker` installs
it under var/vnu (with npm), or set VNU_JAR. Without them the test is skipped,
unless REQUIRE_HTML_CHECK=1 (as CI sets).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

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

ROOT = Path(__file__).resolve().parent.parent
JAR = Path(
    os.environ.get("VNU_JAR")
    or ROOT / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)
JAVA = shutil.which("java")

pytestmark = [pytest.mark.html_check, pytest.mark.django_db]


@pytest.fixture
def checker():
    missing = (
        "Java is not installed"
        if JAVA is None
        else f"no Nu HTML Checker at {JAR} (run `make html-checker` or set VNU_JAR)"
        if not JAR.exists()
        else None
    )
    if missing and os.environ.get("REQUIRE_HTML_CHECK") == "1":
        pytest.fail(f"The HTML check is required but {missing}.")
    if missing:
        pytest.skip(missing)

    def check(paths: list[Path]) -> list[dict]:
        result = subprocess.run(
            [
                JAVA,
                "-jar",
                str(JAR),
                "--format",
                "json",
                *map(str, paths),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        return json.loads(result.stderr or '{"messages": []}')["messages"]

    return check


def more_pages(world):
    """Pages the other lists leave out: errors, the confirmation page, history."""
    agreement = world["couple"].agreements.first()
    return [
        reverse("couples:agreement-history", args=[agreement.pk]),
        reverse("couples:agreement-change", args=[agreement.pk]),
        reverse("couples:couple-end"),
        reverse("account_reauthenticate"),
        reverse("account_change_password"),
        reverse("account_email"),
        reverse("couples:checkin") + "?edit=1",
        reverse("couples:trends") + "?weeks=2",
        reverse("couples:trends") + "?weeks=26",
    ]


def test_every_main_page_is_valid_html(checker, client, world, tmp_path):
    erin = make_user("erin@example.com", display_name="Erin")  # alone, inviting
    create_couple(user=erin)
    people = {
        None: [
            *PUBLIC_PAGES,
            reverse("account_confirm_email", args=["no-such-key"]),
            "/no-such-page/",
        ],
        "alice": [*client_pages_with_objects(world), *more_pages(world)],
        "bob": [
            reverse("recovery:home"),
            reverse("couples:checkin"),
            reverse("couples:couple"),
        ],
        "erin": [reverse("couples:couple"), reverse("couples:checkin")],
        "theo": [
            *THERAPIST_PAGES,
            reverse("recovery:caseload-client", args=[world["alice"].pk]),
            reverse("recovery:caseload-couple", args=[world["couple"].pk]),
        ],
    }
    users = {**world, "erin": erin}
    files = {}
    for language in ("en", "fa"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for person, urls in people.items():
            client.logout()
            if person:
                users[person].language = language
                users[person].save(update_fields=["language"])
                client.force_login(users[person])
            for url in urls:
                response = client.get(url)
                assert response.status_code in (200, 404), (person, url)
                path = tmp_path / f"{len(files):03d}.html"
                path.write_bytes(response.content)
                files[path.name] = f"{language} {person or 'visitor'} {url}"

    # A page the checker must refuse shows that it really looked.
    (tmp_path / "canary.html").write_text(
        '<!doctype html><html lang="en"><title>x</title><p hx-get="/">x</p></html>'
    )

    messages = checker(sorted(tmp_path.glob("*.html")))

    problems = {}
    for message in messages:
        # Errors, and warnings such as a section without a heading.
        if message["type"] == "info" and message.get("subType") != "warning":
            continue
        name = message.get("url", "").rsplit("/", 1)[-1]
        problems.setdefault(name, []).append(
            f"{files.get(name, name)} line {message.get('lastLine')}: "
            f"{message['message']}"
        )
    assert any("hx-get" in problem for problem in problems.pop("canary.html", []))
    assert problems == {}, "\n".join(
        line for lines in problems.values() for line in lines
    )
