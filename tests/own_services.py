"""Throwaway Redis and PostgreSQL servers on free loopback ports, for fault tests.

Each lives in a temporary folder and can be stopped and started again on the
same port, as an outage would. PostgreSQL's server binaries are where Debian
puts them (`initdb` refuses root, so it runs as the postgres user then).
"""

import contextlib
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

POSTGRES_BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait(condition, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} within {seconds} s")
        time.sleep(0.05)


def missing_redis() -> str | None:
    """Why an own Redis cannot run here, or None."""
    return None if shutil.which("redis-server") else "no redis-server on PATH"


def missing_postgres() -> str | None:
    """Why an own PostgreSQL cannot run here, or None."""
    if not (POSTGRES_BIN / "initdb").exists():
        return f"no PostgreSQL server binaries in {POSTGRES_BIN} (set POSTGRES_BIN)"
    if os.geteuid() == 0 and not shutil.which("su"):
        return "running as root without `su` to run initdb as postgres"
    return None


class OwnRedis:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
                "--daemonize",
                "yes",
                "--pidfile",
                str(self.folder / "redis.pid"),
                "--logfile",
                str(self.folder / "redis.log"),
            ],
            check=True,
        )
        _wait(lambda: answers(self.port), f"Redis did not answer on {self.port}")

    def stop(self, *, keep_data: bool = False) -> None:
        """Stop Redis; with keep_data it saves first and loads it all on start."""
        if keep_data:
            import redis

            with contextlib.suppress(redis.exceptions.ConnectionError):
                redis.Redis.from_url(self.url).shutdown(save=True)
        else:
            pid = int((self.folder / "redis.pid").read_text())
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 15)
        _wait(lambda: not answers(self.port), f"Redis still answers on {self.port}")


class OwnPostgres:
    def __init__(self):
        # Its own folder in the system's temporary folder: as root, the
        # postgres user must be able to reach it, which pytest's are not.
        self.folder = Path(tempfile.mkdtemp(prefix="mend-postgres-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/mend"

    def _run(self, *command: str) -> None:
        line = shlex.join(command)
        if os.geteuid() == 0:
            command = ("su", "postgres", "-c", line)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            str(POSTGRES_BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        )
        self.start()
        self._run(
            str(POSTGRES_BIN / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "mend",
        )

    def _ctl(self, *arguments: str) -> None:
        self._run(
            str(POSTGRES_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "postgres.log"),
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c max_connections=50",
            "-w",
            *arguments,
        )

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")

    def restart(self) -> None:
        self._ctl("-m", "fast", "restart")

    def remove(self) -> None:
        """Stop it if it runs, and delete its folder."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self._ctl("-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
