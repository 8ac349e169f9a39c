"""Backup, change, restore: the data equal the backup (on the database engine under test)."""

import os
import subprocess  # noqa: S404
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def manage(env, *args):
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def shell(env, code):
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


@pytest.fixture
def scratch_database_url(tmp_path, django_db_blocker):
    """A scratch database of the engine under test, outside the test transaction."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    import psycopg2

    settings = connection.settings_dict
    name = f"{settings['NAME']}_backup"[:60]
    params = {k.lower(): settings[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if settings[k]}
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    yield f"postgres://{user}{password}@{host}:{settings['PORT'] or 5432}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


COUNT = (
    "from indicators.models import CutoffProgramming, Measurement, ObjectiveLink; "
    "from plan.models import Plan; "
    "print(sorted(Plan.objects.values_list('name', flat=True)), Measurement.objects.count(), "
    "Measurement.objects.get(indicator__code='4075').executed, ObjectiveLink.objects.count(), "
    "CutoffProgramming.objects.get(indicator__code='4075').programmed)"
)


@pytest.mark.database  # its subprocesses use a scratch database of the engine under test
def test_backup_change_restore_gives_back_the_backup(scratch_database_url, tmp_path):
    env = {**os.environ, "DATABASE_URL": scratch_database_url, "SECRET_KEY": "x", "DEBUG": "false"}
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_seed")
    before = shell(env, COUNT)
    backup_file = tmp_path / "tablero.backup"
    assert "Copia guardada" in manage(env, "backup", "--file", str(backup_file))
    assert backup_file.stat().st_size > 0
    shell(
        env,
        "from indicators.models import CutoffProgramming, ObjectiveLink; "
        "from plan.models import Plan; "
        "CutoffProgramming.objects.filter(indicator__code='4075').update(programmed=99); "
        "ObjectiveLink.objects.filter(indicator__code='4074').delete(); "
        "Plan.objects.filter(slug='pai-2024').update(name='Otro'); print('changed')",
    )
    assert shell(env, COUNT) != before
    assert "restaurada" in manage(env, "restore", "--file", str(backup_file))
    assert shell(env, COUNT) == before


def test_restoring_a_missing_file_says_so_in_spanish(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "SECRET_KEY": "x"}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "restore", "--file", str(tmp_path / "nada.backup")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "No existe la copia" in result.stderr
