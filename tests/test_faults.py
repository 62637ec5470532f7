"""Mend rides through Redis and PostgreSQL outages, and loses nothing it acknowledged.

Starts its own Redis and its own PostgreSQL (a cluster made with initdb in a
temporary folder) on free loopback ports, migrates, creates a couple and
serves Mend with granian as production does. While the couple and two
visitors keep using it, it stops Redis and starts it again, restarts
PostgreSQL (fast mode), then stops PostgreSQL for a few seconds and starts it
again. Then it checks that:

- visitors read the library (200) all through the Redis outage;
- signed-in pages answer 200 or the calm 503, never a bare 500;
- a few seconds after each recovery, every request succeeds;
- nobody was signed out;
- every check-in and agreement revision the server acknowledged is in the
  database, once.

Skipped when the services cannot start here; CI sets REQUIRE_FAULT_TESTS=1
so it never is. About a minute.
"""

import http.client
import http.cookies
import importlib.util
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests import own_services

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = os.environ.get("REQUIRE_FAULT_TESTS") == "1"
# After a dependency is back, requests succeed again within this many seconds.
RECOVERY_SECONDS = 4.0
LIBRARY = ["/library/", "/library/glossary/", "/safety/", "/"]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION_FIELD = re.compile(r'name="revision" value="(\d+)"')
CALM = "data-quick-exit"


def _missing() -> str | None:
    if importlib.util.find_spec("granian") is None:
        return "granian is not installed"
    return own_services.missing_redis() or own_services.missing_postgres()


@pytest.fixture
def services(tmp_path):
    if reason := _missing():
        if REQUIRED:
            pytest.fail(f"The fault test is required but cannot run: {reason}.")
        pytest.skip(reason)
    redis = own_services.OwnRedis(tmp_path)
    postgres = own_services.OwnPostgres()
    try:
        redis.start()
        postgres.create()
        yield redis, postgres
    finally:
        redis.stop()
        postgres.remove()


def _environment(redis, postgres) -> dict:
    return os.environ | {
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "DEBUG": "0",
        "HTTPS": "0",
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
    }


def _django(environment, *arguments) -> str:
    result = subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


SETUP = """
import django, json
django.setup()
from couples import agreements
from couples.services import create_couple, join_couple
from tests.factories import make_user

alice = make_user("alice@example.com", display_name="Alice", role="hurt")
bob = make_user("bob@example.com", display_name="Bob", role="strayed")
couple = create_couple(user=alice)
join_couple(couple=couple, user=bob)
agreement = agreements.propose_agreement(
    couple=couple, by=alice, category="other", title="Phones", text="fault-start"
)
print(json.dumps({"agreement": agreement.pk}))
"""

WRITTEN = """
import django, json
django.setup()
from couples.models import AgreementRevision, CheckIn
print(json.dumps({
    "checkins": {c.user.email: c.note for c in CheckIn.objects.select_related("user")},
    "checkin_rows": CheckIn.objects.count(),
    "revisions": [r.text for r in AgreementRevision.objects.all()],
}))
"""


@pytest.fixture
def mend(services, tmp_path):
    """Mend on granian, migrated, with Alice and Bob as a couple."""
    redis, postgres = services
    environment = _environment(redis, postgres)
    _django(environment, "manage.py", "migrate", "--no-input", "-v", "0")
    _django(environment, "manage.py", "load_library")
    _django(environment, "manage.py", "collectstatic", "--no-input", "-v", "0")
    # The set-up prints its result last; emails it sends may print before it.
    made = json.loads(_django(environment, "-c", SETUP).strip().splitlines()[-1])
    port = own_services.free_port()
    log = (tmp_path / "granian.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "config.wsgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--blocking-threads",
            "1",
            "--no-ws",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while Browser(port).request("GET", "/healthz").status != 200:
            assert server.poll() is None, "granian exited at start-up"
            assert time.monotonic() < deadline, "granian did not answer"
            time.sleep(0.2)
        yield {
            "port": port,
            "redis": redis,
            "postgres": postgres,
            "environment": environment,
            **made,
        }
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()
        # What the server said, for a failing run.
        print((tmp_path / "granian.log").read_text()[-20000:])


@dataclass
class Answer:
    started: float
    who: str
    what: str
    status: int  # 0: no answer at all
    location: str = ""
    body: str = ""
    finished: float = field(default_factory=time.monotonic)


class Browser:
    """One person's cookies, a fresh connection per request (as after a drop)."""

    def __init__(self, port):
        self.port = port
        self.cookies = http.cookies.SimpleCookie()

    def request(self, method, path, form=None) -> Answer:
        started = time.monotonic()
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(
                f"{k}={m.value}" for k, m in self.cookies.items()
            )
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        except OSError as error:
            return Answer(started, "", path, 0, body=str(error))
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        return Answer(
            started, "", path, response.status, response.getheader("Location", ""), text
        )

    def token(self, page: str) -> str:
        found = CSRF_FIELD.search(page)
        return found[1] if found else ""

    def sign_in(self, email):
        from tests.conftest import PASSWORD

        page = self.request("GET", "/accounts/login/")
        answer = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": self.token(page.body),
                "login": email,
                "password": PASSWORD,
            },
        )
        assert answer.status == 302, answer.body[:500]


