"""EXPLAIN (ANALYZE, BUFFERS) for every query the measured pages make.

Each page is requested through Django's test Client against the bench
database, as the same person the load generator uses, and its queries are
captured with CaptureQueriesContext. Every captured statement is then run
again under EXPLAIN ANALYZE inside a transaction that is rolled back, so
writes (the check-in, the session refresh) leave nothing behind.
"""

import re
import time

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

SKIP = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK|BEGIN|COMMIT)\b", re.I)
SCAN = re.compile(r"Seq Scan on (\w+)")
EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")
PLANNING = re.compile(r"Planning Time: ([\d.]+) ms")
# A sequential scan of a table this large on a page is worth a look.
BIG_TABLE_ROWS = 5000
SLOW_MS = 5.0
# Planning happens on every request (Django sends literal SQL, nothing is
# prepared) and is the database's CPU, which the CPU ms column never shows.
SLOW_PLANNING_MS = 2.0


def _table_sizes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class "
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
        )
        return dict(cursor.fetchall())


def _explain(sql: str) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan


def capture(page, person) -> tuple[int, int, list[str]]:
    """Request the page as this person, as the server would see it.

    Return the status, the number of queries with warm caches, and the SQL
    of a request made right after the cache was emptied (the queries the
    library cache and the pathway cache save, and the session read, too).
    """
    from content.page_cache import empty_caches

    client = Client()
    if person is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = person.session_key
        client.cookies[settings.CSRF_COOKIE_NAME] = person.csrf
    method, path, headers, body = page.request_for(person, 0)
    headers.pop("Content-Type", None)
    kwargs = {"headers": headers}
    if body:
        kwargs["content_type"] = "application/x-www-form-urlencoded"
    client.generic(method, path, body or "", **kwargs)  # warm caches and the session
    with CaptureQueriesContext(connection) as warm:
        client.generic(method, path, body or "", **kwargs)
    empty_caches()  # the run's own Redis database and this process's memory
    with CaptureQueriesContext(connection) as cold:
        response = client.generic(method, path, body or "", **kwargs)
    return (
        response.status_code,
        len(warm.captured_queries),
        [q["sql"] for q in cold.captured_queries],
    )


def explain_pages(pages, dataset, out_path, log=print):
    """Write every page's plans to out_path; return one-line warnings, and
    each page's number of queries with warm caches (by page key)."""
    sizes = _table_sizes()
    warnings = []
    counts = {}
    lines = [
        "# EXPLAIN (ANALYZE, BUFFERS) of every query of the measured pages",
        "",
        f"Written by bench/run.py on {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{dataset.size.couples} couples, {dataset.size.therapists} therapists, "
        f"{dataset.size.days} days of history.",
        "",
    ]
    for page in pages:
        person = page.people(dataset)[0] if page.people else None
        status, warm, statements = capture(page, person)
        counts[page.key] = warm
        lines += [
            f"## {page.label}: {page.request_for(person, 0)[1]}",
            "",
            f"Status {status}; {warm} queries with warm caches, "
            f"{len(statements)} with an empty cache (all explained below).",
            "",
        ]
        for n, sql in enumerate(statements, 1):
            if SKIP.match(sql):
                continue
            plan = _explain(sql)
            total = EXECUTION.search(plan)
            ms = float(total.group(1)) if total else 0.0
            planning = PLANNING.search(plan)
            planning_ms = float(planning.group(1)) if planning else 0.0
            big_scans = sorted(
                {t for t in SCAN.findall(plan) if sizes.get(t, 0) >= BIG_TABLE_ROWS}
            )
            note = []
            if big_scans:
                note.append("seq scan of " + ", ".join(big_scans))
            if ms >= SLOW_MS:
                note.append(f"{ms:.1f} ms")
            if planning_ms >= SLOW_PLANNING_MS:
                note.append(f"{planning_ms:.1f} ms planning")
            if note:
                warnings.append(f"{page.label} query {n}: {'; '.join(note)}")
            lines += [
                f"### Query {n}" + (f" — {'; '.join(note)}" if note else ""),
                "",
                "```sql",
                sql,
                "```",
                "",
                "```",
                plan,
                "```",
                "",
            ]
        log(
            f"  {page.label:<28} {status}  {warm:>2} queries warm, "
            f"{len(statements):>2} with an empty cache"
        )
    out_path.write_text("\n".join(lines))
    return warnings, counts
