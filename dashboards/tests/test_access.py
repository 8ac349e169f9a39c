"""Directors' pages: anonymous citizens go to sign in, users without a role get a 403, the
planning office, directors and reporters read them."""

import pytest
from django.contrib.auth.models import User

from dashboards.tests.helpers import ROLES, user_with_role
from indicators.models import Indicator
from plan.models import Unit
from plan.roles import REPORTER

URLS = [
    "/tablero/",
    "/tablero/proyectos/",
    "/tablero/pes-2024-2027/",
    "/tablero/pes-2024-2027/indicadores/",
    "/tablero/pes-2024-2027/indicadores/?exportar=csv",
    "/tablero/pes-2024-2027/indicadores/{indicator}/",
    "/tablero/pes-2024-2027/objetivos/4/",
    "/tablero/pes-2024-2027/alertas/",
    "/tablero/distrito/",
    "/tablero/distrito/?fecha=2021-01-01&semaforo=red&orden=name",
    "/tablero/distrito/?sector=sin-sector&q=plan",
]


def url_for(template):
    indicator = Indicator.objects.get(plan__slug="pes-2024-2027", code="4075")
    return template.format(indicator=indicator.id)


@pytest.mark.parametrize("template", URLS)
def test_anonymous_citizens_are_sent_to_sign_in(client, seeded, template):
    url = url_for(template)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/login/?next=/tablero/")


@pytest.mark.parametrize("template", URLS)
def test_a_user_without_a_role_is_refused_in_spanish(client, seeded, template):
    client.force_login(user_with_role("sin-rol", None))
    response = client.get(url_for(template))
    assert response.status_code == 403
    assert "No tiene permiso para ver esta página" in response.content.decode()


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("template", URLS)
def test_planning_directors_and_reporters_read_them(client, seeded, template, role):
    user = user_with_role(f"u-{role}", ROLES[role])
    if ROLES[role] == REPORTER:  # a Reportante reads through its unit's organisation
        organisation = seeded["pes-2024-2027"].organisation
        Unit.objects.create(organisation=organisation, code="UR", name="Unidad").members.add(user)
    client.force_login(user)
    assert client.get(url_for(template)).status_code == 200


PLAN_URLS = [u for u in URLS if u.startswith("/tablero/pes-")]


@pytest.mark.parametrize("template", PLAN_URLS)
def test_a_reporter_without_a_unit_of_the_plan_s_organisation_does_not_find_it(
    client, seeded, template
):
    client.force_login(user_with_role("u-reporter", REPORTER))
    assert client.get(url_for(template)).status_code == 404


def test_a_superuser_counts_as_planning_office(client, seeded):
    client.force_login(User.objects.create_superuser("admin", "a@example.gov.co", "x-123-456-y"))
    assert client.get("/tablero/pes-2024-2027/").status_code == 200


def test_the_directors_link_shows_only_to_those_who_may_follow_it(client, seeded):
    assert "Tablero directivo" not in client.get("/").content.decode()
    client.force_login(user_with_role("sin-rol", None))
    assert "Tablero directivo" not in client.get("/").content.decode()
    client.force_login(user_with_role("directora", ROLES["director"]))
    assert 'href="/tablero/"' in client.get("/").content.decode()
