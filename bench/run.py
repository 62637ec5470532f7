#!/usr/bin/env python
"""Mend's load benchmark: `.venv/bin/python bench/run.py` (see bench/README.md).

Builds a realistic dataset in a fresh PostgreSQL database, serves the app
with production settings on 127.0.0.1, measures the main pages with wrk,
each interleaved with a yardstick served by the same server (public pages
and the signed-in floor with the bare view, signed-in pages with the
signed-in floor), and prints every page as a ratio of its yardstick, with
the server's CPU time per request. Drops the database, stops the server and
removes its Redis keys at the end, also on Ctrl+C or an error.
"""

# It runs fixed commands (wrk, apt-get, the server) and fetches only the
# http://127.0.0.1 server it started.
# ruff: noqa: S603, S607, S310

import argparse
import base64
import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

import dataset as ds  # noqa: E402  (needs ROOT on sys.path; Django comes later)

# Throughput targets, as a share of the yardstick's req/s in the same seconds.
PUBLIC_TARGET = 0.60  # of the bare view
FLOOR_TARGET = 0.35  # the signed-in floor, of the bare view
SIGNED_IN_TARGET = 0.50  # of the signed-in floor
P95_LIMIT = 3.0  # p95 at most this many times the yardstick's
PERSIAN_LIMIT = 0.10  # the Persian dashboard within this of the English one
SEARCHES = [
    "trust",
    "boundaries",
    "forgiveness",
    "triggers",
    "rebuilding trust",
    "therapist",
    "apology",
    "phone",
]
SERVERS = ("gunicorn-sync", "gunicorn-gthread", "granian")
CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
# What production runs today (README "Production"); see bench/README.md for the
# server comparison. Change this when the project moves to another server.
DEFAULT_SERVER = "gunicorn-sync"
COMPARE_DEFAULT = (
    f"gunicorn-sync:{2 * CPUS + 1},gunicorn-gthread:{CPUS}x4,"
    f"granian:{CPUS}x1,granian:{CPUS}x2"
)
CHECKIN_TEXT = ["Our walk after dinner.", "You listened.", "Tea in bed."]


# ---------------------------------------------------------------- the pages


@dataclass
class Page:
    key: str
    label: str
    group: str  # "public", "signed-in", "floor" or "bare"
    marker: str  # a 200 whose body lacks this counts as an error
    paths: list[str] = field(default_factory=list)
    method: str = "GET"
    htmx: bool = False
    people: object = None  # dataset -> list of ds.Person, for signed-in pages
    path_for: object = None  # person -> path, where each person has their own
    language: str = ""  # the people's chosen language, set after the build

    @property
    def target(self) -> float | None:
        return {
            "public": PUBLIC_TARGET,
            "floor": FLOOR_TARGET,
            "signed-in": SIGNED_IN_TARGET,
        }.get(self.group)

    @property
    def yardstick(self) -> str:
        """The key of the page this one is measured against, interleaved."""
        return "floor" if self.group == "signed-in" else "bare"

    def request_for(self, person, i: int):
        """(method, path, headers, body) of this page's i-th request as this person."""
        headers = {}
        if self.htmx:
            headers["HX-Request"] = "true"
        body = ""
        if self.method == "POST":
            headers["X-CSRFToken"] = person.csrf
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = checkin_body(person, i)
        if self.path_for is not None:
            path = self.path_for(person)
        else:
            path = self.paths[i % len(self.paths)]
        return self.method, path, headers, body

    def lines(self, dataset, cookie_names) -> list[str]:
        """The request file for wrk: one line per request to rotate through."""
        session_cookie, csrf_cookie = cookie_names
        people = self.people(dataset) if self.people else [None]
        count = max(len(people), len(self.paths))
        out = []
        for i in range(count):
            person = people[i % len(people)]
            method, path, headers, body = self.request_for(person, i)
            if person is not None:
                headers["Cookie"] = (
                    f"{session_cookie}={person.session_key}; "
                    f"{csrf_cookie}={person.csrf}"
                )
            header_text = "|".join(f"{k}: {v}" for k, v in headers.items())
            out.append(f"{method}\t{path}\t{header_text}\t{body}")
        return out


