"""Run Lighthouse on Mend's key pages and check the scores against our targets.

    .venv/bin/python bench/lighthouse.py          # mobile + desktop, 3 runs each (~5 min)
    .venv/bin/python bench/lighthouse.py --form-factor mobile --runs 1   # ~1 min
    .venv/bin/python bench/lighthouse.py --page dashboard

Needs node >= 18.16 with npm (Lighthouse 12; 13 needs node 22) and Chromium
at /usr/bin/chromium (Debian: `apt-get install -y chromium`) or CHROME_PATH.
No network beyond the npm registry for the first install.

What it does, start to finish:

1. Installs the `lighthouse` version pinned in bench/lighthouse/package.json
   into bench/lighthouse/node_modules (`npm ci`) if missing or different.
2. Makes a throwaway SQLite database in a temp dir with production-like
   settings (DEBUG=0, HTTPS=0, a fresh SECRET_KEY and encryption key,
   ALLOWED_HOSTS=127.0.0.1,localhost), runs migrate and seed_demo against it
   with DEBUG=1 (seed_demo insists), then collectstatic with DEBUG=0
   (whitenoise's hashed, compressed files, in var/static/).
3. Serves it with gunicorn (DEBUG=0) on a free 127.0.0.1 port.
4. Signs in as the demo user alex@example.com through the allauth form and
   runs the Lighthouse CLI (headless Chromium, no background networking) on
   the landing page, an article and the signed-in dashboard /home/; the
   session cookie goes to Lighthouse as an `--extra-headers` Cookie header.
   Scores swing by several points between runs on a shared 2-core machine,
   so each page runs 3 times and the run with the median performance counts.
5. Prints the four category scores per page and form factor, saves the
   counted HTML and JSON reports as var/lighthouse/<page>-<form>.report.*
   (every run in var/lighthouse/runs/), lists the audits behind any missed
   target, and exits 1 if a target is missed (2 on a setup error). The
   targets apply to every form factor: performance >= 95, accessibility
   = 100, best practices >= 95. SEO is reported only.

The server is stopped and the temp database removed at the end, on error
and on Ctrl+C or SIGTERM too.
"""

import argparse
import base64
import contextlib
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LH_DIR = ROOT / "bench" / "lighthouse"
LH_BIN = LH_DIR / "node_modules" / ".bin" / "lighthouse"
REPORT_DIR = ROOT / "var" / "lighthouse"
RUNS_DIR = REPORT_DIR / "runs"
PYTHON = sys.executable

LIGHTHOUSE_TRIES = 3
LIGHTHOUSE_TIMEOUT = 300  # seconds for one run

DEMO_EMAIL = "alex@example.com"
DEMO_PASSWORD = "mend-demo-password"  # noqa: S105 - the public demo login


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    signed_in: bool = False


PAGES = [
    Page("landing", "/"),
    Page("article", "/library/what-is-emotional-infidelity/"),
    Page("dashboard", "/home/", signed_in=True),
]

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LABELS = {
    "performance": "perf",
    "accessibility": "a11y",
    "best-practices": "best",
    "seo": "seo",
}
# Below this benchmarkIndex Lighthouse itself warns of a slow host CPU.
SLOW_CPU_INDEX = 1000
# Minimum score (0-100) per category; SEO is reported, not targeted.
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95}

# Lighthouse's own launcher adds most quiet-browser flags; these are the ones
# this machine needs (no sandbox as root, no GPU) and no background traffic.
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class SetupError(Exception):
    pass


class LighthouseError(Exception):
    pass


def log(message: str) -> None:
    print(f"[lighthouse] {message}", file=sys.stderr, flush=True)


