"""The read-replica router: public pages read the domain's tables from ``replica``; internal
pages, sessions, users and every write use ``default``. Here ``replica`` is a second alias on
the same test database (a second connection), as DATABASE_REPLICA_URL would configure."""

import os
import subprocess  # noqa: S404
import sys
from pathlib import Path

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.replica import PUBLIC_VIEWS, REPLICA, ReplicaRouter
from dashboards.tests.helpers import ROLES, user_with_role

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def replica(db):
    """Adds the ``replica`` alias for the duration of the test (the seeds are committed, so
    the second connection sees them)."""
    settings = dict(connections["default"].settings_dict)
    connections.settings[REPLICA] = settings
    # Connect directly: the test case only allows aliases it knew when it started, and a
    # connection that is already open is allowed.
    connections[REPLICA].connect()
    yield connections[REPLICA]
    connections[REPLICA].close()
    del connections.settings[REPLICA]
    del connections._connections.replica


def queries(alias):
    return CaptureQueriesContext(connections[alias])


def tables(captured):
    return " ".join(q["sql"] for q in captured.captured_queries)


def test_public_pages_read_the_plans_from_the_replica(client, seeded, replica):
    with queries("default") as primary, queries(REPLICA) as secondary:
        response = client.get("/planes/pes-2024-2027/objetivos/4/")
    assert response.status_code == 200
    assert "183,33%" in response.content.decode()
    assert len(secondary) > 0 and "plan_plan" in tables(secondary)
    assert "plan_plan" not in tables(primary) and "indicators_" not in tables(primary)


def test_a_signed_in_user_on_a_public_page_is_read_from_the_primary(client, seeded, replica):
    client.force_login(user_with_role("directora", ROLES["director"]))
    with queries("default") as primary, queries(REPLICA) as secondary:
        response = client.get("/planes/pes-2024-2027/")
    assert response.status_code == 200 and "directora" in response.content.decode()
    assert "django_session" in tables(primary) and "auth_user" in tables(primary)
    assert "django_session" not in tables(secondary) and "auth_user" not in tables(secondary)
    assert "plan_plan" in tables(secondary)


def test_internal_pages_and_downloads_by_post_never_touch_the_replica(client, seeded, replica):
    client.force_login(user_with_role("directora", ROLES["director"]))
    with queries(REPLICA) as secondary:
        assert client.get("/tablero/pes-2024-2027/").status_code == 200
        assert client.get("/reporte/").status_code == 200
    assert len(secondary) == 0


def test_without_a_replica_everything_uses_the_default_database(client, seeded):
    assert REPLICA not in connections.settings
    response = client.get("/planes/pes-2024-2027/objetivos/4/")
    assert "183,33%" in response.content.decode()


def test_writes_always_go_to_the_primary_and_migrations_skip_the_replica():
    from plan.models import Plan

    router = ReplicaRouter()
    assert router.db_for_write(Plan) == "default"
    assert router.allow_migrate("default", "plan") is True
    assert router.allow_migrate(REPLICA, "plan") is False


def test_every_public_view_name_resolves():
    from django.urls import get_resolver

    names = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns)
    assert PUBLIC_VIEWS <= names
    assert not {n for n in PUBLIC_VIEWS if n.startswith(("dashboards:", "reporting:"))}
    assert reverse("plan:home") == "/"


def test_database_replica_url_adds_a_mirrored_alias():
    code = (
        "from django.conf import settings; d = settings.DATABASES; "
        "print(sorted(d), d['replica']['HOST'], d['replica']['TEST']['MIRROR'], "
        "settings.DATABASE_ROUTERS)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "SECRET_KEY": "x",
            "DATABASE_URL": "postgres://u:p@primary:5432/tablero",
            "DATABASE_REPLICA_URL": "postgres://u:p@replica:5432/tablero",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == (
        "['default', 'replica'] replica default ['config.replica.ReplicaRouter']"
    ), result.stderr