def checkin_body(person, i: int) -> str:
    fields = {
        "csrfmiddlewaretoken": person.csrf,
        "mood": 1 + (person.pk + i) % 5,
        "closeness": 3 + (person.pk + i) % 8,
        "safety": 3 + (person.pk * 3 + i) % 8,
        "share_scores": "on",
        "appreciated": CHECKIN_TEXT[(person.pk + i) % len(CHECKIN_TEXT)],
        "share_appreciated": "on",
        "need": "",
        "note": "",
    }
    return "&".join(f"{k}={quote_plus(str(v))}" for k, v in fields.items())


# Signed-in client pages (the floor among them): each has its own people.
CLIENT_POOLS = 9


def make_pages(pool: int) -> list[Page]:
    """The measured pages. Signed-in pages each get their own people."""
    pools = iter(range(CLIENT_POOLS))

    def clients():
        n = next(pools)
        return lambda d: d.clients[n * pool : (n + 1) * pool]

    return [
        # The cheapest signed-in answer, the yardstick of the signed-in pages:
        # the bare view behind sign-in.
        Page(
            "floor",
            "signed-in floor",
            "floor",
            "ok",
            ["/bench/signed-in/"],
            people=clients(),
        ),
        Page(
            "article",
            "article",
            "public",
            'id="article-title"',
            paths=[],  # filled with every published article's slug
        ),
        Page("library", "library home", "public", 'id="start-here"', ["/library/"]),
        Page(
            "search",
            "search",
            "public",
            "<mark>",
            [f"/library/search/?q={quote_plus(q)}" for q in SEARCHES],
        ),
        # The site's frame around nothing: what any signed-in page costs.
        Page(
            "empty",
            "empty signed-in page",
            "signed-in",
            'id="empty-page"',
            ["/bench/signed-in/page/"],
            people=clients(),
        ),
        Page(
            "dashboard",
            "dashboard",
            "signed-in",
            'id="pathway-title"',
            ["/home/"],
            people=clients(),
        ),
        Page(
            "dashboard-fa",
            "dashboard, in Persian",
            "signed-in",
            'id="pathway-title"',
            ["/home/"],
            people=clients(),
            language="fa",
        ),
        Page(
            "checkin-form",
            "check-in form",
            "signed-in",
            'name="mood"',
            ["/checkin/?edit=1"],
            people=clients(),
        ),
        Page(
            "checkin",
            "check-in POST (htmx)",
            "signed-in",
            "checkin/?edit=1",
            ["/checkin/"],
            method="POST",
            htmx=True,
            people=clients(),
        ),
        Page(
            "trends",
            "trends",
            "signed-in",
            'id="weekly-title"',
            ["/checkin/trends/"],
            people=clients(),
        ),
        Page(
            "agreements",
            "agreements",
            "signed-in",
            'id="in-force"',
            ["/agreements/"],
            people=clients(),
        ),
        Page(
            "step",
            "pathway step 2",
            "signed-in",
            'id="exercises-title"',
            ["/pathway/step/2/"],
            people=clients(),
        ),
        Page(
            "caseload",
            "therapist caseload",
            "signed-in",
            "Your caseload",
            ["/caseload/"],
            people=lambda d: d.therapists,
        ),
        Page(
            "client",
            "therapist's client page",
            "signed-in",
            'id="notes-title"',
            people=lambda d: d.therapists,
            path_for=lambda person: f"/caseload/client/{person.client_pk}/",
        ),
    ]


BARE = Page("bare", "bare view", "bare", "ok", ["/bench/bare/"])


# ---------------------------------------------------------------- resources


def log(message=""):
    print(message, flush=True)


class Cleanup:
    """Everything the run made, undone in reverse order, once."""

    def __init__(self):
        self.steps = []

    def add(self, label, func):
        self.steps.append((label, func))

    def run(self):
        while self.steps:
            label, func = self.steps.pop()
            try:
                func()
            except Exception as error:  # keep cleaning up the rest
                log(f"  cleanup: {label} failed: {error}")
            else:
                log(f"  cleanup: {label}")


