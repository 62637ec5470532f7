#!/usr/bin/env python
"""Where a page's time goes: `.venv/bin/python bench/profile_pages.py` (bench/README.md).

Builds the benchmark's dataset in a fresh PostgreSQL database (as bench/run.py
does, with the same production settings, Redis and people), then requests
each page in this process through the WSGI application, as the server would
run it, with no server and no load generator in the way:

1. Timing: `--requests` requests per page (after a few to warm the caches),
   each as the next of the page's people. Prints the median and 90th
   percentile of the CPU time per request (the same `Server-Timing` figure
   the benchmark reads) and the SQL statements per request.
2. Profile: the same requests again under cProfile, counting this thread's
   CPU time (`--clock wall` counts waiting for PostgreSQL and Redis too),
   with the time each function spent in itself put in buckets (building SQL
   in the ORM, the database driver, templates, forms, translation and
   formatting, sessions and sign-in, Redis, encryption, Mend's own code), as
   percentages.
3. With `--detail PAGE` (repeatable), that page's functions by cumulative
   and by own time, and Mend's own functions by cumulative time.

Drops the database and removes its Redis keys at the end. `--pstats DIR`
also writes each page's profile for `python -m pstats` or snakeviz.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import signal
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

import dataset as ds  # noqa: E402
import run as bench  # noqa: E402  (the benchmark's pages, database and Redis helpers)

# Where a function's own time is counted, by its file (first match wins).
BUCKETS = [
    ("ORM", ("django/db/models/",)),
    ("database", ("psycopg", "django/db/backends/", "django/db/utils")),
    ("templates", ("django/template/", "django/templatetags/", "/templates/")),
    ("forms", ("django/forms/",)),
    (
        "i18n, dates",
        ("django/utils/translation", "django/utils/formats", "django/utils/date"),
    ),
    (
        "session, auth",
        ("django/contrib/sessions/", "django/contrib/auth/", "allauth/"),
    ),
    ("redis", ("redis/", "django/core/cache/", "_socket")),
    ("crypto", ("cryptography", "core/encryption")),
    ("Mend", ("/couples/", "/recovery/", "/content/", "/core/", "/config/")),
    ("other Django", ("django/",)),
]
MEND = ("/couples/", "/recovery/", "/content/", "/core/", "/config/")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Profile Mend's pages in-process on the benchmark's dataset."
    )
    parser.add_argument("--couples", type=int, default=2000)
    parser.add_argument("--therapists", type=int, default=100)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument(
        "--quick", action="store_true", help="200 couples, 10 therapists, 90 days"
    )
    parser.add_argument("--requests", type=int, default=60, help="per page")
    parser.add_argument(
        "--pages",
        help="comma-separated page keys (as bench/run.py --pages; default: all)",
    )
    parser.add_argument(
        "--detail",
        action="append",
        default=[],
        metavar="PAGE",
        help="print this page's functions too; repeatable",
    )
    parser.add_argument("--top", type=int, default=25, help="functions per listing")
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="what the profiler counts: this thread's CPU time (default) or wall time",
    )
    parser.add_argument("--pstats", type=Path, help="write each page's profile here")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
    )
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379")
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.couples = min(args.couples, 200)
        args.therapists = min(args.therapists, 10)
        args.days = min(args.days, 90)
    return args


def environ_for(page, person, i, cookie_names) -> dict:
    """The WSGI environ of the page's i-th request as this person."""
    method, path, headers, body = page.request_for(person, i)
    path, _, query = path.partition("?")
    data = body.encode()
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_USER_AGENT": "bench/profile_pages.py",
        "CONTENT_LENGTH": str(len(data)),
        "wsgi.input": io.BytesIO(data),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if person is not None:
        session_cookie, csrf_cookie = cookie_names
        environ["HTTP_COOKIE"] = (
            f"{session_cookie}={person.session_key}; {csrf_cookie}={person.csrf}"
        )
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    return environ


def request(application, environ) -> tuple[str, float, bytes]:
    """Serve one request as a WSGI server would: (status, CPU ms, body)."""
    sent = {}

    def start_response(status, headers, exc_info=None):
        sent["status"], sent["headers"] = status, dict(headers)

    result = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()  # request_finished, as after a real response
    timing = sent["headers"].get("Server-Timing", "cpu;dur=0")
    return sent["status"], float(timing.partition("dur=")[2]), body


