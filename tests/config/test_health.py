"""Health endpoints for a load balancer: cheap, never cached, nothing personal."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from tests.config.test_cache_fallback import (  # noqa: F401 (fixtures)
    own_redis,
    redis_away,
)
from tests.config.test_error_pages import database_away

pytestmark = pytest.mark.django_db


def assert_never_cached(response):
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Vary" not in response


def test_healthz_answers_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"process": "ok"}
    assert_never_cached(response)


def test_healthz_answers_while_the_database_is_away():
    with database_away():
        response = Client().get("/healthz")
    assert response.status_code == 200


def test_healthz_answers_a_load_balancer_asking_by_address_over_plain_http(settings):
    settings.SECURE_SSL_REDIRECT = True
    response = Client(headers={"host": "10.1.2.3:8000"}).get("/healthz")
    assert response.status_code == 200


def test_readyz_reports_each_check():
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "database": "ok",
        "migrations": "ok",
        "redis": "not configured",
    }
    assert_never_cached(response)


def test_readyz_is_cheap_once_migrations_were_seen_applied(
    django_assert_num_queries,
):
    client = Client()
    assert client.get("/readyz").status_code == 200
    # SELECT 1; the migration check is not repeated.
    with django_assert_num_queries(1):
        assert client.get("/readyz").status_code == 200


def test_readyz_is_not_ready_while_the_database_is_away():
    with database_away():
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unreachable"
    assert_never_cached(response)


def test_readyz_stays_ready_while_redis_is_away_and_the_database_stands_in(
    redis_away,  # noqa: F811
):
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert (
        json.loads(response.content)["redis"]
        == "unreachable, the database cache stands in"
    )


def test_readyz_says_redis_answers(own_redis):  # noqa: F811
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content)["redis"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_readyz_is_not_ready_until_every_migration_is_applied():
    call_command("migrate", "couples", "0009", verbosity=0)
    try:
        response = Client().get("/readyz")
        assert response.status_code == 503
        assert json.loads(response.content)["migrations"] == "not applied"
    finally:
        call_command("migrate", verbosity=0)
    assert Client().get("/readyz").status_code == 200


def test_other_methods_are_not_answered_by_the_health_check():
    assert Client().post("/healthz").status_code == 404