def start_run(prefix: str) -> tuple[Cleanup, Path, str, Path]:
    """What each bench tool does first: stop cleanly on SIGTERM or SIGHUP, and
    make the dated results folder and a scratch folder the cleanup removes."""
    cleanup = Cleanup()

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    work = Path(tempfile.mkdtemp(prefix=prefix))
    cleanup.add(f"removed {work}", lambda: shutil.rmtree(work, ignore_errors=True))
    return cleanup, out_dir, stamp, work


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_connect(base_url: str, dbname: str = "postgres"):
    import psycopg

    return psycopg.connect(f"{base_url.rstrip('/')}/{dbname}", autocommit=True)


def create_database(base_url: str, name: str):
    with pg_connect(base_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(base_url: str, name: str):
    with pg_connect(base_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def leftover_databases(base_url: str) -> list[str]:
    with pg_connect(base_url) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'mend\\_bench\\_%'"
        ).fetchall()
    return [r[0] for r in rows]


def pick_redis_db(url: str):
    """An empty Redis database number for this run, or None without Redis."""
    try:
        import redis
    except ImportError:
        return None
    for number in range(15, 0, -1):
        try:
            client = redis.Redis.from_url(f"{url.rstrip('/')}/{number}")
            if client.dbsize() == 0:
                return number
        except Exception:
            return None
    return None


def forget_redis_keys(url: str, number: int):
    import redis

    client = redis.Redis.from_url(f"{url.rstrip('/')}/{number}")
    keys = list(client.scan_iter(match="mend:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing; installing it with apt-get (running as root) ...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
        return
    sys.exit("The benchmark needs wrk: `sudo apt-get install wrk`, then run it again.")


# ---------------------------------------------------------------- the server


@dataclass
class ServerSpec:
    kind: str
    workers: int
    threads: int = 1

    @property
    def label(self) -> str:
        if self.kind == "gunicorn-sync":
            return f"gunicorn sync, {self.workers} workers"
        if self.kind == "gunicorn-gthread":
            return f"gunicorn gthread, {self.workers} workers x {self.threads} threads"
        return f"granian wsgi, {self.workers} workers x {self.threads} threads"

    def command(self, port: int) -> list[str]:
        py = sys.executable
        if self.kind.startswith("gunicorn"):
            command = [
                py,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
                "--no-control-socket",
                "--graceful-timeout",
                "5",
            ]
            if self.kind == "gunicorn-gthread":
                command += ["--worker-class", "gthread", "--threads", str(self.threads)]
            return command
        return [
            py,
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
            str(self.workers),
            "--blocking-threads",
            str(self.threads),
            "--no-ws",
            "--log-level",
            "warning",
        ]


class Server:
    def __init__(self, spec: ServerSpec, log_path: Path):
        self.spec = spec
        self.log_path = log_path
        self.proc = None
        self.port = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        if self.spec.kind == "granian":
            import importlib.util

            if importlib.util.find_spec("granian") is None:
                sys.exit(
                    "granian is not installed: `.venv/bin/pip install granian` "
                    "(it is not a project dependency)."
                )
        self.port = free_port()
        self.log_file = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            self.spec.command(self.port),
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # our own process group, stopped by its id
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"The server exited at start-up:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + BARE.paths[0], timeout=2) as r:
                    if r.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        raise RuntimeError(f"The server did not answer in 60 s:\n{self.log_tail()}")

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
            except ProcessLookupError:
                pass
        self.proc = None
        self.log_file.close()

    def log_tail(self, lines=30) -> str:
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        except OSError:
            return ""


# ---------------------------------------------------------------- wrk


def run_wrk(url, request_file, marker, *, seconds, connections, threads) -> dict:
    command = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / "wrk.lua"),
        url,
        "--",
        str(request_file),
        marker,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith("BENCHJSON "):
            result = json.loads(line.removeprefix("BENCHJSON "))
            seconds_ = result["duration_us"] / 1e6
            result["rps"] = result["requests"] / seconds_ if seconds_ else 0.0
            result["errors"] = (
                result["connect_errors"]
                + result["read_errors"]
                + result["write_errors"]
                + result["timeouts"]
                + result["non200"]
                + result["bad_body"]
            )
            return result
    raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def preflight(server, page, lines, count=3):
    """Send a few of the page's requests by hand: fail early with a clear reason."""
    for line in lines[:count]:
        method, path, header_text, body = line.split("\t", 3)
        headers = dict(pair.split(": ", 1) for pair in header_text.split("|") if pair)
        request = urllib.request.Request(
            server.url + path,
            data=body.encode() if body else None,
            headers=headers,
            method=method,
        )

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        if status != 200 or page.marker not in text:
            where = f" -> {text[:200]!r}" if status == 200 else ""
            raise RuntimeError(
                f"{page.label}: {method} {path} answered {status}{where}; "
                f"expected 200 with {page.marker!r}.\nServer log:\n{server.log_tail()}"
            )


def combine(runs: list[dict]) -> dict:
    requests = sum(r["requests"] for r in runs)
    seconds = sum(r["duration_us"] for r in runs) / 1e6
    cpu = [r["cpu_ms_median"] for r in runs if r.get("cpu_samples")]
    return {
        "rps": requests / seconds if seconds else 0.0,
        "requests": requests,
        "p50_ms": statistics.median(r["p50_us"] for r in runs) / 1000,
        "p95_ms": statistics.median(r["p95_us"] for r in runs) / 1000,
        "p99_ms": statistics.median(r["p99_us"] for r in runs) / 1000,
        # The median of the rounds' medians: each round's is over every response.
        "cpu_ms": statistics.median(cpu) if cpu else None,
        "errors": sum(r["errors"] for r in runs),
        "first_bad_status": next(
            (r["first_bad_status"] for r in runs if r["first_bad_status"]), 0
        ),
        "rounds_rps": [round(r["rps"], 1) for r in runs],
    }


def measure(server, pages, files, args):
    """For each page: a warm-up, then the page and its yardstick alternating,
    round by round. Return a row per page, the bare view's own row first."""
    results = []
    wrk = {"connections": args.connections, "threads": args.wrk_threads}
    markers = {page.key: page.marker for page in [BARE, *pages]}
    all_bare_runs = []
    for page in pages:
        yardstick = page.yardstick
        run_wrk(server.url, files[page.key], page.marker, seconds=args.warmup, **wrk)
        run_wrk(server.url, files[yardstick], markers[yardstick], seconds=1, **wrk)
        yard_runs, page_runs = [], []
        for n in range(args.rounds):
            order = [(yardstick, yard_runs), (page.key, page_runs)]
            for key, runs in order if n % 2 == 0 else reversed(order):
                runs.append(
                    run_wrk(
                        server.url,
                        files[key],
                        markers[key],
                        seconds=args.seconds,
                        **wrk,
                    )
                )
        if yardstick == "bare":
            all_bare_runs += yard_runs
        yard, mine = combine(yard_runs), combine(page_runs)
        ratio = mine["rps"] / yard["rps"] if yard["rps"] else 0.0
        p95_ratio = mine["p95_ms"] / yard["p95_ms"] if yard["p95_ms"] else 0.0
        met = (
            ratio >= page.target
            and p95_ratio <= P95_LIMIT
            and mine["errors"] == 0
            and yard["errors"] == 0
        )
        row = {
            "key": page.key,
            "group": page.group,
            "target": page.target,
            "page": page.label,
            "against": yardstick,
            "rps": mine["rps"],
            "yard_rps": yard["rps"],
            "ratio": ratio,
            "p50_ms": mine["p50_ms"],
            "p95_ms": mine["p95_ms"],
            "p99_ms": mine["p99_ms"],
            "yard_p95_ms": yard["p95_ms"],
            "p95_ratio": p95_ratio,
            "cpu_ms": mine["cpu_ms"],
            "yard_cpu_ms": yard["cpu_ms"],
            "errors": mine["errors"],
            "yard_errors": yard["errors"],
            "first_bad_status": mine["first_bad_status"],
            "rounds_rps": mine["rounds_rps"],
            "yard_rounds_rps": yard["rounds_rps"],
            "met": met,
        }
        results.append(row)
        log(
            f"  {page.label:<24} {row['rps']:7.1f} req/s  {yardstick} "
            f"{row['yard_rps']:7.1f}  ratio {ratio:4.2f}  p95 {row['p95_ms']:6.1f} ms"
            f" ({yardstick} {row['yard_p95_ms']:5.1f})  CPU {fmt(row['cpu_ms'])} ms"
            f"  errors {row['errors']}"
        )
    if all_bare_runs:
        bare = combine(all_bare_runs)
        results.insert(
            0,
            {
                "key": "bare",
                "group": "bare",
                "target": None,
                "page": BARE.label,
                "against": "",
                "ratio": None,
                "yard_rps": None,
                "yard_p95_ms": None,
                "p95_ratio": None,
                "met": bare["errors"] == 0,
                **bare,
            },
        )
    return results


def fmt(value, spec=".1f") -> str:
    return "-" if value is None else format(value, spec)


def table(results) -> str:
    columns = [
        ("page", "<28"),
        ("req/s", ">7"),
        ("vs", "<5"),
        ("its req/s", ">9"),
        ("ratio", ">5"),
        ("target", ">6"),
        ("p50 ms", ">6"),
        ("p95 ms", ">6"),
        ("its p95", ">7"),
        ("p95 ratio", ">9"),
        ("CPU ms", ">6"),
        ("queries", ">7"),
        ("errors", ">6"),
        ("met", "<3"),
    ]
    header = "| " + " | ".join(format(name, spec) for name, spec in columns) + " |"
    rule = "|" + "|".join("-" * (len(format(n, s)) + 2) for n, s in columns) + "|"
    lines = [header, rule]
    for r in results:
        target = r["target"]
        cells = [
            r["page"],
            fmt(r["rps"]),
            r["against"],
            fmt(r["yard_rps"]),
            fmt(r["ratio"], ".2f"),
            "" if target is None else "≥" + format(target, ".2f"),
            fmt(r["p50_ms"]),
            fmt(r["p95_ms"]),
            fmt(r["yard_p95_ms"]),
            fmt(r["p95_ratio"], ".2f"),
            fmt(r["cpu_ms"], ".2f"),
            fmt(r.get("queries"), "d"),
            str(r["errors"]),
            "yes" if r["met"] else "no",
        ]
        lines.append(
            "| "
            + " | ".join(
                format(cell, spec)
                for cell, (_name, spec) in zip(cells, columns, strict=True)
            )
            + " |"
        )
    return "\n".join(lines)


def persian_check(results) -> dict | None:
    """The Persian dashboard against the English one: CPU and throughput."""
    rows = {r["key"]: r for r in results}
    en, fa = rows.get("dashboard"), rows.get("dashboard-fa")
    if not (en and fa and en["cpu_ms"] and fa["cpu_ms"] and en["ratio"]):
        return None
    cpu = fa["cpu_ms"] / en["cpu_ms"] - 1
    throughput = fa["ratio"] / en["ratio"] - 1
    met = cpu <= PERSIAN_LIMIT and throughput >= -PERSIAN_LIMIT
    line = (
        f"Persian dashboard against the English one: CPU ms {cpu:+.0%}, "
        f"throughput (ratio to the floor) {throughput:+.0%}; target within "
        f"{PERSIAN_LIMIT:.0%}: {'met' if met else 'not met'}."
    )
    return {"cpu": cpu, "throughput": throughput, "met": met, "line": line}


# ---------------------------------------------------------------- main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Mend load benchmark (loopback only; see bench/README.md)."
    )
    size = parser.add_argument_group("dataset")
    size.add_argument("--couples", type=int, default=2000)
    size.add_argument("--therapists", type=int, default=100)
    size.add_argument("--days", type=int, default=365, help="days of history")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small dataset (200 couples, 10 therapists, 90 days) and short rounds",
    )
    server = parser.add_argument_group("server")
    server.add_argument("--server", choices=SERVERS, default=DEFAULT_SERVER)
    server.add_argument(
        "--workers",
        type=int,
        default=0,
        help="default: 2 x CPUs + 1 for gunicorn-sync, one per CPU otherwise",
    )
    server.add_argument(
        "--threads",
        type=int,
        default=0,
        help="threads per worker: default 4 for gunicorn-gthread, 1 for granian",
    )
    server.add_argument(
        "--compare-servers",
        nargs="?",
        const=COMPARE_DEFAULT,
        metavar="SPECS",
        help="instead of the page table, compare servers on the bare view, the "
        f"dashboard and an article (default: {COMPARE_DEFAULT}; granian must be "
        "installed for its entries)",
    )
    load = parser.add_argument_group("load")
    load.add_argument("--connections", type=int, default=8)
    load.add_argument("--wrk-threads", type=int, default=1)
    load.add_argument("--seconds", type=int, default=5, help="length of one round")
    load.add_argument("--rounds", type=int, default=3)
    load.add_argument("--warmup", type=int, default=3, help="seconds per page")
    load.add_argument(
        "--pool",
        type=int,
        default=500,
        help="people per signed-in client page (each page has its own)",
    )
    load.add_argument(
        "--pages",
        help="comma-separated page keys: "
        + ",".join(p.key for p in make_pages(1))
        + " (default: all)",
    )
    load.add_argument(
        "--max-load-minutes",
        type=float,
        default=15,
        help="refuse options that would run wrk for longer than this",
    )
    other = parser.add_argument_group("other")
    other.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (no database name); a database is created on it",
    )
    other.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379"),
        help="Redis server for cache and sessions ('' for none)",
    )
    other.add_argument("--no-explain", action="store_true")
    other.add_argument(
        "--sql",
        action="append",
        default=[],
        metavar="STATEMENT",
        help="run this SQL after the build (e.g. a candidate CREATE INDEX); repeatable",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.couples = min(args.couples, 200)
        args.therapists = min(args.therapists, 10)
        args.days = min(args.days, 90)
        args.seconds, args.rounds, args.warmup = 2, 2, 1
        args.pool = min(args.pool, 100)
    if args.pages:
        unknown = set(args.pages.split(",")) - {p.key for p in make_pages(1)}
        if unknown:
            parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    if args.workers <= 0:
        args.workers = 2 * CPUS + 1 if args.server == "gunicorn-sync" else CPUS
    if args.threads <= 0:
        args.threads = 4 if args.server == "gunicorn-gthread" else 1
    return args


def configure_environment(database_url, redis_url):
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        FIELD_ENCRYPTION_KEYS=key,
        DATABASE_URL=database_url,
        MEND_BENCHMARK="1",
        LOG_LEVEL="WARNING",
        TASKS_BACKEND="database",
    )
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    else:
        os.environ.pop("REDIS_URL", None)


