#!/usr/bin/env python
"""Mend's soak test: `make soak`, or `.venv/bin/python bench/soak.py` (see bench/README.md).

A few hundred couples use Mend at once for a few minutes, on loopback: both
partners of a couple act at the same moment on their check-ins and on the
same agreement, some clients send their requests slowly, and some drop the
connection before the answer comes. At the end it reports requests, errors
(the target is none), the p95 time, and checks in the database that every
write the server acknowledged is there, and that no write is there twice.

Bounded in time (--minutes, at most 10) and count (--most-requests); it
builds its own database with bench/dataset.py, serves it with granian as
production does, and drops the database and its Redis keys at the end.
Not part of `make test`.
"""

# It talks only to the http://127.0.0.1 server it started; `random` picks what
# simulated people do, never a secret.
# ruff: noqa: S311

import argparse
import datetime
import http.client
import platform
import random
import re
import secrets
import signal
import socket
import statistics
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

import dataset as ds  # noqa: E402
import run as bench  # noqa: E402  (the benchmark's server and database helpers)

MOST_MINUTES = 10
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION_FIELD = re.compile(r'name="revision" value="(\d+)"')
# A slow client sends its request in this many pieces, this far apart.
SLOW_PIECES, SLOW_PAUSE = 4, 0.4


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--couples", type=int, default=300)
    parser.add_argument("--minutes", type=float, default=2.5)
    parser.add_argument(
        "--pairs",
        type=int,
        default=20,
        help="couples acting at the same moment (two clients each)",
    )
    parser.add_argument("--most-requests", type=int, default=100_000)
    parser.add_argument(
        "--slow", type=float, default=0.05, help="share of slow clients"
    )
    parser.add_argument(
        "--drop", type=float, default=0.05, help="share of dropped connections"
    )
    parser.add_argument("--workers", type=int, default=bench.CPUS)
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432",
        help="PostgreSQL server URL, without a database name",
    )
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379", help="'' to run without Redis"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not 0 < args.minutes <= MOST_MINUTES:
        parser.error(f"--minutes must be more than 0 and at most {MOST_MINUTES}")
    if not 0 < args.pairs * 2 <= 200:
        parser.error("--pairs must be between 1 and 100")
    return args


# ---------------------------------------------------------------- the clients


@dataclass
class Answer:
    kind: str
    status: int  # 0: the connection failed
    seconds: float
    body: str = ""
    location: str = ""
    slow: bool = False
    dropped: bool = False


