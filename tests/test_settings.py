"""Settings come from the environment and fail loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import envbool, envint, envlist

ROOT = Path(__file__).resolve().parent.parent


def import_settings(**env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'], "
            "settings.LANGUAGE_CODE, settings.TIME_ZONE)",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_in_production_fails_loudly():
    result = import_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_defaults_are_sqlite_spanish_and_bogota():
    result = import_settings(SECRET_KEY="x")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "es-co", "America/Bogota"]


def test_database_url_selects_postgresql():
    result = import_settings(SECRET_KEY="x", DATABASE_URL="postgres://u:p@db:5432/tablero")
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_envbool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        envbool("FLAG", "false")
    monkeypatch.setenv("FLAG", "yes")
    assert envbool("FLAG", "false") is True


def test_envint_and_envlist(monkeypatch):
    monkeypatch.setenv("NUMBER", "x")
    with pytest.raises(ImproperlyConfigured):
        envint("NUMBER", "1")
    monkeypatch.setenv("HOSTS", " a.gov.co, b.gov.co ,")
    assert envlist("HOSTS", "") == ["a.gov.co", "b.gov.co"]


@pytest.mark.django_db
def test_spanish_is_the_default_even_for_an_english_browser(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page.status_code == 200
    assert page["Content-Language"] == "es-co"


@pytest.mark.django_db
def test_the_language_switcher_chooses_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.get("/")["Content-Language"] == "en"
