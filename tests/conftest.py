"""Shared fixtures: personas and the browser set-up (factories are in factories.py).

Personas, and what each may see of the others:
- alice and bob are partners in one couple: each sees only what the other shares.
- carol is partnered with dave in another couple: she sees nothing of alice or bob.
- theo is a verified therapist; tests give him alice's and bob's consent.
- tina is a verified therapist nobody consented to: she sees nothing personal.
- uma is a therapist still waiting for verification: she sees nothing.
"""

import os
import shutil

import pytest

from couples.services import create_couple, join_couple
from tests.factories import PASSWORD as PASSWORD  # every persona signs in with it
from tests.factories import consent, grow_history, make_therapist, make_user

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
HAVE_CHROMIUM = shutil.which(CHROMIUM) is not None
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"

if HAVE_CHROMIUM:
    # Playwright's sync API runs an event loop in the main thread; without this
    # Django refuses every database call made from it (live_server set-up).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if HAVE_CHROMIUM:
        return
    if REQUIRE_BROWSER:
        raise pytest.UsageError(
            f"Browser tests are required but {CHROMIUM} is missing."
        )
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (set CHROMIUM_PATH)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _test_settings(settings, request):
    # Argon2 costs a tenth of a second per password set or checked; tests make
    # hundreds of people. Hashes made this way still verify, and a test marked
    # production_hasher keeps the production list to check Argon2 itself.
    if request.node.get_closest_marker("production_hasher") is None:
        settings.PASSWORD_HASHERS = [
            "django.contrib.auth.hashers.MD5PasswordHasher",
            *settings.PASSWORD_HASHERS,
        ]
    # Tasks run at once, so their effects (emails) are visible to the test.
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    # Hashed static names need collectstatic; live_server serves plain files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # Tests start from an empty cache of their own, and query counts count only
    # what a page asks the database; tests/config/test_cache_fallback.py covers
    # the database cache that production uses without Redis.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    # A request leaves its language active in the thread, as a server would
    # until its next request; each test starts in the default language.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache(_test_settings):
    from content.page_cache import empty_caches

    empty_caches()
    yield
    empty_caches()


@pytest.fixture
def alice(db):
    return make_user("alice@example.com", display_name="Alice", role="hurt")


@pytest.fixture
def bob(db):
    return make_user("bob@example.com", display_name="Bob", role="strayed")


@pytest.fixture
def couple(alice, bob):
    couple = create_couple(user=alice)
    join_couple(couple=couple, user=bob)
    return couple


@pytest.fixture
def carol(db):
    carol = make_user("carol@example.com", display_name="Carol")
    dave = make_user("dave@example.com", display_name="Dave")
    other = create_couple(user=carol)
    join_couple(couple=other, user=dave)
    return carol


@pytest.fixture
def theo(db):
    return make_therapist("theo@example.com", "Theo")


@pytest.fixture
def tina(db):
    return make_therapist("tina@example.com", "Tina")


@pytest.fixture
def uma(db):
    # a therapist who signed up but is not verified yet: sees nothing
    return make_therapist("uma@example.com", "Uma", verified=False)


# ---------- Browser ----------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_page(page, live_server):
    """A Playwright page on the live server that fails on any CSP violation."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.set_default_timeout(10_000)
    page.base = live_server.url
    yield page
    assert violations == [], f"CSP violations in the console: {violations}"


# ---------- Library ----------


@pytest.fixture
def library(db):
    """The bundled library, loaded as `make run` loads it."""
    from content.loader import load_library

    load_library()


@pytest.fixture
def pathway(db):
    """The bundled library and pathway, loaded as `make run` loads them."""
    from content.loader import load_library
    from recovery.loader import load_pathway

    load_library()
    load_pathway()


# ---------- A couple with history, and their therapist ----------


@pytest.fixture
def world(pathway, alice, bob, couple, theo, carol):
    consent(alice, theo, share_checkins=True, share_responses=True)
    consent(bob, theo, share_checkins=True, share_responses=True)
    grow_history([alice, bob], couple, theo, days=2)
    return {"alice": alice, "bob": bob, "theo": theo, "couple": couple}
