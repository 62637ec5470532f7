"""Error pages that never fail: calm, with the quick exit, in the reader's language.

Each dependency is broken for real: the database is a PostgreSQL address
where nothing listens, Redis likewise; a bug is a view that raises.
"""

import contextlib

import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import Client
from django.urls import include, path, reverse

import config.urls
from tests import own_services

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise ValueError("A bug in a view.")


# Mend's URLs and error handlers, and a page with a bug.
urlpatterns = [path("broken/", broken_view), path("", include("config.urls"))]
handler500 = config.urls.handler500


@pytest.fixture
def with_a_broken_page(settings):
    settings.ROOT_URLCONF = __name__


@contextlib.contextmanager
def database_away():
    """Every query in the block goes to a port where nothing listens."""
    real = connections["default"]
    connections["default"] = DatabaseWrapper(
        {
            **real.settings_dict,
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "mend",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(own_services.free_port()),
            "OPTIONS": {"connect_timeout": 2},
        },
        "default",
    )
    try:
        yield
    finally:
        connections["default"] = real


@pytest.fixture
def redis_away(settings):
    """Redis without the database cache to fall back on, at a closed port."""
    working = settings.CACHES
    settings.CACHES = {
        **working,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{own_services.free_port()}/0",
        },
    }
    yield
    settings.CACHES = working


def visitor(**headers):
    return Client(raise_request_exception=False, headers=headers)


def signed_in(person, **headers):
    client = visitor(**headers)
    client.force_login(person)
    return client


def assert_calm_page(response, status, language="en"):
    assert response.status_code == status
    page = response.text
    assert f'<html lang="{language}"' in page
    assert "data-quick-exit" in page
    assert f'href="{settings.QUICK_EXIT_URL}"' in page
    assert f'href="{reverse("content:safety")}"' in page
    assert "/static/css/mend.css" in page
    assert "/static/js/mend.js" in page
    assert "no-store" in response["Cache-Control"]


def test_a_bug_shows_the_calm_500_page(with_a_broken_page):
    response = visitor().get("/broken/")
    assert_calm_page(response, 500)
    assert "Something went wrong on our side" in response.text


def test_the_500_page_is_in_the_language_the_browser_asks_for(with_a_broken_page):
    response = visitor(accept_language="fa").get("/broken/")
    assert_calm_page(response, 500, language="fa")
    assert 'dir="rtl"' in response.text
    assert "مشکلی از طرف ما پیش آمد" in response.text


def test_the_500_page_follows_the_language_cookie(with_a_broken_page):
    client = visitor(accept_language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    response = client.get("/broken/")
    assert_calm_page(response, 500, language="fa")


def test_signed_in_person_gets_the_calm_503_when_the_database_is_away(alice):
    client = signed_in(alice)
    assert client.get(reverse("recovery:home")).status_code == 200
    with database_away():
        response = client.get(reverse("recovery:home"))
    assert_calm_page(response, 503)
    assert response["Retry-After"] == "30"
    assert "Mend will be back in a moment" in response.text


def test_the_503_page_is_in_persian_for_a_persian_reader(alice):
    client = signed_in(alice, accept_language="fa")
    with database_away():
        response = client.post(reverse("couples:checkin"), {"mood": 3})
    assert_calm_page(response, 503, language="fa")


def test_a_visitor_gets_the_calm_503_when_redis_is_away_and_nothing_stands_in(
    redis_away,
):
    response = visitor().get(reverse("content:library"))
    assert_calm_page(response, 503)


def test_the_calm_page_renders_with_the_database_and_redis_both_away(redis_away, alice):
    client = signed_in(alice, accept_language="fa")
    with database_away():
        response = client.get(reverse("content:library"))
    assert_calm_page(response, 503, language="fa")
