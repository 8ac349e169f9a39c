"""The risk-map workbook checks each row with the web's own forms (issue 16): a value the page
refuses is refused by the workbook with the same Spanish message, under its column's header."""

import datetime
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import User

from risks import workbook as wb
from risks import workbook_columns as cols
from risks.forms import ActionForm, AssessmentForm, ControlForm, RiskForm
from risks.methodology import ensure_installed
from risks.models import Risk
from risks.services import methodology_context
from risks.tests.test_workbook import ACTION, book, corruption_row, parse, worked_example


@pytest.fixture
def org(db):
    from risks.tests.factories import make_register

    organisation, _units, _risks = make_register(0)
    return organisation, organisation.code.removeprefix("risk-org-")


def management(n, **extra):
    """The worked example of test_workbook with some cells replaced."""
    layout = [k for k, _h in cols.HEAD]
    layout += [f"c{k}_{key}" for k in (1, 2) for key, _label in cols.CONTROL_FIELDS]
    layout += [k for k, _h in cols.TAIL]
    values = worked_example(unit=f"RU{n}a", process=f"Proceso uno {n}")
    for key, value in extra.items():
        values[layout.index(key)] = value
    return values


def web_error(form, field):
    assert not form.is_valid()
    return form.errors[field][0]


def assessment_form(**data):
    return AssessmentForm(data, kind="management", impact_levels=[], questions=[])


# Whoever fills the web form: a superuser, whose scope is every register (plan.permissions).
REPAIRER = User(username="reparador", is_superuser=True)

CASES = [
    # (workbook cell, value, the web form refusing it, its field, the workbook's column)
    ("code", "G" * 31, lambda v: RiskForm({"code": v}, user=REPAIRER), "code", "Código"),
    ("name", "", lambda v: RiskForm({"name": v}, user=REPAIRER), "name", "Riesgo"),
    (
        "economic",
        -5,
        lambda v: assessment_form(exposure_frequency=1, economic_impact_smlmv=v),
        "economic_impact_smlmv",
        "Afectación económica (SMLMV)",
    ),
    (
        "economic",
        D("1.235"),
        lambda v: assessment_form(exposure_frequency=1, economic_impact_smlmv=v),
        "economic_impact_smlmv",
        "Afectación económica (SMLMV)",
    ),
    (
        "frequency",
        "2,5",
        lambda v: assessment_form(exposure_frequency="2.5"),
        "exposure_frequency",
        "Frecuencia (veces al año)",
    ),
    (
        "c1_responsible",
        "R" * 201,
        lambda v: ControlForm({"responsible": v}),
        "responsible",
        "Control 1: responsable",
    ),
    (
        "c1_implementation",
        "",
        lambda v: ControlForm({"implementation": v}),
        "implementation",
        "Control 1: implementación",
    ),
]


@pytest.mark.parametrize(("cell", "value", "web_form", "field", "column"), CASES)
def test_a_value_the_web_form_refuses_is_refused_by_the_workbook_with_its_message(
    org, cell, value, web_form, field, column
):
    organisation, n = org
    message = web_error(web_form(value), field)
    result, _ctx = parse(book([management(n, **{cell: value})]), organisation)
    assert [(e.row, e.column, e.message) for e in result.errors] == [(2, column, message)]
    assert wb.error_lines(result.errors) == [
        f"Hoja «Mapa de riesgos», fila 2, columna «{column}»: {message}"
    ]


def test_an_activity_ending_before_it_starts_gets_the_action_form_message(org):
    organisation, n = org
    form = ActionForm(
        {
            "description": "Doble revisión",
            "responsible": "Tesorería",
            "start_date": datetime.date(2026, 3, 1),
            "end_date": datetime.date(2026, 2, 1),
            "progress": "0",
        }
    )
    message = web_error(form, "end_date")
    late = ["G-01", 2026, "Doble revisión", "Tesorería", "01/03/2026", "01/02/2026", 0, ""]
    result, _ctx = parse(book([management(n)], actions=[late]), organisation)
    assert [(e.sheet, e.row, e.column, e.message) for e in result.errors] == [
        ("Mapa de riesgos", 2, "", wb.calc.TREATMENT_MESSAGES["reduce_without_plan"]),
        ("Plan de acción", 2, "Fecha de terminación", message),
    ]


def test_an_activity_without_a_responsible_gets_the_action_form_message(org):
    organisation, n = org
    message = web_error(ActionForm({"responsible": ""}), "responsible")
    nobody = ACTION[:3] + [""] + ACTION[4:]
    result, _ctx = parse(book([management(n)], actions=[nobody]), organisation)
    assert ("Plan de acción", 2, "Responsable", message) in [
        (e.sheet, e.row, e.column, e.message) for e in result.errors
    ]


def test_a_refused_workbook_stores_nothing_and_a_good_one_everything(org):
    organisation, n = org
    methodology = ensure_installed()
    ctx = methodology_context(methodology)
    rows = [
        management(n),
        corruption_row(unit=f"Dependencia B {n}", project=f"9{int(n):03d}", code="C" * 31),
    ]
    bad, _ctx = parse(book(rows, actions=[ACTION]), organisation)
    assert [e.column for e in bad.errors] == ["Código"]
    with pytest.raises(ValueError):
        wb.apply_import(bad, organisation, ctx)
    assert not Risk.objects.filter(organisation=organisation).exists()
    rows[1] = corruption_row(unit=f"Dependencia B {n}", project=f"9{int(n):03d}")
    good, _ctx = parse(book(rows, actions=[ACTION]), organisation)
    assert wb.apply_import(good, organisation, ctx) == (2, 0)


def test_checking_the_rows_runs_no_query(org, django_assert_num_queries):
    organisation, n = org
    methodology = ensure_installed()
    ctx = methodology_context(methodology)
    lookups = wb.lookups_for(organisation, methodology)
    rows = [management(n, code=f"G-{k:02d}") for k in range(1, 6)]
    with django_assert_num_queries(0):
        result = wb.parse_workbook(book(rows), ctx.plain, lookups)
    assert len(result.risks) == 5
