"""`make run` creates one demo user per role and keeps their passwords across runs."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from plan import roles


def run(monkeypatch, path) -> str:
    monkeypatch.setenv("DEMO_CREDENTIALS_FILE", str(path))
    out = io.StringIO()
    call_command("create_demo_admin", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_creates_one_user_per_role_with_the_same_passwords_every_run(
    seeded, monkeypatch, tmp_path
):
    path = tmp_path / "demo.json"
    first = run(monkeypatch, path)
    stored = json.loads(path.read_text())
    assert set(stored) == {"admin", "planeacion", "planeacion_dascd", "directivo", "reportante"}
    for username, password in stored.items():
        assert f"«{username}», contraseña «{password}»" in first
        assert get_user_model().objects.get(username=username).check_password(password)
    assert run(monkeypatch, path) == first

    users = {u.username: u for u in get_user_model().objects.filter(username__in=stored)}
    assert roles.is_planning(users["planeacion"]) and not users["planeacion"].is_superuser
    assert roles.is_director(users["directivo"]) and not roles.is_planning(users["directivo"])
    reporter = users["reportante"]
    assert roles.is_reporter(reporter)
    assert roles.indicators_editable_by(reporter).filter(plan__slug__in=seeded).exists()
    assert users["admin"].is_superuser


@pytest.mark.django_db
def test_a_password_changed_with_changepassword_is_kept(seeded, monkeypatch, tmp_path):
    path = tmp_path / "demo.json"
    run(monkeypatch, path)
    user = get_user_model().objects.get(username="planeacion")
    user.set_password("otra-clave-larga-2024")
    user.save()
    out = run(monkeypatch, path)
    user.refresh_from_db()
    assert user.check_password("otra-clave-larga-2024")
    assert "«planeacion», contraseña «(cambiada con manage.py changepassword)»" in out


@pytest.mark.django_db
def test_the_demo_has_a_second_entity_whose_planning_office_is_scoped(
    seeded, monkeypatch, tmp_path
):
    from plan import permissions
    from plan.models import Plan

    run(monkeypatch, tmp_path / "demo.json")
    users = {u.username: u for u in get_user_model().objects.all()}
    dascd = Plan.objects.get(organisation__code="DASCD")
    assert dascd.organisation.sector.code == "SGP"
    assert Plan.objects.get(slug="pei-2020-2024").organisation.sector.code == "SGP"

    def managed(user):
        qs = permissions.restrict(Plan.objects.all(), user, permissions.MANAGE)
        return set(qs.values_list("organisation__code", flat=True))

    assert managed(users["planeacion"]) == {"SG", "SGP"}
    assert managed(users["planeacion_dascd"]) == {"DASCD"}
    readable = permissions.restrict(Plan.objects.all(), users["planeacion"], permissions.READ)
    assert dascd in readable  # the sector head reads its entities
    assert managed(users["directivo"]) == set()
    assert permissions.read_organisations(users["directivo"]) is None
