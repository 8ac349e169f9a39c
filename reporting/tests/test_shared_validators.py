"""One validator per value, page or workbook (issue 16): each workbook row is bound to a Django
form built from the page's own fields, so a value the page refuses is refused by the workbook
with the same Spanish message (sheet, row and column named), and a value one accepts the other
accepts."""

from decimal import Decimal

from django.contrib.auth.models import User
from django.test import Client

from indicators.models import Indicator, Measurement
from reporting import structure_rows
from reporting.followup_rows import FollowupRowForm
from reporting.forms import MeasurementForm
from reporting.importing import export_followup, run_followup_import
from reporting.setup_forms import IndicatorForm, ObjectiveForm, PlanForm
from reporting.structure_workbook import export_structure
from reporting.structure_write import run_structure_import
from reporting.tests.test_workbook import ANALYSIS, EXECUTED, set_cells
from reporting.tests.workbook_helpers import db_state, edit
from reporting.xlsx import WorkbookError

TOO_BIG_WEIGHT = "El valor es demasiado grande: debe ser menor que 1.000."
DECRECIENTE = (
    "Un indicador «Decreciente» es de «Menor es mejor» por definición: corrija el sentido o la "
    "anualización."
)
LONG_ANALYSIS = "Asegúrese de que este valor tenga como máximo 5000 caracteres (tiene 5001)."

# Whoever fills the web form: a superuser, whose scope is every organisation.
REPAIRER = User(username="reparador", is_superuser=True)


def objective_form(weight):
    data = {"number": "1", "short_title": "Título", "statement": "Enunciado", "weight": weight}
    return ObjectiveForm(data=data)


def structure_errors(people, change):
    content = edit(export_structure(people.pes), change)
    return run_structure_import(content, people.planner, dry_run=True).errors


def set_weight(value):
    def change(workbook):
        workbook["Objetivos"]["D2"] = value

    return change


def test_a_weight_beyond_its_column_gets_the_same_message_on_the_page_and_in_the_workbook(
    people,
):
    page = objective_form("5000").errors["weight"]
    workbook = structure_errors(people, set_weight(5000))
    assert page == [TOO_BIG_WEIGHT]  # was Django's «no más de 3 dígitos antes del punto»
    # (the rows that refer to the refused objective are refused after it)
    assert workbook[0] == WorkbookError("Objetivos", 2, "D (Peso)", TOO_BIG_WEIGHT)


def test_a_weight_the_page_accepts_the_workbook_accepts(people):
    assert objective_form("999,9999").is_valid()
    assert structure_errors(people, set_weight("999,9999")) == []


def test_a_decreciente_indicator_that_is_higher_is_better_is_refused_alike(people):
    indicator = Indicator.objects.filter(plan=people.pes).order_by("id").first()
    page = IndicatorForm(
        data={
            "goal": indicator.goal_id,
            "code": "X1",
            "name": "Nuevo",
            "unit": "number",
            "annualization": "decreciente",
            "direction": "higher",
            "periodicity": "quarterly",
        },
        plan=people.pes,
    )
    assert page.errors["direction"] == [DECRECIENTE]

    def contradicting(workbook):
        workbook["Indicadores"]["F2"] = "Decreciente"
        workbook["Indicadores"]["G2"] = "Mayor es mejor"

    errors = structure_errors(people, contradicting)
    assert errors[0] == WorkbookError("Indicadores", 2, "G (Sentido)", DECRECIENTE)


def test_a_reserved_plan_identifier_gets_the_page_message(people):
    page = PlanForm(data={"slug": "distrito"}, user=REPAIRER).errors["slug"]

    def reserved(workbook):
        workbook["Plan"]["B3"] = "distrito"

    assert WorkbookError("Plan", 3, "B (Valor)", page[0]) in structure_errors(people, reserved)


def test_an_end_year_before_the_start_is_refused_alike_at_its_row(people):
    page = PlanForm(data={"start_year": "2024", "end_year": "2020"}, user=REPAIRER).errors[
        "end_year"
    ]
    assert page == ["El año final no puede ser anterior al inicial."]

    def backwards(workbook):
        workbook["Plan"]["B7"] = 2020  # «Año final»; the PES starts in 2024

    errors = structure_errors(people, backwards)
    assert WorkbookError("Plan", 7, "B (Valor)", page[0]) in errors


def test_the_workbook_rows_use_the_page_fields():
    """Not a copy of the rule: the very field of the page cleans the workbook value."""
    assert FollowupRowForm.base_fields["analysis"].like is MeasurementForm.base_fields["analysis"]
    weight = structure_rows.ObjectiveRow.base_fields["weight"].like
    assert weight is ObjectiveForm.base_fields["weight"]


def test_an_analysis_too_long_gets_the_same_message_on_the_page_and_in_the_workbook(
    people, returned_4200
):
    client = Client()
    client.force_login(people.planner)
    url = f"/reporte/cortes/{returned_4200.cutoff_id}/indicadores/{people.i4200.id}/"
    before = db_state()
    # 0,05 of 0,05 programmed: 100 %, no analysis needed, only its length is wrong
    response = client.post(url, {"executed": "0,05", "analysis": "a" * 5001, "action": "submit"})
    assert response.context["form"].errors["analysis"] == [LONG_ANALYSIS]
    content = export_followup(people.cutoff, people.planner)
    content = set_cells(content, people.i4200.id, **{EXECUTED: "0,05", ANALYSIS: "a" * 5001})
    plan = run_followup_import(content, people.cutoff, people.planner)
    assert [(e.sheet, e.column, e.message) for e in plan.errors] == [
        ("Seguimiento", f"{ANALYSIS} (Análisis)", LONG_ANALYSIS)
    ]
    assert db_state() == before


def test_an_analysis_the_page_accepts_the_workbook_accepts(people, returned_4200):
    client = Client()
    client.force_login(people.planner)
    url = f"/reporte/cortes/{returned_4200.cutoff_id}/indicadores/{people.i4200.id}/"
    response = client.post(url, {"executed": "0,04", "analysis": "a" * 5000, "action": "submit"})
    assert response.status_code == 302
    assert Measurement.objects.get(pk=returned_4200.pk).analysis == "a" * 5000
    content = export_followup(people.cutoff, people.planner)
    content = set_cells(content, people.i4200.id, **{EXECUTED: "0,045", ANALYSIS: "b" * 5000})
    plan = run_followup_import(content, people.cutoff, people.planner)
    assert plan.errors == []
    m = Measurement.objects.get(pk=returned_4200.pk)
    assert (m.executed, m.analysis) == (Decimal("0.045"), "b" * 5000)


def test_rows_share_their_fields_and_every_row_keeps_them():
    """The fields are shared between rows (no copy per row); ordering them for one row (Django
    pops them) leaves them whole for the next."""
    data = {"indicator": "I9", "objective": 1, "year": 2026, "weight": 10}
    for _row in range(2):
        form = structure_rows.LinkRow(data, parsed=_NoIndicators(), years=())
        assert list(form.fields) == ["indicator", "objective", "year", "weight"]
        assert form.fields["weight"] is structure_rows.LinkRow.base_fields["weight"]
        assert form.errors == {
            "indicator": ["El indicador «I9» no está en la hoja Indicadores."],
            "objective": ["El objetivo 1 no está en la hoja Objetivos."],
        }


class _NoIndicators:
    indicators: dict = {}
    objectives: list = []
