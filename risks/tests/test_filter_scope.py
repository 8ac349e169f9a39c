"""The risk pages' filters (register, map, alerts, export) offer the processes, projects and
units of the organisations the user reads (plan.permissions.read_organisations) and refuse,
in Spanish, one outside them: nothing of another entity leaks through a URL."""

import io

import openpyxl
import pytest

from plan.models import InvestmentProject, Organisation, Process, Unit
from risks.forms import OUT_OF_SCOPE
from tests.district_registers import make_district_registers
from tests.queries import count

REGISTER = "/riesgos/registro/"


@pytest.fixture
def world(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_district_registers()


def _orgs(d, codes):
    return {d.orgs[c].pk for c in codes}


def _expected(d, codes):
    """(process/project choices, unit ids) of the organisations ``codes`` (None: all)."""
    where = {} if codes is None else {"organisation_id__in": _orgs(d, codes)}
    ids = lambda model: model.objects.filter(**where).values_list("pk", flat=True)  # noqa: E731
    owners = {f"process-{pk}" for pk in ids(Process)}
    owners |= {f"project-{pk}" for pk in ids(InvestmentProject)}
    return owners, set(ids(Unit))


def _offered(client):
    form = client.get(REGISTER).context["form"]
    owners = {str(k) for k, _label in form.fields["proceso"].choices if k}
    units = {k for k, _label in form.fields["dependencia"].choices if k}
    return owners, units


# An organisation in scope with processes and units but no risk yet is offered too.
READS = {
    "plan_a": ("a",),
    "plan_s1": ("a", "b", "s1", "quiet"),
    "dir_a": ("a",),
    "rep_a": ("a",),
    "dir_district": None,
}


@pytest.mark.parametrize("username", list(READS))
def test_the_choices_are_those_of_the_organisations_the_user_reads(client, world, username):
    d, _r = world
    quiet = Organisation.objects.create(
        code="quiet", name="Sin riesgos", kind="entity", sector=d.orgs["s1"]
    )
    d.orgs["quiet"] = quiet
    Process.objects.create(organisation=quiet, number=1, name="Proceso sin riesgos")
    Unit.objects.create(organisation=quiet, code="q-1", name="Dependencia sin riesgos")
    client.force_login(d.users[username])
    assert _offered(client) == _expected(d, READS[username])


@pytest.mark.parametrize("page", ["/riesgos/registro/", "/riesgos/", "/riesgos/alertas/"])
def test_a_process_or_unit_of_another_entity_in_the_url_is_refused(client, world, page):
    d, r = world
    client.force_login(d.users["plan_a"])
    foreign = r.risks["b"][0]
    for query in (
        {"proceso": f"process-{foreign.process_id}"} if foreign.process_id else {},
        {"dependencia": foreign.responsible_unit_id},
    ):
        if not query:
            continue
        response = client.get(page, query)
        assert response.status_code == 200
        form = response.context["form"]
        assert OUT_OF_SCOPE in sum(form.errors.values(), [])
        html = response.content.decode()
        assert "Algún filtro no es válido; revise la selección." in html
        assert foreign.code not in html and foreign.responsible_unit.name not in html


def test_the_export_refuses_it_too_and_lists_nothing(client, world):
    d, r = world
    client.force_login(d.users["plan_a"])
    foreign = r.risks["b"][0]
    response = client.get(
        "/riesgos/registro/exportar/", {"dependencia": foreign.responsible_unit_id}
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    cells = {str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row}
    assert foreign.code not in cells
    assert r.risks["a"][0].code not in cells  # refused: nothing listed, as on the pages


def test_the_scoped_filters_keep_the_query_count(client, world):
    d, _r = world
    client.force_login(d.users["plan_s1"])
    small = count(client, REGISTER)
    for n in range(10):
        Process.objects.create(organisation=d.orgs["a"], number=50 + n, name=f"Proceso {n}")
        Unit.objects.create(organisation=d.orgs["b"], code=f"extra-{n}", name=f"Unidad {n}")
    assert count(client, REGISTER) == small
