"""People in the browser tests: a user with a role, signed in through the login form or
straight through a session cookie."""

from django.contrib.auth.models import Group, User
from django.test import Client

PASSWORD = "clave-segura-123"


def user(username, group, first_name=None):
    """A user in the role ``group`` (created if a transactional test flushed it)."""
    first_name = username.title() if first_name is None else first_name
    person = User.objects.create_user(username, password=PASSWORD, first_name=first_name)
    person.groups.add(Group.objects.get_or_create(name=group)[0])
    return person


def sign_in(page, username):
    """Through the login form, as a person does."""
    page.goto("/cuenta/login/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/")


def sign_in_on_the_way(page, url, username, landing):
    """Asking for ``url``, sent to the login form, signed in, and back at ``landing``."""
    page.goto(url)
    page.wait_for_url("**/cuenta/login/**")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Entrar").click()
    page.wait_for_url(landing)


def session_cookie(user, url):
    """The cookie of a fresh session of ``user`` on the live server at ``url``."""
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


def signed_in(page, live_server, user):
    """Straight through a session cookie, for tests about what the page shows."""
    page.context.add_cookies([session_cookie(user, live_server.url)])
