"""The structure workbook of a sector plan (PES): its indicators are reported by units of the
sector's entities, named ENTIDAD/DEPENDENCIA (the notation of ``grant_role --unit``); a unit
outside the sector is refused with its sheet, row and column, and nothing is written."""

from decimal import Decimal

import pytest
from django.db.models import Count

from indicators.models import Indicator, ObjectiveLink
from reporting.structure_workbook import export_structure
from reporting.structure_write import run_structure_import
from reporting.tests.workbook_helpers import edit, values
from tests.district import make_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def d(settings):
    """The district, each objective's weights per year summing 100 (a valid structure)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    d = make_district()
    groups = ObjectiveLink.objects.values("objective_id", "year").annotate(n=Count("id"))
    for g in groups:
        ObjectiveLink.objects.filter(objective_id=g["objective_id"], year=g["year"]).update(
            weight=Decimal(100) / g["n"]
        )
    return d


def _units_column(content: bytes) -> list:
    sheet = values(content)["Indicadores"]
    column = sheet[0].index("Dependencia")
    return [row[column] for row in sheet[1:]]


def _unit_cell(row: int, name: str):
    def change(workbook):
        sheet = workbook["Indicadores"]
        column = [c.value for c in sheet[1]].index("Dependencia") + 1
        sheet.cell(row=row, column=column, value=name)

    return change


def _responsible(plan):
    return list(plan.indicators.order_by("id").values_list("responsible_unit_id", flat=True))


def test_the_export_names_an_entitys_unit_with_its_entity_and_the_round_trip_changes_nothing(d):
    pes = d.plans["s1"]
    content = export_structure(pes)
    a, b = (f"{d.orgs[c].code}/{d.units[c].code}" for c in ("a", "b"))
    s1 = d.units["s1"].code  # the plan's own unit keeps its bare code
    assert _units_column(content) == [a, b, a, s1]
    before = _responsible(pes)
    result = run_structure_import(content, d.users["plan_s1"], update_existing=True)
    assert result.errors == []
    assert result.changed == 0
    assert _responsible(pes) == before


def test_a_unit_of_an_entity_of_the_sector_is_accepted(d):
    pes = d.plans["s1"]
    name = f"{d.orgs['b'].code}/{d.units['b'].code}"
    content = edit(export_structure(pes), _unit_cell(5, name))  # the fourth indicator
    result = run_structure_import(content, d.users["plan_s1"], update_existing=True)
    assert result.errors == []
    assert result.counts["indicators"].updated == 1
    fourth = pes.indicators.order_by("id")[3]
    assert fourth.responsible_unit == d.units["b"]
    # the plan's own unit may also be written ORGANIZACIÓN/DEPENDENCIA
    own = f"{d.orgs['s1'].code}/{d.units['s1'].code}"
    content = edit(export_structure(pes), _unit_cell(5, own))
    assert run_structure_import(content, d.users["plan_s1"], update_existing=True).errors == []
    assert Indicator.objects.get(pk=fourth.pk).responsible_unit == d.units["s1"]


@pytest.mark.parametrize(
    "plan, name",
    [
        ("s1", "{c}/{unit_c}"),  # an entity of another sector
        ("a", "{b}/{unit_b}"),  # an entity's plan names another entity's unit
        ("s1", "{s2}/{unit_c}"),  # another sector
    ],
)
def test_a_unit_outside_the_plans_sector_is_refused_and_nothing_is_written(d, plan, name):
    name = name.format(
        c=d.orgs["c"].code,
        b=d.orgs["b"].code,
        s2=d.orgs["s2"].code,
        unit_c=d.units["c"].code,
        unit_b=d.units["b"].code,
    )
    target = d.plans[plan]
    before = _responsible(target)
    content = edit(export_structure(target), _unit_cell(3, name))
    result = run_structure_import(content, d.users[f"plan_{plan}"], update_existing=True)
    organisation = target.organisation.name
    assert [str(e) for e in result.errors] == [
        f"Hoja «Indicadores», fila 3, columna Dependencia: La dependencia «{name}» no es de "
        f"{organisation} ni de una entidad de su sector: no puede reportar en este plan."
    ]
    assert _responsible(target) == before


def test_an_unknown_unit_of_an_entity_of_the_sector_says_it_does_not_exist(d):
    pes = d.plans["s1"]
    name = f"{d.orgs['a'].code}/NO-EXISTE"
    content = edit(export_structure(pes), _unit_cell(2, name))
    result = run_structure_import(content, d.users["plan_s1"], update_existing=True)
    assert [e.message for e in result.errors] == [
        f"La dependencia «{name}» no existe en la organización."
    ]