def planned_load_seconds(args) -> int:
    """How long wrk will run, from the options alone (checked before anything starts)."""
    count = len(args.pages.split(",")) if args.pages else None
    if args.compare_servers:
        servers = len(args.compare_servers.split(","))
        pages = (count or 2) + 1  # and the bare view
        return pages * servers * (args.warmup + args.rounds * args.seconds)
    pages = count + 1 if count else len(make_pages(1))  # and the floor
    return pages * (args.warmup + 1 + 2 * args.rounds * args.seconds)


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    load_seconds = planned_load_seconds(args)
    if load_seconds > args.max_load_minutes * 60:
        log(
            f"These options would load the server for {load_seconds / 60:.1f} min, "
            f"more than --max-load-minutes {args.max_load_minutes}."
        )
        return 2
    ensure_wrk()
    cleanup, out_dir, stamp, work = start_run("mend-bench-")
    try:
        try:
            stale = leftover_databases(args.postgres)
        except Exception as error:
            log(f"Cannot reach PostgreSQL at {args.postgres}: {error}")
            return 2
        if stale:
            log(
                "Note: databases left by an interrupted earlier run: "
                + ", ".join(stale)
                + " (DROP DATABASE them by hand)."
            )
        db_name = f"mend_bench_{secrets.token_hex(3)}"
        create_database(args.postgres, db_name)
        cleanup.add(
            f"dropped database {db_name}",
            lambda: drop_database(args.postgres, db_name),
        )
        redis_url = ""
        if args.redis:
            number = pick_redis_db(args.redis)
            if number is None:
                log(f"Redis at {args.redis} not usable: running without it.")
            else:
                redis_url = f"{args.redis.rstrip('/')}/{number}"
                cleanup.add(
                    f"removed the run's keys from {redis_url}",
                    lambda: forget_redis_keys(args.redis, number),
                )
        configure_environment(f"{args.postgres.rstrip('/')}/{db_name}", redis_url)

        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        cleanup.add("closed database connections", connections.close_all)

        size = ds.Size(couples=args.couples, therapists=args.therapists, days=args.days)
        log(
            f"Mend load benchmark: database {db_name}, "
            f"{'Redis ' + redis_url if redis_url else 'no Redis'}, "
            f"{size.couples} couples, {size.therapists} therapists, {size.days} days"
        )
        t = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        log(f"  {'migrate and collectstatic':<34} {time.monotonic() - t:6.1f} s")
        data = ds.build(size, log=log)
        log(f"Dataset built in {data.seconds:.0f} s:")
        log("  " + ", ".join(f"{n:,} {label}" for label, n in data.rows.items() if n))

        if args.sql:
            from django.db import connection

            with connection.cursor() as cursor:
                for statement in args.sql:
                    t = time.monotonic()
                    cursor.execute(statement)
                    log(f"  {statement} ({time.monotonic() - t:.1f} s)")
                cursor.execute("ANALYZE")

        pages = choose_pages(args, data)
        set_languages(pages, data)

        queries = {}
        if not args.no_explain:
            from explain import explain_pages

            plans = out_dir / f"plans-{stamp}.md"
            log("EXPLAIN (ANALYZE, BUFFERS) of each page's queries:")
            warnings, queries = explain_pages(pages, data, plans, log=log)
            log(f"  plans written to {plans.relative_to(ROOT)}")
            for warning in warnings:
                log(f"  look at: {warning}")
        connections.close_all()

        cookie_names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        files = {}
        for page in [BARE, *pages]:
            path = work / f"{page.key}.tsv"
            path.write_text("\n".join(page.lines(data, cookie_names)) + "\n")
            files[page.key] = path

        if args.compare_servers:
            specs = [parse_spec(text) for text in args.compare_servers.split(",")]
        else:
            specs = [ServerSpec(args.server, args.workers, args.threads)]
        servers = []
        for spec in specs:
            server = Server(spec, out_dir / f"server-{stamp}.log")
            cleanup.add(f"stopped {spec.label}", server.stop)
            server.start()
            servers.append(server)
            log(
                f"Serving with {spec.label} on {server.url}; wrk {args.connections} "
                f"connections, {args.rounds} x {args.seconds} s rounds"
            )
            for page in [BARE, *pages]:
                lines = files[page.key].read_text().splitlines()
                count = len(lines) if page.group == "public" else 3
                preflight(server, page, lines, count)
        if args.compare_servers:
            results = compare(servers, pages, files, args)
            report = compare_table(results)
            met = all(r["errors"] == 0 for r in results)
        else:
            results = measure(servers[0], pages, files, args)
            for row in results:
                row["queries"] = queries.get(row["key"])
            report = table(results)
            persian = persian_check(results)
            if persian:
                report += "\n\n" + persian["line"]
            met = all(r["met"] for r in results) and (not persian or persian["met"])

        total = time.monotonic() - started
        log("")
        log(report)
        log("")
        log(
            f"Build {data.seconds:.0f} s, total {total / 60:.1f} min. Targets: public "
            f"pages ≥ {PUBLIC_TARGET:.0%} of the bare view's req/s, the signed-in "
            f"floor ≥ {FLOOR_TARGET:.0%} of it, signed-in pages ≥ "
            f"{SIGNED_IN_TARGET:.0%} of the floor's; p95 ≤ {P95_LIMIT:g}x the "
            f"yardstick's p95; no errors; the Persian dashboard within "
            f"{PERSIAN_LIMIT:.0%} of the English one. CPU ms: median per request, "
            "in the server process. Queries: one request with warm caches."
        )
        summary = out_dir / f"results-{stamp}.json"
        summary.write_text(
            json.dumps(
                {
                    "when": datetime.datetime.now().isoformat(timespec="seconds"),
                    "args": vars(args),
                    "rows": data.rows,
                    "build_seconds": data.seconds,
                    "total_seconds": total,
                    "servers": [s.spec.label for s in servers],
                    "results": results,
                },
                indent=2,
            )
        )
        log(f"Results: {summary.relative_to(ROOT)}")
        return 0 if met else 1
    except KeyboardInterrupt:
        log("\nInterrupted; cleaning up.")
        return 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        cleanup.run()