class QueryCounter:
    """Counts the SQL statements sent (connection.execute_wrapper)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def bucket_of(filename: str, name: str) -> str:
    where = filename if filename != "~" else name
    for label, parts in BUCKETS:
        if any(part in where for part in parts):
            return label
    return "other"


def buckets(stats: pstats.Stats) -> dict[str, float]:
    """Share of the profiled time spent in each bucket's own code."""
    totals = dict.fromkeys([label for label, _ in BUCKETS] + ["other"], 0.0)
    for (filename, _line, name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        totals[bucket_of(filename, name)] += own
    whole = sum(totals.values()) or 1.0
    return {label: 100 * seconds / whole for label, seconds in totals.items()}


def listing(stats: pstats.Stats, sort: str, top: int, only=None) -> str:
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats(sort)
    if only:
        stats.print_stats(only, top)
    else:
        stats.print_stats(top)
    return out.getvalue()


def profile_pages(pages, data, args, log):
    from django.conf import settings
    from django.db import connection

    from config.wsgi import application

    cookie_names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    rows, details = [], []
    for page in pages:
        people = page.people(data) if page.people else [None]
        person_at = lambda i, people=people: people[i % len(people)]  # noqa: E731
        # Caches, the pathway structure, and every person's session once, so
        # the timed requests measure the usual case: the session refresh
        # (bench/README.md, "The pages") happens once a minute, and not here.
        for i in range(5 + args.requests):
            status, _cpu, body = request(
                application, environ_for(page, person_at(i), i, cookie_names)
            )
            if not status.startswith("200") or page.marker.encode() not in body:
                raise RuntimeError(f"{page.label}: {status} {body[:300]!r}")
        cpu, queries = [], []
        for i in range(5, 5 + args.requests):
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                _status, ms, _body = request(
                    application, environ_for(page, person_at(i), i, cookie_names)
                )
            cpu.append(ms)
            queries.append(counter.count)
        profiler = (
            cProfile.Profile(time.thread_time)
            if args.clock == "cpu"
            else cProfile.Profile()
        )
        for i in range(5, 5 + args.requests):
            environ = environ_for(page, person_at(i), i, cookie_names)
            profiler.enable()
            request(application, environ)
            profiler.disable()
        stats = pstats.Stats(profiler)
        if args.pstats:
            args.pstats.mkdir(parents=True, exist_ok=True)
            stats.dump_stats(args.pstats / f"{page.key}.pstats")
        shares = buckets(stats)
        cpu.sort()
        row = {
            "page": page.label,
            "cpu_ms": statistics.median(cpu),
            "cpu_p90_ms": cpu[int(0.9 * (len(cpu) - 1))],
            "queries": statistics.median(queries),
            **shares,
        }
        rows.append(row)
        log(
            f"  {page.label:<26} CPU {row['cpu_ms']:6.2f} ms (p90 "
            f"{row['cpu_p90_ms']:6.2f}), {row['queries']:g} queries"
        )
        if page.key in args.detail:
            details.append(
                f"\n## {page.label}\n\n### By cumulative time\n"
                + listing(stats, "cumulative", args.top)
                + "\n### By own time\n"
                + listing(stats, "tottime", args.top)
                + "\n### Mend's own functions, by cumulative time\n"
                + listing(
                    stats,
                    "cumulative",
                    args.top,
                    "(couples|recovery|content|core|config)/",
                )
            )
    return rows, details


def table(rows) -> str:
    labels = [label for label, _ in BUCKETS] + ["other"]
    header = ["page", "CPU ms", "p90", "queries", *labels]
    lines = [
        "| " + " | ".join(header) + " |",
        "|---|" + "---:|" * (len(header) - 1),
    ]
    for r in rows:
        cells = [
            r["page"],
            f"{r['cpu_ms']:.2f}",
            f"{r['cpu_p90_ms']:.2f}",
            f"{r['queries']:g}",
            *(f"{r[label]:.0f} %" for label in labels),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    log = bench.log
    cleanup, out_dir, stamp, _work = bench.start_run("mend-profile-")
    try:
        db_name = f"mend_bench_{secrets.token_hex(3)}"
        try:
            bench.create_database(args.postgres, db_name)
        except Exception as error:
            log(f"Cannot reach PostgreSQL at {args.postgres}: {error}")
            return 2
        cleanup.add(
            f"dropped database {db_name}",
            lambda: bench.drop_database(args.postgres, db_name),
        )
        redis_url = ""
        if args.redis:
            number = bench.pick_redis_db(args.redis)
            if number is not None:
                redis_url = f"{args.redis.rstrip('/')}/{number}"
                cleanup.add(
                    f"removed the run's keys from {redis_url}",
                    lambda: bench.forget_redis_keys(args.redis, number),
                )
        bench.configure_environment(f"{args.postgres.rstrip('/')}/{db_name}", redis_url)

        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        cleanup.add("closed database connections", connections.close_all)
        size = ds.Size(couples=args.couples, therapists=args.therapists, days=args.days)
        log(
            f"Mend profile: database {db_name}, "
            f"{'Redis ' + redis_url if redis_url else 'no Redis'}, "
            f"{size.couples} couples, {size.therapists} therapists, {size.days} days"
        )
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        data = ds.build(size, log=log)
        run_args = bench.parse_args(["--pages", args.pages] if args.pages else [])
        pages = bench.choose_pages(run_args, data)
        bench.set_languages(pages, data)
        log(f"{args.requests} requests a page, in this process:")
        rows, details = profile_pages(pages, data, args, log)
        text = (
            f"Profile of {size.couples} couples, {size.therapists} therapists, "
            f"{size.days} days; {args.requests} requests a page; "
            f"{time.strftime('%Y-%m-%d %H:%M')}.\n\n"
            "CPU ms: median and 90th percentile per request, without the profiler. "
            f"The other columns: each bucket's share of the profiled {args.clock} "
            "time spent in its own code.\n\n" + table(rows) + "\n" + "".join(details)
        )
        log("")
        log(text)
        report = out_dir / f"profile-{stamp}.md"
        report.write_text(text + "\n")
        log(f"Written to {report.relative_to(ROOT)}")
        return 0
    except KeyboardInterrupt:
        log("\nInterrupted; cleaning up.")
        return 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        cleanup.run()


if __name__ == "__main__":
    sys.exit(main())
