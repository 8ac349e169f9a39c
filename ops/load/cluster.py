"""A private, throwaway PostgreSQL cluster for the load and fault scripts.

The scripts stop and start the database on purpose; doing that to the machine's shared
cluster would break everyone else's connections (other developers' tests, CI). So each run
makes its own cluster with initdb in a temporary folder, listening on 127.0.0.1 only, on a
port of its own, and removes it at the end. As root the server runs as the ``postgres`` user
(PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import os
import shutil
import subprocess  # noqa: S404 - fixed argument lists, no shell  # nosec B404
import tempfile
import time
from pathlib import Path


def pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for base in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (base / name).exists():
            return str(base / name)
    raise FileNotFoundError(f"{name} not found: install PostgreSQL's server package")


class Cluster:
    def __init__(self, port: int = 55432):
        self.port = port
        self.root = Path(tempfile.mkdtemp(prefix="tablero-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.as_postgres = os.geteuid() == 0

    def _run(self, *command: str, check: bool = True, timeout: float = 120):
        if self.as_postgres:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(  # noqa: S603 - fixed arguments  # nosec B603
            command, capture_output=True, text=True, timeout=timeout, check=check
        )

    def init(self) -> Cluster:
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            pg_bin("initdb"), "-D", str(self.data), "--auth=trust", "-U", "postgres",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        return self

    def start(self) -> float:
        """Starts the server and waits until it accepts connections; returns the time."""
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        )
        self._run(
            pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
            "-w", "-t", "60", "start",
        )  # fmt: skip
        return time.monotonic()

    def start_in_background(self):
        """pg_ctl start without waiting (the caller polls is_ready for the exact moment)."""
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        )
        self._run(
            pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
            "-W", "start",
        )  # fmt: skip

    def stop_in_background(self, mode: str = "fast"):
        command = [pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.Popen(  # noqa: S603 - fixed arguments  # nosec B603
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def stop(self, mode: str = "fast") -> float:
        """Stops the server (connections are cut); returns the time it was down."""
        self._run(pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")
        return time.monotonic()

    def is_ready(self) -> bool:
        result = subprocess.run(  # noqa: S603 - fixed arguments  # nosec B603
            [pg_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"],
            timeout=10,
            check=False,
        )
        return result.returncode == 0

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, database: str, sql: str) -> str:
        result = subprocess.run(  # noqa: S603 - fixed arguments  # nosec B603
            [pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d",
             database, "-Atqc", sql],
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        return result.stdout.strip()

    def create_database(self, name: str) -> str:
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self):
        if (self.data / "postmaster.pid").exists():
            self._run(
                pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop", check=False
            )
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self):
        self.init()
        self.start()
        return self

    def __exit__(self, *exc):
        self.destroy()
