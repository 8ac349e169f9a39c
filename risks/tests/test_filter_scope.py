"""The risk pages' filters (register, map, alerts, export) offer the processes, projects and
units of the organisations the user reads (plan.permissions.read_organisations) and refuse,
in Spanish, one outside them: nothing of another entity leaks through a URL."""

import io
import re

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


def _offered(client, query=None):
    form = client.get(REGISTER, query or {}).context["form"]
    owners = {str(k) for k, _label in form.fields["proceso"].choices if k}
    units = {k for k, _label in form.fields["dependencia"].choices if k}
    return owners, units, form


def _codes(form, name):
    return {k for k, _label in form.fields[name].choices if k}


# An organisation in scope with processes and units but no risk yet is offered too.
READS = {
    "plan_a": ("a",),
    "plan_s1": ("a", "b", "s1", "quiet"),
    "dir_a": ("a",),
    "rep_a": ("a",),
    "dir_district": None,
}
SECTORS = {"plan_a": {"s1"}, "plan_s1": {"s1"}, "dir_a": {"s1"}, "rep_a": {"s1"}}


@pytest.fixture
def quiet_world(world):
    d, r = world
    quiet = Organisation.objects.create(
        code="quiet", name="Sin riesgos", kind="entity", sector=d.orgs["s1"]
    )
    d.orgs["quiet"] = quiet
    Process.objects.create(organisation=quiet, number=1, name="Proceso sin riesgos")
    Unit.objects.create(organisation=quiet, code="q-1", name="Dependencia sin riesgos")
    return d, r


@pytest.mark.parametrize("username", list(READS))
def test_each_entity_read_offers_its_own_choices_and_no_other(client, quiet_world, username):
    d, _r = quiet_world
    client.force_login(d.users[username])
    reads = READS[username] or tuple(d.orgs)
    for code in d.orgs:
        owners, units, form = _offered(client, {"entidad": code})
        if code in reads:
            assert not form.errors, code
            assert (owners, units) == _expected(d, (code,)), code
            assert form.data["entidad"] == code
        else:
            assert OUT_OF_SCOPE in form.errors["entidad"], code
            assert (owners, units) == (set(), set()), code


@pytest.mark.parametrize("username", list(READS))
def test_the_sectors_and_entities_offered_are_those_read(client, quiet_world, username):
    d, _r = quiet_world
    client.force_login(d.users[username])
    owners, units, form = _offered(client)
    every = set(Organisation.objects.filter(kind="sector").values_list("code", flat=True))
    assert _codes(form, "sector") == SECTORS.get(username, every)
    reads = READS[username]
    if reads is None:  # the district reads many organisations: a sector first
        assert _codes(form, "entidad") == set()
        assert (owners, units) == (set(), set())
        assert "Elija una entidad" in str(form.fields["proceso"].help_text)
        _o, _u, form = _offered(client, {"sector": "s1"})
        assert _codes(form, "entidad") == {"s1", "a", "b", "quiet"}
        assert next(iter(form.fields["entidad"].choices[1:]))[0] == "s1"  # the head first
    else:
        assert _codes(form, "entidad") == set(reads)
    if reads is not None and len(reads) == 1:  # the only entity read is chosen already
        assert (owners, units) == _expected(d, reads)


def test_a_process_or_unit_brings_its_entity_and_another_sector_drops_it(client, quiet_world):
    d, r = quiet_world
    client.force_login(d.users["dir_district"])
    risk = r.risks["b"][0]
    owners, units, form = _offered(client, {"dependencia": risk.responsible_unit_id})
    assert not form.errors
    assert (form.data["entidad"], form.data["sector"]) == ("b", "s1")
    assert (owners, units) == _expected(d, ("b",))
    response = client.get(REGISTER, {"dependencia": risk.responsible_unit_id, "vigencia": ""})
    assert risk.code in response.content.decode()
    _o, _u, form = _offered(client, {"sector": "s2", "entidad": "b", "dependencia": 1})
    assert not form.errors
    assert "entidad" not in form.data and "dependencia" not in form.data
    assert _codes(form, "entidad") == {"s2", "c"}
    _o, _u, form = _offered(client, {"dependencia": str(2**31)})  # past the column: refused
    assert OUT_OF_SCOPE in form.errors["dependencia"]


def test_an_entity_header_narrows_the_register_to_it(client, quiet_world):
    d, r = quiet_world
    client.force_login(d.users["plan_s1"])
    html = client.get(REGISTER, {"vigencia": ""}).content.decode()
    assert 'href="?vigencia=&amp;sector=s1&amp;entidad=b"' in html
    html = client.get(REGISTER, {"vigencia": "", "sector": "s1", "entidad": "b"}).content.decode()
    headers = [
        re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<th scope="rowgroup"[^>]*>(.*?)</th>', html)
    ]
    assert headers == ["Organización S1 · Organización B"]  # narrowed: no link to itself
    assert html.count(r.risks["b"][0].name) == 1


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


@pytest.mark.parametrize("username", ["plan_s1", "dir_district"])
@pytest.mark.parametrize("query", [{}, {"sector": "s1"}, {"entidad": "a"}])
def test_the_scoped_filters_keep_the_query_count_and_size(client, world, username, query):
    """More organisations, processes and units in the district: the same queries and, for
    the district, the same drop-downs (the entities of a sector, one entity's units)."""
    d, _r = world
    client.force_login(d.users[username])
    small = count(client, REGISTER, query)
    html = client.get(REGISTER, query).content.decode()
    for n in range(10):
        Process.objects.create(organisation=d.orgs["a"], number=50 + n, name=f"Proceso {n}")
        Unit.objects.create(organisation=d.orgs["b"], code=f"extra-{n}", name=f"Unidad {n}")
        other = Organisation.objects.create(code=f"otra-{n}", name=f"Otra {n}", kind="entity")
        Unit.objects.create(organisation=other, code="u", name=f"Unidad de otra {n}")
    assert count(client, REGISTER, query) == small
    if username == "dir_district" and query.get("entidad") != "a":
        assert client.get(REGISTER, query).content.decode().count("<option") == html.count(
            "<option"
        )