class Client:
    """One partner's browser: their session, a new connection per request."""

    def __init__(self, port, person: ds.Person, cookie_names, rng: random.Random):
        self.port = port
        self.person = person
        self.cookie = (
            f"{cookie_names[0]}={person.session_key}; {cookie_names[1]}={person.csrf}"
        )
        self.rng = rng

    def request(self, kind, method, path, form=None, *, slow=False, drop=False):
        body = b""
        headers = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            f"Cookie: {self.cookie}",
            "Connection: close",
        ]
        if form is not None:
            form = {"csrfmiddlewaretoken": self.person.csrf, **form}
            body = urllib.parse.urlencode(form).encode()
            headers += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Origin: http://127.0.0.1:{self.port}",
                f"Content-Length: {len(body)}",
            ]
        raw = ("\r\n".join(headers) + "\r\n\r\n").encode() + body
        started = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
                if drop:
                    # Gone before the answer, half the time in mid-request: the
                    # server may or may not have acted, and nobody was told.
                    whole = self.rng.random() < 0.5
                    sock.sendall(raw if whole else raw[: len(raw) // 2])
                    return Answer(kind, -1, time.monotonic() - started, dropped=True)
                if slow:
                    size = -(-len(raw) // SLOW_PIECES)
                    for start in range(0, len(raw), size):
                        sock.sendall(raw[start : start + size])
                        time.sleep(SLOW_PAUSE)
                else:
                    sock.sendall(raw)
                response = http.client.HTTPResponse(sock, method=method)
                response.begin()
                text = response.read().decode()
        except (OSError, http.client.HTTPException) as error:
            return Answer(kind, 0, time.monotonic() - started, body=repr(error))
        return Answer(
            kind,
            response.status,
            time.monotonic() - started,
            text,
            response.getheader("Location", ""),
            slow=slow,
        )


@dataclass
class Couple:
    agreement: int
    partners: list  # two Clients


@dataclass
class Soak:
    port: int
    couples: list[Couple]
    deadline: float
    most_requests: int
    slow: float
    drop: float
    answers: list[Answer] = field(default_factory=list)
    # note or wording -> acknowledged (True) or only sent (False)
    checkins: dict[int, list[tuple[str, bool]]] = field(default_factory=dict)
    revisions: dict[str, bool] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopped: threading.Event = field(default_factory=threading.Event)
    next_couple: int = 0

    def over(self) -> bool:
        return (
            self.stopped.is_set()
            or time.monotonic() >= self.deadline
            or len(self.answers) >= self.most_requests
        )

    def pick(self) -> Couple:
        with self.lock:
            couple = self.couples[self.next_couple % len(self.couples)]
            self.next_couple += 1
            return couple

    def send(self, client: Client, kind, method, path, form=None) -> Answer:
        slow = client.rng.random() < self.slow
        drop = not slow and client.rng.random() < self.drop
        answer = client.request(kind, method, path, form, slow=slow, drop=drop)
        with self.lock:
            self.answers.append(answer)
        time.sleep(client.rng.uniform(0.05, 0.3))  # a person reads, then acts
        return answer

    def act(self, client: Client, couple: Couple) -> None:
        """One partner's turn: home, today's check-in, the shared agreement."""
        pk = client.person.pk
        self.send(client, "home", "GET", "/home/")
        page = self.send(client, "checkin", "GET", "/checkin/")
        if page.status == 200:
            note = f"soak-{pk}-{secrets.token_hex(4)}"
            saved = self.send(
                client,
                "checkin-save",
                "POST",
                "/checkin/",
                {
                    "mood": client.rng.randint(1, 5),
                    "closeness": client.rng.randint(1, 10),
                    "safety": client.rng.randint(1, 10),
                    "note": note,
                },
            )
            done = saved.status == 302 and saved.location.endswith("/checkin/")
            with self.lock:
                self.checkins.setdefault(pk, []).append((note, done))
        path = f"/agreements/{couple.agreement}/change/"
        form = self.send(client, "agreement", "GET", path)
        revision = REVISION_FIELD.search(form.body)
        if form.status == 200 and revision:
            wording = f"soak-{pk}-{secrets.token_hex(4)}"
            changed = self.send(
                client,
                "agreement-change",
                "POST",
                path,
                {"title": "Our phones", "text": wording, "revision": revision[1]},
            )
            done = changed.status == 302 and changed.location.endswith(
                f"/agreements/{couple.agreement}/"
            )
            with self.lock:
                self.revisions[wording] = done
        self.send(client, "agreement-detail", "GET", f"/agreements/{couple.agreement}/")

    def pair(self) -> None:
        """Two threads, one per partner, that act on one couple at the same moment."""
        barrier = threading.Barrier(2, timeout=60)
        chosen = {}

        def partner(seat):
            try:
                while True:
                    if seat == 0:
                        chosen["couple"] = None if self.over() else self.pick()
                    barrier.wait()
                    couple = chosen["couple"]
                    if couple is None:
                        return
                    self.act(couple.partners[seat], couple)
                    barrier.wait()
            except threading.BrokenBarrierError:
                return

        threads = [threading.Thread(target=partner, args=(s,)) for s in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


# ---------------------------------------------------------------- set-up and checks


def make_couples(data: ds.Dataset, port, cookie_names, seed) -> list[Couple]:
    """Each couple, with a proposal both partners will keep rewording."""
    from couples import agreements
    from couples.models import Membership, User

    couples = []
    for index in range(0, len(data.clients), 2):
        first, second = data.clients[index], data.clients[index + 1]
        membership = Membership.objects.select_related("couple").get(user_id=first.pk)
        agreement = agreements.propose_agreement(
            couple=membership.couple,
            by=User.objects.get(pk=first.pk),
            category="devices",
            title="Our phones",
            text="soak-start",
        )
        rng = random.Random(seed + index)
        couples.append(
            Couple(
                agreement.pk,
                [Client(port, p, cookie_names, rng) for p in (first, second)],
            )
        )
    return couples


def verify(soak: Soak) -> dict:
    """What the database holds against what the server acknowledged."""
    from django.db.models import Count, Max

    from couples.models import AgreementRevision, CheckIn

    lost = doubled = 0
    rows = CheckIn.objects.filter(user_id__in=list(soak.checkins))
    doubled += (
        rows.values("user", "day").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    notes = {}
    for checkin in rows.filter(note__isnull=False).only("user_id", "note"):
        notes.setdefault(checkin.user_id, set()).add(checkin.note)
    for pk, sent in soak.checkins.items():
        acknowledged = [i for i, (_, done) in enumerate(sent) if done]
        if not acknowledged:
            continue
        # The last acknowledged note, or one sent after it whose answer was lost.
        later = {note for note, _ in sent[acknowledged[-1] :]}
        lost += not notes.get(pk, set()) & later
    agreements = [c.agreement for c in soak.couples]
    revisions = AgreementRevision.objects.filter(agreement_id__in=agreements)
    texts = [r.text for r in revisions]
    counted = {}
    for text in texts:
        counted[text] = counted.get(text, 0) + 1
    for wording, done in soak.revisions.items():
        found = counted.get(wording, 0)
        lost += done and found == 0
        doubled += found > 1
    gaps = sum(
        1
        for row in revisions.values("agreement")
        .annotate(n=Count("pk"), top=Max("number"))
        .order_by()
        if row["n"] != row["top"]
    )
    return {
        "checkins acknowledged": sum(
            done for sent in soak.checkins.values() for _, done in sent
        ),
        "revisions acknowledged": sum(soak.revisions.values()),
        "revisions in the database": len(texts) - len(agreements),
        "lost": lost,
        "doubled": doubled,
        "gaps in revision numbers": gaps,
    }


def report(soak: Soak, seconds: float, checks: dict, args) -> tuple[str, bool]:
    answers = soak.answers
    dropped = [a for a in answers if a.dropped]
    answered = [a for a in answers if not a.dropped]
    errors = [a for a in answered if a.status not in (200, 302)]
    normal = sorted(a.seconds for a in answered if not a.slow)
    slow = sorted(a.seconds for a in answered if a.slow)

    def p95(values):
        return values[int(0.95 * (len(values) - 1))] if values else 0.0

    by_kind = {}
    for answer in answered:
        by_kind.setdefault(answer.kind, []).append(answer.seconds)
    lines = [
        f"Soak test, {datetime.date.today().isoformat()}, {platform.node()}: "
        f"{platform.processor() or platform.machine()}, {bench.CPUS} CPUs, "
        f"Python {platform.python_version()}",
        f"{len(soak.couples)} couples, {args.pairs} acting at once (both partners "
        f"together), {seconds:.0f} s, granian {args.workers} workers",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| requests | {len(answers):,} ({len(answers) / seconds:.0f}/s) |",
        f"| answered | {len(answered):,} |",
        f"| errors (not 200 or 302, or no answer) | {len(errors)} |",
        f"| slow clients | {len(slow)} (p95 {p95(slow):.2f} s, sending included) |",
        f"| dropped connections | {len(dropped)} |",
        f"| p95, all other requests | {p95(normal) * 1000:.0f} ms |",
        f"| median | {statistics.median(normal) * 1000 if normal else 0:.0f} ms |",
    ]
    for kind, values in sorted(by_kind.items()):
        values.sort()
        lines.append(
            f"| p95 {kind}, slow clients included | {p95(values) * 1000:.0f} ms "
            f"({len(values)}) |"
        )
    for name, value in checks.items():
        lines.append(f"| {name} | {value:,} |")
    if errors:
        lines += ["", "Errors:"]
        seen = {}
        for error in errors:
            seen.setdefault((error.kind, error.status, error.body[:120]), 0)
            seen[(error.kind, error.status, error.body[:120])] += 1
        lines += [f"  {n} x {key}" for key, n in seen.items()]
    ok = not errors and checks["lost"] == 0 and checks["doubled"] == 0
    ok = ok and checks["gaps in revision numbers"] == 0
    return "\n".join(lines), ok


def main(argv=None) -> int:
    args = parse_args(argv)
    cleanup, out_dir, stamp, _work = bench.start_run("mend-soak-")
    try:
        db_name = f"mend_bench_soak_{secrets.token_hex(3)}"
        try:
            bench.create_database(args.postgres, db_name)
        except Exception as error:
            bench.log(f"Cannot reach PostgreSQL at {args.postgres}: {error}")
            return 2
        cleanup.add(
            f"dropped database {db_name}",
            lambda: bench.drop_database(args.postgres, db_name),
        )
        redis_url = ""
        if args.redis:
            number = bench.pick_redis_db(args.redis)
            if number is None:
                bench.log(f"Redis at {args.redis} not usable: running without it.")
            else:
                redis_url = f"{args.redis.rstrip('/')}/{number}"
                cleanup.add(
                    f"removed the run's keys from {redis_url}",
                    lambda: bench.forget_redis_keys(args.redis, number),
                )
        bench.configure_environment(f"{args.postgres.rstrip('/')}/{db_name}", redis_url)

        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        cleanup.add("closed database connections", connections.close_all)
        bench.log(
            f"Mend soak test: database {db_name}, "
            f"{'Redis ' + redis_url if redis_url else 'no Redis'}, "
            f"{args.couples} couples for {args.minutes:g} min"
        )
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        data = ds.build(
            ds.Size(couples=args.couples, therapists=1, days=30), log=bench.log
        )
        server = bench.Server(
            bench.ServerSpec("granian", args.workers, 1),
            out_dir / f"soak-server-{stamp}.log",
        )
        cleanup.add("stopped the server", server.stop)
        server.start()
        cookie_names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        couples = make_couples(data, server.port, cookie_names, args.seed)
        connections.close_all()
        rng = random.Random(args.seed)
        rng.shuffle(couples)

        started = time.monotonic()
        soak = Soak(
            server.port,
            couples,
            started + args.minutes * 60,
            args.most_requests,
            args.slow,
            args.drop,
        )
        bench.log(f"Serving on {server.url}; {args.pairs} couples at a time ...")
        pairs = [threading.Thread(target=soak.pair) for _ in range(args.pairs)]
        try:
            for pair in pairs:
                pair.start()
            while any(pair.is_alive() for pair in pairs):
                time.sleep(1)
        finally:
            soak.stopped.set()
            for pair in pairs:
                pair.join(timeout=90)
        seconds = time.monotonic() - started
        # Let the server finish what dropped connections left it doing.
        time.sleep(2)
        checks = verify(soak)
        text, ok = report(soak, seconds, checks, args)
        bench.log("")
        bench.log(text)
        (out_dir / f"soak-{stamp}.md").write_text(text + "\n")
        bench.log(f"\nReport: var/bench/soak-{stamp}.md")
        return 0 if ok else 1
    except KeyboardInterrupt:
        bench.log("\nInterrupted; cleaning up.")
        return 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        cleanup.run()


if __name__ == "__main__":
    socket.setdefaulttimeout(30)
    sys.exit(main())
