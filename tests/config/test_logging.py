"""Each log line prints once, in development as in production."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEVELOPMENT = {
    "PATH": "/usr/bin:/bin",
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "1",
    "SECRET_KEY": "development-only-secret-key-for-the-logging-test-0123456789",
    "FIELD_ENCRYPTION_KEYS": "bm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm4=",
}
# A line from each kind of logger: Django's own (the autoreloader's, as
# `make run` prints it), a warning about a request, the development server's
# dated access line, and Mend's.
LINES = """
import logging
import django
django.setup()
logging.getLogger("django.utils.autoreload").info("Watching for file changes")
logging.getLogger("django.request").warning("Not Found: /nowhere/")
logging.getLogger("django.server").info('"GET / HTTP/1.1" 200 1')
logging.getLogger("couples").info("A line of Mend's own")
logging.getLogger("django.db.backends").debug("SELECT 1")
"""


@pytest.mark.parametrize("debug", ["1", "0"])
def test_each_line_prints_once(debug):
    env = DEVELOPMENT | {"DEBUG": debug, "ALLOWED_HOSTS": "mend.example.org"}
    if debug == "0":
        env |= {"HTTPS": "0", "EMAIL_HOST": "smtp.example.org"}
    result = subprocess.run(
        [sys.executable, "-c", LINES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    for text in (
        "Watching for file changes",
        "Not Found: /nowhere/",
        "A line of Mend's own",
    ):
        assert lines.count(text) == 1, result.stderr
    [server] = [line for line in lines if "GET / HTTP/1.1" in line]
    assert server.startswith("[")  # the development server's date stays
    assert "SELECT 1" not in result.stderr  # below the default level