@dataclass
class Load:
    """A bounded load: each actor repeats its round, a pause between requests."""

    port: int
    agreement: int
    answers: list[Answer] = field(default_factory=list)
    acknowledged_checkins: dict[str, list[str]] = field(default_factory=dict)
    sent_checkins: dict[str, list[str]] = field(default_factory=dict)
    acknowledged_revisions: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    pause: float = 0.05

    def keep(self, who, what, answer: Answer) -> Answer:
        answer.who, answer.what = who, what
        self.answers.append(answer)
        time.sleep(self.pause)
        return answer

    def visitor(self, name):
        browser, turn = Browser(self.port), 0
        while not self.stop.is_set():
            path = LIBRARY[turn % len(LIBRARY)]
            self.keep(name, "library", browser.request("GET", path))
            turn += 1

    def partner(self, browser: Browser, email: str):
        turn = 0
        self.sent_checkins[email], self.acknowledged_checkins[email] = [], []
        while not self.stop.is_set():
            turn += 1
            self.keep(email, "home", browser.request("GET", "/home/"))
            page = self.keep(email, "checkin", browser.request("GET", "/checkin/"))
            if page.status != 200:
                continue
            note = f"fault-{email}-{turn}"
            self.sent_checkins[email].append(note)
            saved = self.keep(
                email,
                "checkin-save",
                browser.request(
                    "POST",
                    "/checkin/",
                    {
                        "csrfmiddlewaretoken": browser.token(page.body),
                        "mood": 3,
                        "closeness": 6,
                        "safety": 5,
                        "note": note,
                    },
                ),
            )
            if saved.status == 302 and saved.location.endswith("/checkin/"):
                self.acknowledged_checkins[email].append(note)
            path = f"/agreements/{self.agreement}/change/"
            form = self.keep(email, "agreement", browser.request("GET", path))
            revision = REVISION_FIELD.search(form.body)
            if form.status != 200 or revision is None:
                continue
            text = f"fault-{email}-revision-{turn}"
            changed = self.keep(
                email,
                "agreement-change",
                browser.request(
                    "POST",
                    path,
                    {
                        "csrfmiddlewaretoken": browser.token(form.body),
                        "title": "Phones",
                        "text": text,
                        "revision": revision[1],
                    },
                ),
            )
            if changed.status == 302 and changed.location.endswith(
                f"/agreements/{self.agreement}/"
            ):
                self.acknowledged_revisions.append(text)


def test_mend_rides_through_redis_and_postgresql_outages(mend):
    port, redis, postgres = mend["port"], mend["redis"], mend["postgres"]
    partners = {}
    for email in ("alice@example.com", "bob@example.com"):
        partners[email] = Browser(port)
        partners[email].sign_in(email)
    load = Load(port, mend["agreement"])
    actors = [
        threading.Thread(target=load.visitor, args=("visitor-1",)),
        threading.Thread(target=load.visitor, args=("visitor-2",)),
        *(
            threading.Thread(target=load.partner, args=(browser, email))
            for email, browser in partners.items()
        ),
    ]
    start = time.monotonic()
    for actor in actors:
        actor.start()
    # When each step began and when it was done.
    began, marks = {}, {}

    def mark(name, then=None, seconds=0.0):
        began[name] = time.monotonic()
        if then is not None:
            then()
        marks[name] = time.monotonic()
        time.sleep(seconds)

    try:
        mark("calm", seconds=3)
        mark("redis stopped", redis.stop, 4)
        mark("redis back", redis.start, 6)
        mark("postgres restarted", postgres.restart, 6)
        mark("postgres stopped", postgres.stop, 4)
        mark("postgres back", postgres.start, 7)
    finally:
        load.stop.set()
        for actor in actors:
            actor.join(timeout=30)
    assert time.monotonic() - start < 90

    answers = load.answers

    def odd(found):
        return [
            (a.who, a.what, a.status, round(a.started - start, 1), a.body[:200])
            for a in found
        ] + [(name, round(at - start, 1)) for name, at in marks.items()]

    signed_in = [a for a in answers if not a.who.startswith("visitor")]
    # Every request was answered, and never with a bare error.
    assert [a for a in answers if a.status == 0] == []
    assert odd(a for a in answers if a.status not in (200, 302, 503)) == odd([])
    assert all(CALM in a.body for a in answers if a.status == 503)
    # Nobody was signed out: no signed-in request was sent to sign in.
    assert [a for a in signed_in if "/accounts/login/" in a.location] == []

    # Visitors read the library all through the Redis outage.
    redis_away = [
        a
        for a in answers
        if a.who.startswith("visitor")
        and began["redis stopped"] <= a.started
        and a.finished < began["postgres restarted"]
    ]
    assert redis_away
    assert {a.status for a in redis_away} == {200}
    # Signed-in people kept working through it too.
    redis_away = [
        a
        for a in signed_in
        if began["redis stopped"] <= a.started
        and a.finished < began["postgres restarted"]
    ]
    assert odd(a for a in redis_away if a.status not in (200, 302)) == odd([])

    # A few seconds after each recovery, everything succeeds.
    for back, until in [
        ("redis back", "postgres restarted"),
        ("postgres restarted", "postgres stopped"),
        ("postgres back", None),
    ]:
        after = [
            a
            for a in answers
            if marks[back] + RECOVERY_SECONDS <= a.started
            and (until is None or a.finished < began[until])
        ]
        assert after, back
        assert odd(a for a in after if a.status not in (200, 302)) == odd([]), back

    # Every acknowledged write is in the database, once.
    written = json.loads(_django(mend["environment"], "-c", WRITTEN))
    assert written["checkin_rows"] == 2
    for email, acknowledged in load.acknowledged_checkins.items():
        assert acknowledged, email
        sent = load.sent_checkins[email]
        # The last acknowledged note, or one sent after it whose answer was lost.
        assert written["checkins"][email] in sent[sent.index(acknowledged[-1]) :]
    assert load.acknowledged_revisions
    for text in load.acknowledged_revisions:
        assert written["revisions"].count(text) == 1, text

    # And both are still signed in afterwards.
    for browser in partners.values():
        home = browser.request("GET", "/home/")
        assert home.status == 200
        assert "Sign out" in home.body
