"""Nothing invalid enters through the plan-structure workbook (issue 11, item 2): one bad
workbook per rule, each refused with its exact message (sheet, row, column), nothing stored,
and every main page still answers afterwards. The seed plans keep loading."""

import pytest
from django.test import Client

from plan.models import Plan
from reporting.structure_workbook import export_structure
from reporting.structure_write import run_structure_import
from reporting.tests.test_structure import everything
from reporting.tests.workbook_helpers import edit
from reporting.xlsx import WorkbookError

LONG_ID = "p" * 72


def row_with(sheet, column: int, value) -> int:
    for row in sheet.iter_rows(min_row=2):
        if row[column].value == value:
            return row[0].row
    raise AssertionError(f"{value!r} not in {sheet.title}")


def crawl(client, plans):
    """The main pages, as the planning office and as a citizen: 200 or 404, never 500."""
    from plan.models import Cutoff

    urls = ["/", "/tablero/", "/tablero/distrito/", "/reporte/", "/datos-abiertos/"]
    for plan in plans:
        urls += [f"/planes/{plan.slug}/", f"/tablero/{plan.slug}/"]
    urls += [f"/reporte/cortes/{c.id}/" for c in Cutoff.objects.all()]
    for url in urls:
        for who in (client, Client()):
            status = who.get(url).status_code
            assert status in (200, 302, 404), (url, status)


def refused(people, content, expected):
    before = everything()
    result = run_structure_import(content, people.planner)
    assert expected in result.errors, result.errors
    assert everything() == before
    client = Client()
    client.force_login(people.planner)
    crawl(client, Plan.objects.all())
    return result


def plan_cell(cell, value):
    def change(workbook):
        workbook["Plan"][cell] = value

    return change


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        (
            "mal slug!",
            "El identificador «mal slug!» no es válido: use minúsculas sin tildes, números y "
            "guiones, empezando por una letra (p. ej. pei-2024-2027).",
        ),
        (
            "../x",
            "El identificador «../x» no es válido: use minúsculas sin tildes, números y "
            "guiones, empezando por una letra (p. ej. pei-2024-2027).",
        ),
        (
            "Año-ñ",
            "El identificador «Año-ñ» no es válido: use minúsculas sin tildes, números y "
            "guiones, empezando por una letra (p. ej. pei-2024-2027).",
        ),
        (
            "distrito",
            "«distrito» es una palabra reservada de las direcciones del sitio (p. ej. "
            "/tablero/distrito/); elija otro identificador.",
        ),
        ("proyectos", None),
        (LONG_ID, "El identificador tiene 72 caracteres; el máximo es 60."),
    ],
)
def test_a_bad_plan_identifier_is_refused_and_every_page_still_answers(people, slug, message):
    content = edit(export_structure(people.pes), plan_cell("B3", slug))
    message = message or (
        f"«{slug}» es una palabra reservada de las direcciones del sitio (p. ej. "
        "/tablero/distrito/); elija otro identificador."
    )
    refused(people, content, WorkbookError("Plan", 3, "B (Valor)", message))
    assert not Plan.objects.filter(slug=slug).exists()


def test_texts_longer_than_their_column_are_refused(people):
    def change(workbook):
        workbook["Plan"]["B5"] = "N" * 300
        workbook["Objetivos"]["B2"] = "T" * 300
        workbook["Indicadores"]["C2"] = "9" * 72

    content = edit(export_structure(people.pes), change)
    result = refused(
        people,
        content,
        WorkbookError(
            "Plan",
            5,
            "B (Valor)",
            "Asegúrese de que este valor tenga como máximo 200 caracteres (tiene 300).",
        ),
    )
    too_long = "Asegúrese de que este valor tenga como máximo %s caracteres (tiene %s)."
    for sheet, column, limit, length in [
        ("Objetivos", "B (Título corto)", 120, 300),
        ("Indicadores", "C (Código)", 30, 72),
    ]:
        error = WorkbookError(sheet, 2, column, too_long % (limit, length))
        assert error in result.errors, result.errors


def test_numbers_beyond_their_column_are_refused(people):
    def change(workbook):
        workbook["Ponderaciones"]["D2"] = 10**10
        workbook["Programación anual"]["C2"] = "9.999.999.999.999.999"
        workbook["Indicadores"]["J3"] = "10.000.000.000.000.000"

    content = edit(export_structure(people.pes), change)
    result = refused(
        people,
        content,
        WorkbookError(
            "Ponderaciones",
            2,
            "D (Ponderación (%))",
            "La ponderación debe estar entre 0 y 100.",
        ),
    )
    assert (
        WorkbookError(
            "Indicadores",
            3,
            "J (Total declarado)",
            "El valor es demasiado grande: debe ser menor que 1.000.000.000.000.000.",
        )
        in result.errors
    )
    annual = [e for e in result.errors if e.sheet == "Programación anual"]
    assert annual and annual[0].row == 2 and annual[0].column == "C (Programado)"


def test_a_decreciente_indicator_cannot_be_higher_is_better(people):
    def change(workbook):
        workbook["Indicadores"]["F2"] = "Decreciente"
        workbook["Indicadores"]["G2"] = "Mayor es mejor"

    refused(
        people,
        edit(export_structure(people.pes), change),
        WorkbookError(
            "Indicadores",
            2,
            "G (Sentido)",
            "Un indicador «Decreciente» es de «Menor es mejor» por definición: corrija el "
            "sentido o la anualización.",
        ),
    )


