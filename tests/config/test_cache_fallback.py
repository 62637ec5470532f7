"""Redis is an accelerator: while it is away, Mend works from the database cache.

Redis is "away" either at a closed loopback port or as a real redis-server of
the test's own that it stops and starts again (skipped without redis-server).
"""

import logging
import time

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.urls import reverse

from config import caches as fallback
from couples.models import CheckIn
from tests import own_services
from tests.conftest import PASSWORD
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CACHED_DB_SESSIONS = "django.contrib.sessions.backends.cached_db"


def redis_cache(url):
    return {
        "BACKEND": "config.caches.RedisCacheWithFallback",
        "LOCATION": url,
        "KEY_PREFIX": "mend",
        "FALLBACK": "database",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
    }


@pytest.fixture
def redis_away(settings):
    """Redis at a port where nothing listens, as production sets it up."""
    port = own_services.free_port()
    settings.CACHES = {
        **settings.CACHES,
        "default": redis_cache(f"redis://127.0.0.1:{port}/0"),
    }
    settings.SESSION_ENGINE = CACHED_DB_SESSIONS
    return port


@pytest.fixture
def own_redis(settings, tmp_path, monkeypatch):
    if reason := own_services.missing_redis():
        pytest.skip(reason)
    # Try Redis again sooner than in production, so the test need not wait.
    monkeypatch.setattr(fallback, "RETRY_SECONDS", 0.2)
    redis = own_services.OwnRedis(tmp_path)
    redis.start()
    settings.CACHES = {**settings.CACHES, "default": redis_cache(redis.url)}
    settings.SESSION_ENGINE = CACHED_DB_SESSIONS
    yield redis
    redis.stop()


def cache_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM mend_cache")
        return cursor.fetchone()[0]


def test_visitors_read_the_library_while_redis_is_away(client, redis_away):
    make_article("steady", title="Steady ground", body="Calm words.")
    for _ in range(2):
        library = client.get(reverse("content:library"))
        article = client.get(reverse("content:article", kwargs={"slug": "steady"}))
        assert library.status_code == 200
        assert article.status_code == 200
        assert "Steady ground" in article.text


def test_signed_in_people_keep_working_while_redis_is_away(client, redis_away, alice):
    client.force_login(alice)
    home = client.get(reverse("recovery:home"))
    assert home.status_code == 200
    assert "Sign out" in home.text

    saved = client.post(
        reverse("couples:checkin"),
        {"mood": 3, "closeness": 6, "safety": 5, "note": "A quiet day."},
    )
    assert saved.status_code == 302
    assert CheckIn.objects.get(user=alice).note == "A quiet day."


def test_failed_sign_ins_are_counted_in_the_database_while_redis_is_away(
    client, redis_away, alice
):
    login = reverse("account_login")
    for attempt in range(5):
        page = client.post(login, {"login": alice.email, "password": f"no-{attempt}"})
        assert page.status_code == 200
        assert "Too many failed" not in page.text
    assert cache_rows() > 0
    page = client.post(login, {"login": alice.email, "password": PASSWORD})
    assert "Too many failed login attempts" in page.text


def test_the_log_says_once_that_redis_is_away_not_on_every_call(redis_away, caplog):
    with caplog.at_level(logging.WARNING, logger="mend.cache"):
        for number in range(50):
            cache.set(f"key-{number}", number)
            assert cache.get(f"key-{number}") == number
    said = [r.getMessage() for r in caplog.records if r.name == "mend.cache"]
    assert len(said) == 1
    assert f"127.0.0.1:{redis_away} is unreachable" in said[0]


def test_without_redis_production_counts_sign_ins_in_the_database(
    client, settings, alice
):
    settings.CACHES = {**settings.CACHES, "default": settings.DATABASE_CACHE}
    login = reverse("account_login")
    for attempt in range(5):
        client.post(login, {"login": alice.email, "password": f"no-{attempt}"})
    assert cache_rows() > 0
    page = client.post(login, {"login": alice.email, "password": PASSWORD})
    assert "Too many failed login attempts" in page.text


def test_redis_is_the_cache_again_when_it_returns(own_redis, caplog):
    import redis

    direct = redis.Redis.from_url(own_redis.url)
    cache.set("before", "in redis")
    assert direct.exists(cache.make_key("before"))

    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="mend.cache"):
        cache.set("during", "in the database")
        assert cache.get("during") == "in the database"
        assert caches["database"].get("during") == "in the database"

        own_redis.start()
        time.sleep(fallback.RETRY_SECONDS + 0.1)
        cache.set("after", "in redis")
    assert direct.exists(cache.make_key("after"))
    # What the database held during the outage is gone, so the next outage
    # cannot serve it stale.
    assert caches["database"].get("during") is None
    said = [r.getMessage() for r in caplog.records if r.name == "mend.cache"]
    assert len(said) == 2
    assert "unreachable" in said[0]
    assert "answers again" in said[1]


def test_what_changed_during_the_outage_is_not_served_stale_by_redis(own_redis):
    # A session signed out while Redis was away must not come back with it.
    cache.set("session", "signed in")
    own_redis.stop(keep_data=True)
    cache.delete("session")
    own_redis.start()
    time.sleep(fallback.RETRY_SECONDS + 0.1)
    assert cache.get("session") is None


def test_a_signed_in_person_stays_signed_in_through_a_redis_restart(
    client, own_redis, alice
):
    client.force_login(alice)
    assert client.get(reverse("recovery:home")).status_code == 200
    own_redis.stop()
    during = client.get(reverse("recovery:home"))
    assert during.status_code == 200
    own_redis.start()
    time.sleep(fallback.RETRY_SECONDS + 0.1)
    after = client.get(reverse("recovery:home"))
    assert after.status_code == 200
    assert "Sign out" in after.text


def test_every_call_goes_through_one_redis_client(own_redis):
    # Making a redis-py client costs more than a call: Django makes one per call.
    client = cache._cache.get_client(write=True)
    cache.set("one", 1)
    assert cache.get("one") == 1
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client
