"""No Docker engine runs here: the compose file is parsed and checked instead."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_has_postgres_15_and_the_web_service():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["db"]["image"] == "postgres:15"
    web = services["web"]
    assert web["build"] == "."
    assert "gunicorn config.wsgi:application" in web["command"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    env = web["environment"]
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"} <= set(env)
    assert env["DEBUG"] == "false"


def test_compose_shares_a_redis_cache_and_probes_the_health_check():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["redis"]["image"].startswith("redis:")
    web = services["web"]
    assert web["environment"]["CACHE_URL"] == "redis://redis:6379/0"
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert {"HTTPS", "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS"} <= set(web["environment"])


def test_env_example_lists_every_variable_the_settings_read():
    settings_text = (ROOT / "config" / "settings.py").read_text()
    example = (ROOT / ".env.example").read_text()
    for variable in [
        "DATABASE_URL",
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "CONN_MAX_AGE",
        "MEDIA_ROOT",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "DEFAULT_FROM_EMAIL",
    ]:
        assert f'"{variable}"' in settings_text
        assert f"{variable}=" in example


def test_env_example_lists_every_variable_read_anywhere_in_the_settings():
    settings_text = (ROOT / "config" / "settings.py").read_text()
    read = set(
        re.findall(
            r'(?:os\.environ\.get|os\.environ\[|env(?:bool|int|list|list_pair))\(?\s*"([A-Z_]+)"',
            settings_text,
        )
    )
    assert {"SECRET_KEY", "HTTPS", "CACHE_URL", "DATABASE_REPLICA_URL"} <= read
    example = (ROOT / ".env.example").read_text()
    assert [v for v in sorted(read) if f"\n{v}=" not in example] == []


def test_dockerfile_runs_gunicorn_on_python_311():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("# ") and "FROM python:3.11-slim" in dockerfile
    assert "requirements/base.txt" in dockerfile
    assert '"gunicorn", "config.wsgi:application"' in dockerfile