def pei_weight_rows(workbook, objective, year=2020):
    sheet = workbook["Ponderaciones"]
    return [
        row[0].row
        for row in sheet.iter_rows(min_row=2)
        if row[1].value == objective and row[2].value == year
    ]


def test_weights_that_do_not_sum_to_100_are_refused(people):
    pei = Plan.objects.get(slug="pei-2020-2024")
    first = {}

    def change(workbook):
        rows = pei_weight_rows(workbook, 2)
        first["row"] = rows[0]
        sheet = workbook["Ponderaciones"]
        # 3 + 3 + 3 + 3 + 31,34 + 28,33 + 28,33 = 100; lowering 31,34 by 10 leaves 90
        for r in rows:
            if sheet[f"D{r}"].value in (31.34, "31.34", "31,34"):
                sheet[f"D{r}"] = 21.34

    content = edit(export_structure(pei), change)
    result = run_structure_import(content, people.planner, dry_run=True)
    weights = [e for e in result.errors if e.sheet == "Ponderaciones"]
    assert weights == [
        WorkbookError(
            "Ponderaciones",
            weights[0].row,
            "D (Ponderación (%))",
            "Objetivo 2, vigencia 2020: Las ponderaciones suman 90,00; deben sumar 100,00 (se "
            "admite una diferencia de 0,01 por ponderación por redondeo).",
        )
    ]
    refused(people, content, weights[0])


def test_the_seed_pei_reimports_with_its_rounding_and_its_historical_total_as_warnings(people):
    pei = Plan.objects.get(slug="pei-2020-2024")
    result = run_structure_import(export_structure(pei), people.planner)
    assert result.errors == []
    messages = [(e.sheet, e.message) for e in result.warnings]
    rounding = (
        "Las ponderaciones suman 99,99 y no 100,00: se acepta como redondeo (hasta 0,01 por "
        "ponderación)."
    )
    assert ("Ponderaciones", f"Objetivo 4, vigencia 2020: {rounding}") in messages
    assert ("Ponderaciones", f"Objetivo 5, vigencia 2020: {rounding}") in messages
    assert (
        "Indicadores",
        "Dato histórico, se conserva: El total declarado (128) no coincide con el que implica "
        "la anualización y la programación anual (100).",
    ) in messages


def test_a_new_plan_with_a_contradicting_total_or_a_missing_weight_is_refused(people):
    pei = Plan.objects.get(slug="pei-2020-2024")
    where = {}

    def as_new_plan(workbook):
        workbook["Plan"]["B3"] = "pei-2025-2029"
        indicators = workbook["Indicadores"]
        where["555"] = row_with(indicators, 2, "555")
        key = indicators[f"A{where['555']}"].value
        links = workbook["Ponderaciones"]
        link_row = row_with(links, 0, key)
        links.delete_rows(link_row)
        where["key"] = key
        where["annual"] = next(
            row[0].row
            for row in workbook["Programación anual"].iter_rows(min_row=2)
            if row[0].value == key and row[1].value == 2020
        )

    content = edit(export_structure(pei), as_new_plan)
    result = refused(
        people,
        content,
        WorkbookError(
            "Indicadores",
            where["555"],
            "J (Total declarado)",
            "El total declarado (128) no coincide con el que implica la anualización y la "
            "programación anual (100).",
        ),
    )
    assert (
        WorkbookError(
            "Programación anual",
            where["annual"],
            "A (Indicador)",
            f"Indicador {where['key']}: El indicador está programado en 2020, vigencia con "
            "cortes, pero no tiene ponderación en ningún objetivo de ese año.",
        )
        in result.errors
    )
    assert not Plan.objects.filter(slug="pei-2025-2029").exists()


def test_the_historical_total_is_a_visible_warning_on_preview_dashboard_and_admin(people):
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dashboards.tests.helpers import ROLES, user_with_role
    from indicators.models import Indicator

    pei = Plan.objects.get(slug="pei-2020-2024")
    client = Client()
    client.force_login(people.planner)
    upload = SimpleUploadedFile("estructura.xlsx", export_structure(pei))
    page = client.post("/reporte/estructura/importar/", {"file": upload}).content.decode()
    assert "advertencias: se importa y quedan visibles" in page
    assert "Dato histórico, se conserva: El total declarado (128)" in page
    i555 = Indicator.objects.get(plan=pei, code="555")
    director = Client()
    director.force_login(user_with_role("directora-555", ROLES["director"]))
    page = director.get(f"/tablero/pei-2020-2024/indicadores/{i555.id}/").content.decode()
    assert "Dato histórico con una inconsistencia" in page
    assert "El total declarado (128) no coincide" in page
    admin = Client()
    admin.force_login(User.objects.create_superuser("raiz", "raiz@example.gov.co", None))
    page = admin.get(f"/admin/indicators/indicator/{i555.id}/change/").content.decode()
    assert "El total declarado (128) no coincide" in page


def test_the_command_refuses_the_same_and_prints_the_warnings(people, tmp_path):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    pei = Plan.objects.get(slug="pei-2020-2024")
    good = tmp_path / "pei.xlsx"
    good.write_bytes(export_structure(pei))
    out = io.StringIO()
    call_command(
        "import_plan_structure", str(good), "--user", "planeacion", "--dry-run", stdout=out
    )
    assert "Advertencia: Hoja «Indicadores»" in out.getvalue()
    bad = tmp_path / "malo.xlsx"
    bad.write_bytes(edit(export_structure(pei), plan_cell("B3", "distrito")))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_plan_structure", str(bad), "--user", "planeacion", stderr=err)
    assert "«distrito» es una palabra reservada" in err.getvalue()
