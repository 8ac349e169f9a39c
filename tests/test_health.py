"""/healthz for load balancers and the friendly 503 while the database is away."""

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_a_page_shows_a_friendly_503_not_a_traceback_when_the_database_fails(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise OperationalError("could not connect to server")

    client.raise_request_exception = False
    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Servicio no disponible por un momento" in page
    assert "Traceback" not in page and "OperationalError" not in page


@pytest.mark.django_db
def test_other_errors_give_a_plain_500_page(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise ZeroDivisionError

    client.raise_request_exception = False
    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert "Ocurrió un error" in response.content.decode()