def choose_pages(args, data) -> list[Page]:
    """The pages to measure, the floor first whenever a signed-in page is measured."""
    pages = make_pages(min(args.pool, len(data.clients) // CLIENT_POOLS))
    by_key = {page.key: page for page in pages}
    by_key["article"].paths = [f"/library/{slug}/" for slug in data.article_slugs]
    if args.pages:
        wanted = set(args.pages.split(","))
    elif args.compare_servers:
        wanted = {"dashboard", "article"}
    else:
        return pages
    if not args.compare_servers and any(
        by_key[key].group == "signed-in" for key in wanted
    ):
        wanted.add("floor")
    return [page for page in pages if page.key in wanted]


def set_languages(pages, data) -> None:
    """Give the people of a page in another language that language as their choice."""
    from couples.models import User

    for page in pages:
        if page.language:
            people = [person.pk for person in page.people(data)]
            User.objects.filter(pk__in=people).update(language=page.language)


def parse_spec(text: str) -> ServerSpec:
    """'gunicorn-sync:5', 'gunicorn-gthread:2x4' or 'granian:2x2'."""
    kind, _, shape = text.strip().partition(":")
    if kind not in SERVERS:
        raise SystemExit(f"Unknown server {kind!r}: choose from {', '.join(SERVERS)}.")
    workers, _, threads = (shape or "2").partition("x")
    return ServerSpec(kind, int(workers), int(threads or 1))


def compare(servers, pages, files, args):
    """Every server is up at once and all but one idle: each round visits each
    server in turn (order reversed every other round), so a change in the
    machine's background load hits all of them alike."""
    wrk = {"connections": args.connections, "threads": args.wrk_threads}
    rows = []
    for page in [BARE, *pages]:
        for server in servers:
            run_wrk(
                server.url, files[page.key], page.marker, seconds=args.warmup, **wrk
            )
        runs = {server.spec.label: [] for server in servers}
        for n in range(args.rounds):
            for server in servers if n % 2 == 0 else reversed(servers):
                runs[server.spec.label].append(
                    run_wrk(
                        server.url,
                        files[page.key],
                        page.marker,
                        seconds=args.seconds,
                        **wrk,
                    )
                )
        first = None
        for server in servers:
            result = combine(runs[server.spec.label])
            first = first or result["rps"]
            row = {
                "page": page.label,
                "server": server.spec.label,
                **result,
                "relative": result["rps"] / first if first else 0.0,
            }
            rows.append(row)
            log(
                f"  {page.label:<24} {server.spec.label:<42} {row['rps']:7.1f} req/s"
                f"  p95 {row['p95_ms']:6.1f} ms  errors {row['errors']}"
            )
    bare = {r["server"]: r["rps"] for r in rows if r["page"] == BARE.label}
    for row in rows:
        row["ratio"] = row["rps"] / bare[row["server"]] if bare[row["server"]] else 0
    return rows


def compare_table(rows) -> str:
    lines = [
        "| page | server | req/s | vs first server | ratio to its bare view "
        "| p50 ms | p95 ms | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['page']} | {r['server']} | {r['rps']:.0f} | {r['relative']:.2f} | "
            f"{r['ratio']:.2f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
            f"{r['errors']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
