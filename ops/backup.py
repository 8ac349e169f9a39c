"""Consistent backups and restores of the configured database.

PostgreSQL: pg_dump in custom format and pg_restore --clean (the client tools of the server's
version). SQLite: the sqlite3 online-backup API, which copies a consistent state even while the
site writes.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - fixed argument lists, no shell  # nosec B404
from pathlib import Path

from django.db import connections


class BackupError(RuntimeError):
    pass


def _pg_env(settings: dict) -> dict:
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return env


def _pg_args(settings: dict) -> list[str]:
    args = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    return args


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"No se encontró el programa {command[0]}.")
    result = subprocess.run(  # noqa: S603 - our fixed pg_dump/pg_restore arguments  # nosec B603
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} terminó con error")


def _sqlite_copy(source_path, target_path) -> None:
    """A consistent copy of one SQLite file onto another (the online-backup API)."""
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(target_path)
    with target:
        source.backup(target)
    source.close()
    target.close()


def backup(path: Path, alias: str = "default") -> Path:
    connection = connections[alias]
    settings = connection.settings_dict
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *_pg_args(settings)],
            _pg_env(settings),
        )
    elif connection.vendor == "sqlite":
        connection.close()
        _sqlite_copy(settings["NAME"], path)
    else:
        raise BackupError(f"Motor de base de datos no soportado: {connection.vendor}")
    return path


def restore(path: Path, alias: str = "default") -> None:
    if not path.exists():
        raise BackupError(f"No existe la copia {path}.")
    connection = connections[alias]
    settings = connection.settings_dict
    connection.close()
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *_pg_args(settings),
                str(path),
            ],
            _pg_env(settings),
        )
    elif connection.vendor == "sqlite":
        _sqlite_copy(path, settings["NAME"])
    else:
        raise BackupError(f"Motor de base de datos no soportado: {connection.vendor}")
