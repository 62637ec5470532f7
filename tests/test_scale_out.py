"""Two app servers sharing PostgreSQL and Redis act as one.

Starts two gunicorn instances on different loopback ports, against the test
database and a Redis database of its own, signs in through one and carries on
through the other, and checks that failed sign-ins count across both. Needs
PostgreSQL and Redis; CI sets REQUIRE_SCALE_OUT_TESTS=1 so it never skips.
"""

import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import PASSWORD
from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("SCALE_OUT_REDIS_URL", "redis://127.0.0.1:6379/14")
REQUIRED = os.environ.get("REQUIRE_SCALE_OUT_TESTS") == "1"

pytestmark = pytest.mark.django_db(transaction=True)


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        return None
    return client


@pytest.fixture
def redis_db():
    if connection.vendor != "postgresql" or (client := _redis()) is None:
        if REQUIRED:
            pytest.fail("The scale-out test needs PostgreSQL and Redis.")
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis on 127.0.0.1:6379")
    client.flushdb()
    yield client
    client.flushdb()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn on {port} exited with {server.returncode}")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/safety/", timeout=2)
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn on {port} did not start")


@pytest.fixture
def two_servers(redis_db):
    database = settings.DATABASES["default"]
    environment = os.environ | {
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        "HTTPS": "0",
        "TASKS_BACKEND": "immediate",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    servers = {}
    try:
        for _ in range(2):
            port = _free_port()
            servers[port] = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=environment,
            )
        for port, server in servers.items():
            _wait_until_serving(port, server)
        yield [f"http://127.0.0.1:{port}" for port in servers]
    finally:
        for server in servers.values():
            server.terminate()
            server.wait(timeout=10)


class Browser:
    """A cookie jar shared across both servers, as a browser behind one host name."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url):
        with self.opener.open(url, timeout=10) as response:
            return response.geturl(), response.read().decode()

    def sign_in(self, base, email, password):
        _, page = self.get(f"{base}/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "login": email, "password": password}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (our own loopback servers)
            f"{base}/accounts/login/", data=form, headers={"Referer": base}
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.geturl(), error.read().decode()


# The servers check passwords with the production hashers, so the person is
# made with them too.
@pytest.mark.production_hasher
def test_signed_in_through_one_server_is_signed_in_through_the_other(
    two_servers, redis_db
):
    make_user("alice@example.com", display_name="Alice")
    first, second = two_servers
    browser = Browser()

    landed, _ = browser.sign_in(first, "alice@example.com", PASSWORD)
    assert urllib.parse.urlsplit(landed).path == "/home/"

    landed, page = browser.get(f"{second}/home/")
    assert urllib.parse.urlsplit(landed).path == "/home/"
    assert "Sign out" in page
    assert any(b"sessions" in key for key in redis_db.scan_iter())


def test_failed_sign_ins_count_across_both_servers(two_servers):
    make_user("bob@example.com", display_name="Bob")
    servers = two_servers * 3
    browser = Browser()
    for attempt, base in enumerate(servers[:5]):
        _, page = browser.sign_in(base, "bob@example.com", f"wrong-{attempt}")
        assert "password you specified are not correct" in page  # the form, refused
        assert "Too many failed" not in page
    # The sixth try, on either server, is refused, even with the right password.
    _, page = browser.sign_in(servers[5], "bob@example.com", PASSWORD)
    assert "Too many failed login attempts" in page
