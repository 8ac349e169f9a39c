"""Password reset (issue 14, finding 3): off unless mail really goes out; throttled when on;
`check --deploy` warns when it is on with the console backend."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

from config.checks import password_reset_needs_real_mail

URL = "/cuenta/password_reset/"


@pytest.fixture
def person(db):
    return User.objects.create(username="ana", email="ana@example.gov.co")


def test_it_is_off_by_default_so_no_link_goes_to_the_log(client, person, settings):
    assert settings.PASSWORD_RESET is False  # the default console backend
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"email": person.email}).status_code == 404
    assert client.get("/cuenta/password_reset/done/").status_code == 404
    assert client.get("/cuenta/reset/MQ/x-x/").status_code == 404
    assert mail.outbox == []


@pytest.fixture
def reset_on(settings):
    settings.PASSWORD_RESET = True
    settings.PASSWORD_RESET_PER_ADDRESS = 3
    settings.PASSWORD_RESET_PER_CLIENT = 10


def test_when_on_it_sends_the_link(client, person, reset_on):
    response = client.post(URL, {"email": person.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/cuenta/reset/" in mail.outbox[0].body


def test_ten_requests_for_one_address_are_throttled(client, person, reset_on):
    """The finding: 10 requests in 0,1 s all went through."""
    codes = [client.post(URL, {"email": person.email}).status_code for _ in range(10)]
    assert codes == [302] * 3 + [429] * 7
    assert len(mail.outbox) == 3
    page = client.post(URL, {"email": person.email}).content.decode()
    assert "Se pidieron demasiados cambios de contraseña" in page
    # The same address from another client is still throttled (per address).
    other = client.post(URL, {"email": person.email.upper()}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 429


def test_many_addresses_from_one_client_are_throttled(client, person, reset_on):
    codes = [client.post(URL, {"email": f"nadie{k}@example.gov.co"}).status_code for k in range(12)]
    assert codes == [302] * 10 + [429] * 2
    assert (
        client.post(URL, {"email": "x@example.gov.co"}, REMOTE_ADDR="10.0.0.9").status_code == 302
    )


def test_the_deploy_check_warns_when_it_is_on_with_the_console_backend(settings):
    settings.PASSWORD_RESET = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert [w.id for w in password_reset_needs_real_mail(None)] == ["tablero.W002"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert password_reset_needs_real_mail(None) == []
    settings.PASSWORD_RESET = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert password_reset_needs_real_mail(None) == []
