"""The benchmark's PostgreSQL databases, one per size: created, loaded and reused.

A database counts as complete when its ``bench_meta`` table (written last, by the benchmark,
outside Django's models) holds the fingerprint of the code and data that generated it. A
database without it, or built from other synthetic code or seed files, is dropped and rebuilt;
``--fresh`` rebuilds every size asked for. Only databases named ``tablero_bench_scale_*`` are
ever dropped.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
# BENCH_DB_PREFIX lets several checkouts on one server keep their own databases
# (e.g. tablero_bench_mybranch_); it must start with "tablero_bench_".
PREFIX = os.environ.get("BENCH_DB_PREFIX", "tablero_bench_scale_")
if not PREFIX.startswith("tablero_bench_"):
    raise SystemExit("bench: BENCH_DB_PREFIX must start with tablero_bench_")
HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PORT = int(os.environ.get("BENCH_PG_PORT", "5432"))
USER = os.environ.get("BENCH_PG_USER", "postgres")
# What generates the data: a change in any of these rebuilds the databases.
FINGERPRINTED = [
    "synthetic/design.py",
    "synthetic/design_registers.py",
    "synthetic/names.py",
    "synthetic/writer.py",
    "synthetic/writer_registers.py",
    "risks/services.py",
    "risks/published.py",
    "publication/seed.py",
    "publication/publishing.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "fixtures").rglob("*.yaml")),
]


def name(size: str) -> str:
    return f"{PREFIX}{size.lower()}"


def url(size: str) -> str:
    return f"postgres://{USER}@{HOST}:{PORT}/{name(size)}"


def fingerprint() -> str:
    digest = hashlib.sha256()
    for relative in FINGERPRINTED:
        digest.update(relative.encode())
        digest.update((ROOT / relative).read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def cursor_on(database: str = "postgres"):
    """An autocommit cursor (CREATE DATABASE and VACUUM refuse transaction blocks)."""
    connection = psycopg2.connect(host=HOST, port=PORT, user=USER, dbname=database)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def server_version() -> str:
    with cursor_on() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def exists(size: str) -> bool:
    with cursor_on() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name(size)])
        return cursor.fetchone() is not None


def stamp(size: str) -> str | None:
    """The fingerprint the database was completed with, or None."""
    if not exists(size):
        return None
    with cursor_on(name(size)) as cursor:
        cursor.execute("SELECT to_regclass('bench_meta') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT fingerprint FROM bench_meta WHERE size = %s", [size])
        row = cursor.fetchone()
        return row[0] if row else None


def drop(size: str) -> None:
    database = name(size)
    assert database.startswith(PREFIX)
    with cursor_on() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))


def django_env(size: str, **extra: str) -> dict[str, str]:
    """The environment of a Django process on the database of ``size``."""
    env = {
        **os.environ,
        "DATABASE_URL": url(size),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "bench-only-not-a-secret",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "CONN_MAX_AGE": "60",
    }
    env.update(extra)
    return env


def manage(size: str, *args: str, quiet: bool = True) -> None:
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        command,
        cwd=ROOT,
        env=django_env(size),
        capture_output=quiet,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.stderr.write((result.stdout or "") + (result.stderr or ""))
        raise SystemExit(f"bench: manage.py {' '.join(args)} failed on size {size}")


def build(size: str, log) -> float:
    """Drop, create and load the database of ``size``; returns the seconds it took."""
    started = time.monotonic()
    drop(size)
    with cursor_on() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name(size))))
    log(f"  {name(size)}: migrate")
    manage(size, "migrate", "--noinput")
    log(f"  {name(size)}: load_seed")
    manage(size, "load_seed")
    if size != "S":
        log(f"  {name(size)}: generate_synthetic --size {size} (L takes a few minutes)")
        manage(size, "generate_synthetic", "--size", size)
    vacuum(size)
    with cursor_on(name(size)) as cursor:
        cursor.execute(
            "CREATE TABLE bench_meta (size text PRIMARY KEY, fingerprint text NOT NULL, "
            "built_at timestamptz NOT NULL DEFAULT now(), seconds real NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO bench_meta (size, fingerprint, seconds) VALUES (%s, %s, %s)",
            [size, fingerprint(), time.monotonic() - started],
        )
    return time.monotonic() - started


def vacuum(size: str) -> None:
    """VACUUM ANALYZE the database of ``size``: after a load, and after the items that write
    (publishing, the import), before the pages are timed again. A production server's
    autovacuum clears the dead rows those writes leave; this machine's PostgreSQL runs with
    autovacuum off, and 2.000 dead rows of the plans' table made its index-only scans read the
    table (the district's stamp took 2,5 ms instead of 0,3 ms at L)."""
    with cursor_on(name(size)) as cursor:
        cursor.execute("VACUUM ANALYZE")


def load_seconds(size: str) -> float | None:
    with cursor_on(name(size)) as cursor:
        cursor.execute("SELECT seconds FROM bench_meta WHERE size = %s", [size])
        row = cursor.fetchone()
        return row[0] if row else None


def ensure(size: str, fresh: bool, log) -> tuple[bool, float | None]:
    """A complete database of ``size``: (rebuilt now, seconds its load took)."""
    current = stamp(size)
    if not fresh and current == fingerprint():
        log(f"  {name(size)}: complete, reused (migrate only)")
        manage(size, "migrate", "--noinput")
        return False, load_seconds(size)
    reason = "--fresh" if fresh else ("incomplete or missing" if current is None else "stale")
    log(f"  {name(size)}: building ({reason})")
    return True, build(size, log)