def run(cmd: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 - fixed argument lists, no shell
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SetupError(
            f"{what} failed (exit {result.returncode}):\n{result.stdout}{result.stderr}"
        )


# 1. Lighthouse itself ------------------------------------------------------


def ensure_lighthouse() -> None:
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            raise SetupError(f"`{tool}` is not on PATH (Debian: apt-get install npm).")
    pinned = json.loads((LH_DIR / "package.json").read_text())["dependencies"][
        "lighthouse"
    ]
    installed = LH_DIR / "node_modules" / "lighthouse" / "package.json"
    if (
        LH_BIN.exists()
        and installed.exists()
        and json.loads(installed.read_text())["version"] == pinned
    ):
        return
    log(f"installing lighthouse {pinned} into {LH_DIR.relative_to(ROOT)}/node_modules")
    run(
        ["npm", "ci", "--prefix", str(LH_DIR), "--no-audit", "--no-fund"],
        dict(os.environ),
        "npm ci",
    )


def chrome_path() -> str:
    path = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(path).is_file():
        raise SetupError(
            f"No Chromium at {path}. Install it (apt-get install -y chromium) "
            "or set CHROME_PATH."
        )
    return path


# 2. A throwaway, production-like Mend --------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(tmp: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # Nothing from a developer's own settings may leak in.
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "EMAIL_HOST",
            "TASKS_BACKEND",
            "SITE_URL",
            "CSRF_TRUSTED_ORIGINS",
            "TRUST_X_FORWARDED_PROTO",
            "MEND_BENCHMARK",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{tmp / 'mend.sqlite3'}",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def prepare_database(env: dict[str, str]) -> None:
    debug_env = {**env, "DEBUG": "1"}
    manage = [PYTHON, "manage.py"]
    log("migrate")
    run([*manage, "migrate", "--no-input", "--verbosity", "0"], debug_env, "migrate")
    log("seed_demo")
    run([*manage, "seed_demo"], debug_env, "seed_demo")
    log("collectstatic")
    run(
        [*manage, "collectstatic", "--no-input", "--verbosity", "0"],
        env,
        "collectstatic",
    )


def start_server(env: dict[str, str], port: int, log_file) -> subprocess.Popen:
    gunicorn = Path(PYTHON).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603
        [
            str(gunicorn),
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SetupError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/", timeout=5
            ) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SetupError("gunicorn did not answer within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


# 3. Signing in -------------------------------------------------------------


def sign_in(base: str) -> str:
    """Sign in through allauth's form and return a Cookie header for Lighthouse."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_url = f"{base}/accounts/login/"
    with opener.open(login_url, timeout=15) as response:
        html = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise SetupError("No CSRF token on the login page.")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": match[1],
            "login": DEMO_EMAIL,
            "password": DEMO_PASSWORD,
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310
        login_url, data=form, headers={"Referer": login_url}
    )
    with opener.open(request, timeout=15) as response:
        landed = urllib.parse.urlsplit(response.url).path
    with opener.open(f"{base}/home/", timeout=15) as response:
        home = urllib.parse.urlsplit(response.url).path
    if home != "/home/":
        raise SetupError(
            f"Signing in as {DEMO_EMAIL} did not work: after the login form we were "
            f"at {landed}, and /home/ went to {home}."
        )
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SetupError(f"No session cookie after signing in: {sorted(cookies)}")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def warm_up(base: str, pages: list[Page], cookie: str | None) -> None:
    """Load each page a few times, so no worker's first request is measured."""
    for page in pages:
        headers = {"Cookie": cookie} if page.signed_in and cookie else {}
        for _ in range(6):
            request = urllib.request.Request(base + page.path, headers=headers)  # noqa: S310
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
                response.read()


# 4. Lighthouse runs --------------------------------------------------------


@dataclass
class Result:
    page: Page
    form_factor: str
    scores: dict[str, int | None]
    lhr: dict
    perf_runs: list[int]
    error: str = ""
    # Lighthouse's CPU yardstick for every run, and the machine's 1-minute
    # load average after it: performance is only meaningful on a quiet machine.
    benchmark_indexes: list[int] = field(default_factory=list)
    load_averages: list[float] = field(default_factory=list)

    def misses(self) -> list[str]:
        if self.error:
            return [self.error]
        return [
            f"{LABELS[category]} {score if score is not None else '-'} < {target}"
            for category, target in TARGETS.items()
            if (score := self.scores.get(category)) is None or score < target
        ]


def interrupt(process: subprocess.Popen) -> None:
    """Stop a Lighthouse run: on SIGINT its launcher closes the Chromium it
    started (in a process group of its own) before exiting."""
    process.send_signal(signal.SIGINT)
    try:
        process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


def lighthouse(
    url: str, form_factor: str, output_base: Path, cookie: str | None, chrome: str
) -> dict:
    cmd = [
        str(LH_BIN),
        url,
        "--quiet",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        "--output=html",
        f"--output-path={output_base}",
        "--max-wait-for-load=60000",
    ]
    if form_factor == "desktop":
        cmd.append("--preset=desktop")
    if cookie:
        cmd.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    process = subprocess.Popen(  # noqa: S603
        cmd,
        cwd=ROOT,
        env={**os.environ, "CHROME_PATH": chrome},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, stderr = process.communicate(timeout=LIGHTHOUSE_TIMEOUT)
    except subprocess.TimeoutExpired:
        interrupt(process)
        raise LighthouseError(f"no result after {LIGHTHOUSE_TIMEOUT} s") from None
    except BaseException:
        interrupt(process)
        raise
    json_path = output_base.with_name(output_base.name + ".report.json")
    if process.returncode != 0 or not json_path.exists():
        raise LighthouseError(f"exit {process.returncode}: {stderr.strip()[-500:]}")
    return json.loads(json_path.read_text())


def scores_of(lhr: dict) -> dict[str, int | None]:
    return {
        category: (
            None
            if (score := lhr["categories"].get(category, {}).get("score")) is None
            else round(score * 100)
        )
        for category in CATEGORIES
    }


def perf_score(lhr: dict) -> int:
    return round((lhr["categories"]["performance"]["score"] or 0) * 100)


def audit_page(
    page: Page,
    form_factor: str,
    base: str,
    cookie: str | None,
    chrome: str,
    runs: int,
) -> Result:
    """Run Lighthouse `runs` times; the run with the median performance counts.

    Every run is kept in var/lighthouse/runs/; the counted one is copied to
    var/lighthouse/<page>-<form>.report.{html,json}.
    """
    url = base + page.path
    name = f"{page.name}-{form_factor}"
    attempts = []
    load_averages = []
    for attempt in range(1, runs + 1):
        output_base = RUNS_DIR / f"{name}-run{attempt}"
        # Lighthouse now and then fails to record a trace (NO_NAVSTART and
        # the like) and says to run it again: so do we, twice.
        for tries_left in reversed(range(LIGHTHOUSE_TRIES)):
            log(f"{name} run {attempt}/{runs}: {url}")
            try:
                lhr = lighthouse(url, form_factor, output_base, cookie, chrome)
            except LighthouseError as error:
                log(f"{name} run {attempt} failed ({error})")
                if not tries_left:
                    return Result(
                        page, form_factor, {}, {}, [], f"Lighthouse failed: {error}"
                    )
            else:
                attempts.append((lhr, output_base))
                break
        load_averages.append(os.getloadavg()[0])
    perf_runs = [perf_score(lhr) for lhr, _ in attempts]
    lhr, output_base = sorted(attempts, key=lambda item: perf_score(item[0]))[
        (len(attempts) - 1) // 2
    ]
    for suffix in (".report.json", ".report.html"):
        shutil.copyfile(
            output_base.with_name(output_base.name + suffix),
            REPORT_DIR / (name + suffix),
        )
    error = ""
    if lhr.get("runtimeError"):
        error = f"Lighthouse error: {lhr['runtimeError'].get('message')}"
    final = urllib.parse.urlsplit(lhr.get("finalDisplayedUrl", "")).path
    if final != page.path:
        error = f"ended at {final}, not {page.path}"
    benchmark_indexes = [
        round(lhr["environment"]["benchmarkIndex"]) for lhr, _ in attempts
    ]
    return Result(
        page,
        form_factor,
        scores_of(lhr),
        lhr,
        perf_runs,
        error,
        benchmark_indexes,
        load_averages,
    )


# 5. Reporting --------------------------------------------------------------


def failing_audits(lhr: dict, category: str) -> list[str]:
    lines = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        if audit["scoreDisplayMode"] in {"notApplicable", "informative", "manual"}:
            continue
        if audit["score"] is None or audit["score"] >= 1:
            continue
        if category == "performance" and ref.get("group") != "metrics":
            continue
        value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
        lines.append(
            f"{audit['id']}: score {round(audit['score'] * 100)}"
            f"{value}, weight {ref['weight']}: {audit['title']}"
        )
    return lines


def print_table(results: list[Result]) -> None:
    target_text = ", ".join(
        f"{LABELS[c]} {'=' if t == 100 else '>='} {t}" for c, t in TARGETS.items()
    )
    print(f"\nLighthouse scores (targets: {target_text})\n")
    header = f"{'page':<10} {'form':<8}" + "".join(
        f"{LABELS[c]:>6}" for c in CATEGORIES
    )
    print(header + "  perf runs    result")
    print("-" * (len(header) + 21))
    for result in results:
        cells = "".join(
            f"{'-' if s is None else s:>6}"
            for s in (result.scores.get(c) for c in CATEGORIES)
        )
        misses = result.misses()
        verdict = "ok" if not misses else "MISSED: " + "; ".join(misses)
        runs = ",".join(str(score) for score in result.perf_runs)
        print(
            f"{result.page.name:<10} {result.form_factor:<8}{cells}  {runs:<11}  {verdict}"
        )
    print()
    for result in results:
        if result.error:
            continue
        for category, target in TARGETS.items():
            score = result.scores.get(category)
            if score is not None and score >= target:
                continue
            print(f"{result.page.name} ({result.form_factor}), {category} {score}:")
            for line in failing_audits(result.lhr, category) or ["(no audit below 1)"]:
                print(f"  - {line}")
    indexes = [index for result in results for index in result.benchmark_indexes]
    loads = [load for result in results for load in result.load_averages]
    cores = os.cpu_count() or 1
    if indexes and loads:
        print(
            f"CPU: Lighthouse benchmarkIndex {min(indexes)}-{max(indexes)} over the "
            f"runs (Lighthouse warns below {SLOW_CPU_INDEX}); 1-minute load average "
            f"up to {max(loads):.1f} on {cores} cores."
        )
        if min(indexes) < SLOW_CPU_INDEX or max(loads) > cores:
            print(
                "  The machine was busy or slow during some runs: performance "
                "scores swing widely then. Re-run when it is quiet, or with --runs 5."
            )
    print(f"Reports: {REPORT_DIR.relative_to(ROOT)}/<page>-<form>.report.html / .json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--form-factor",
        choices=["mobile", "desktop", "both"],
        default="both",
        help="mobile is Lighthouse's default (throttled Moto G); both by default",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="Lighthouse runs per page and form factor; the median-performance run "
        "counts (default 3: one run alone swings by several points here)",
    )
    parser.add_argument(
        "--page",
        action="append",
        choices=[page.name for page in PAGES],
        help="only these pages (repeatable)",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    form_factors = (
        ["mobile", "desktop"] if args.form_factor == "both" else [args.form_factor]
    )
    pages = [page for page in PAGES if not args.page or page.name in args.page]

    # A plain `kill` should clean up like Ctrl+C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    server = None
    tmp = Path(tempfile.mkdtemp(prefix="mend-lighthouse-"))
    try:
        ensure_lighthouse()
        chrome = chrome_path()
        shutil.rmtree(RUNS_DIR, ignore_errors=True)
        RUNS_DIR.mkdir(parents=True)
        env = app_env(tmp)
        prepare_database(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with (tmp / "gunicorn.log").open("w") as server_log:
            log(f"gunicorn on {base}")
            server = start_server(env, port, server_log)
            cookie = sign_in(base) if any(p.signed_in for p in pages) else None
            warm_up(base, pages, cookie)
            results = [
                audit_page(
                    page,
                    form_factor,
                    base,
                    cookie if page.signed_in else None,
                    chrome,
                    args.runs,
                )
                for form_factor in form_factors
                for page in pages
            ]
        print_table(results)
        return 1 if any(result.misses() for result in results) else 0
    except SetupError as error:
        log(f"error: {error}")
        server_log_path = tmp / "gunicorn.log"
        if server_log_path.exists() and server_log_path.stat().st_size:
            log("gunicorn's log:\n" + server_log_path.read_text()[-3000:])
        return 2
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
