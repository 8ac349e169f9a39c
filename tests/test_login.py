import pytest
from django.contrib.auth.models import User


@pytest.mark.django_db
def test_a_user_signs_in_with_the_spanish_form(client):
    User.objects.create_user("directora", password="clave-segura-123")
    page = client.get("/cuenta/login/")
    assert "Iniciar sesión" in page.content.decode()
    response = client.post(
        "/cuenta/login/", {"username": "directora", "password": "clave-segura-123"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_says_so_in_spanish(client):
    response = client.post("/cuenta/login/", {"username": "nadie", "password": "x"})
    assert "Usuario o contraseña incorrectos." in response.content.decode()
