"""Settings fail closed: production start-up refuses an insecure configuration."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests.push_receiver import vapid_keys

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "PATH": "/usr/bin:/bin",
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60 + "-production-like-secret-for-the-check",
    "ALLOWED_HOSTS": "mend.example.org",
    "FIELD_ENCRYPTION_KEYS": "bm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm4=",
    "EMAIL_HOST": "smtp.example.org",
    **dict(zip(("VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"), vapid_keys(), strict=True)),
}


def run_django(env, *args):
    code = "import django; django.setup(); from django.conf import settings; settings.INSTALLED_APPS"
    command = (
        [sys.executable, "manage.py", *args] if args else [sys.executable, "-c", code]
    )
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("missing", "hint"),
    [
        ("SECRET_KEY", "SECRET_KEY is not set"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS is not set"),
        ("FIELD_ENCRYPTION_KEYS", "FIELD_ENCRYPTION_KEYS is not set"),
    ],
)
def test_production_refuses_to_start_without(missing, hint):
    result = run_django({**PRODUCTION, missing: ""})
    assert result.returncode != 0
    assert hint in result.stderr


def test_debug_is_off_unless_asked_for():
    env = {key: value for key, value in PRODUCTION.items() if key != "DEBUG"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_NAME)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "True", "__Host-sessionid"]


def test_a_typo_in_a_boolean_is_refused():
    result = run_django({**PRODUCTION, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be" in result.stderr


def test_production_configuration_passes_the_deploy_check():
    result = run_django(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


def test_deploy_check_warns_when_email_is_not_configured():
    env = {key: value for key, value in PRODUCTION.items() if key != "EMAIL_HOST"}
    result = run_django(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "mend.W002" in result.stderr


def test_the_benchmark_views_exist_only_for_the_benchmark(client):
    assert client.get("/bench/bare/").status_code == 404
    assert client.get("/bench/signed-in/").status_code == 404


def test_production_without_redis_shares_its_cache_through_the_database():
    code = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=PRODUCTION,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [
        "django.core.cache.backends.db.DatabaseCache",
        "django.contrib.sessions.backends.db",
    ]


def test_production_with_redis_falls_back_to_the_database_cache():
    code = "import django; django.setup(); from django.conf import settings; d = settings.CACHES['default']; print(d['BACKEND'], settings.CACHES[d['FALLBACK']]['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [
        "config.caches.RedisCacheWithFallback",
        "django.core.cache.backends.db.DatabaseCache",
    ]


@pytest.mark.parametrize(
    "default",
    [
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        {
            "BACKEND": "config.caches.RedisCacheWithFallback",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "FALLBACK": "memory",
        },
    ],
)
def test_deploy_check_warns_when_rate_limits_would_be_counted_per_process(
    settings, default
):
    from core.checks import check_production_services

    memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {**settings.CACHES, "default": default, "memory": memory}
    assert "mend.W004" in {w.id for w in check_production_services(None)}

    shared = {**settings.CACHES, "default": settings.DATABASE_CACHE}
    with override_settings(CACHES=shared):
        assert "mend.W004" not in {w.id for w in check_production_services(None)}
