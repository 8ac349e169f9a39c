"""The plan-structure workbook: an office configures a plan from Excel."""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import AnnualProgramming, CutoffProgramming, Goal, Indicator, ObjectiveLink
from plan.models import Cutoff, Objective, Plan
from reporting.structure_workbook import export_structure
from reporting.structure_write import run_structure_import
from reporting.tests.workbook_helpers import edit, values


def counts(plan):
    return (
        Objective.objects.filter(plan=plan).count(),
        Goal.objects.filter(plan=plan).count(),
        Indicator.objects.filter(plan=plan).count(),
        ObjectiveLink.objects.filter(objective__plan=plan).count(),
        AnnualProgramming.objects.filter(indicator__plan=plan).count(),
        Cutoff.objects.filter(plan=plan).count(),
        CutoffProgramming.objects.filter(cutoff__plan=plan).count(),
    )


def everything():
    models = [Plan, Objective, Goal, Indicator, ObjectiveLink, AnnualProgramming, Cutoff]
    return [m.objects.count() for m in models] + [
        sorted(CutoffProgramming.objects.values_list("id", "programmed")),
        sorted(ObjectiveLink.objects.values_list("id", "weight")),
    ]


@pytest.mark.parametrize("slug", ["pes-2024-2027", "pei-2020-2024", "pai-2024"])
def test_exporting_and_importing_a_seed_plan_changes_nothing(people, slug):
    content = export_structure(people.pes.__class__.objects.get(slug=slug))
    before = everything()
    result = run_structure_import(content, people.planner)
    assert result.errors == []
    assert result.changed == 0
    assert everything() == before


def test_a_new_plan_is_configured_from_the_workbook_and_a_second_import_changes_nothing(
    people,
):
    content = export_structure(people.pes)

    def as_new_plan(workbook):
        sheet = workbook["Plan"]
        sheet["B3"] = "pes-2028-2031"
        sheet["B5"] = "Plan Estratégico Sectorial 2028-2031 (borrador)"
        workbook["Ponderaciones"]["D2"] = "12,5"  # a Colombian number as text

    new = edit(content, as_new_plan)
    preview = run_structure_import(new, people.planner, dry_run=True)
    assert preview.errors == [] and preview.counts["indicators"].new == 17
    assert not Plan.objects.filter(slug="pes-2028-2031").exists()
    result = run_structure_import(new, people.planner)
    assert result.counts["plan"].new == 1
    plan = Plan.objects.get(slug="pes-2028-2031")
    assert counts(plan) == counts(people.pes)
    assert Cutoff.objects.get(plan=plan).status == "open"
    assert D(12.5) in set(
        ObjectiveLink.objects.filter(objective__plan=plan).values_list("weight", flat=True)
    )
    before = everything()
    again = run_structure_import(new, people.planner)
    assert again.changed == 0
    assert everything() == before
    # and the new plan exports the same values it was loaded from (the plan's own rows aside)
    exported = values(export_structure(plan))
    assert exported["Indicadores"] == values(new)["Indicadores"]


def _goal_key(workbook):
    workbook["Indicadores"]["B2"] = "M999"


def _unit(workbook):
    workbook["Indicadores"]["E2"] = "Litros"


def _weight(workbook):
    workbook["Ponderaciones"]["D2"] = 150


def _duplicate_key(workbook):
    workbook["Indicadores"]["A3"] = workbook["Indicadores"]["A2"].value


def _year(workbook):
    workbook["Programación anual"]["B2"] = 2031


def _published_cutoff(workbook):
    workbook["Programación al corte"]["C2"] = 7


def _organisation(workbook):
    workbook["Plan"]["B2"] = "NO-EXISTE"


def _formula(workbook):
    workbook["Programación anual"]["C2"] = "=1+1"


def _merged(workbook):
    workbook["Objetivos"].merge_cells("B2:C2")


def _missing_column(workbook):
    workbook["Metas"].delete_cols(4)


CORPUS = [
    (_goal_key, "La meta «M999» no está en la hoja Metas"),
    (_unit, "Valor desconocido «Litros»"),
    (_weight, "La ponderación debe estar entre 0 y 100"),
    (_duplicate_key, "Clave repetida"),
    (_year, "La vigencia 2031 está fuera del periodo del plan"),
    (_published_cutoff, "su programación está bloqueada"),
    (_organisation, "La organización «NO-EXISTE» no existe"),
    (_formula, "fórmula donde va un número"),
    (_merged, "celdas combinadas"),
    (_missing_column, "Falta la columna «Nombre»"),
]


@pytest.mark.parametrize("spoil, message", CORPUS, ids=[c[0].__name__ for c in CORPUS])
def test_bad_structure_workbooks_are_refused_and_change_nothing(people, spoil, message):
    content = edit(export_structure(people.pes), spoil)
    before = everything()
    result = run_structure_import(content, people.planner)
    assert message in " | ".join(str(e) for e in result.errors)
    assert everything() == before


def test_only_the_planning_office_imports_structure(people):
    result = run_structure_import(export_structure(people.pes), people.reporter_a)
    assert "Solo la Oficina Asesora de Planeación" in str(result.errors[0])


def test_the_structure_command(people, tmp_path, capsys):
    path = tmp_path / "estructura.xlsx"
    path.write_bytes(export_structure(people.pes))
    call_command("import_plan_structure", str(path), "--user", "planeacion", "--dry-run")
    out = capsys.readouterr().out
    assert "Indicadores: 0 nuevos, 0 actualizados, 17 sin cambios" in out
    assert "Revisión (nada guardado)." in out
    path.write_bytes(edit(export_structure(people.pes), _unit))
    with pytest.raises(CommandError, match="no se importó nada"):
        call_command("import_plan_structure", str(path), "--user", "planeacion")


def test_a_copied_workbook_never_updates_the_other_plan_silently(client, people, tmp_path):
    """Reusing the PES export for a new plan and forgetting to change «Identificador»."""

    def new_content(workbook):
        workbook["Objetivos"]["B2"] = "Objetivo de otro plan"

    content = edit(export_structure(people.pes), new_content)
    before = everything()
    preview = run_structure_import(content, people.planner, dry_run=True)
    assert preview.errors == [] and preview.updates_existing
    assert preview.existing_plan == people.pes.name
    refused = run_structure_import(content, people.planner)
    assert "ya es del plan «Plan Estratégico Sectorial" in str(refused.errors[-1])
    assert everything() == before
    # The page shows it and requires the box; the command requires --update-existing.
    client.force_login(people.planner)
    upload = SimpleUploadedFile("e.xlsx", content)
    page = client.post("/reporte/estructura/importar/", {"file": upload}).content.decode()
    assert 'name="update_existing"' in page and "este libro lo actualizaría" in page
    response = client.post("/reporte/estructura/importar/confirmar/")
    assert response.status_code == 400 and everything() == before
    path = tmp_path / "e.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="no se importó nada"):
        call_command("import_plan_structure", str(path), "--user", "planeacion")
    call_command("import_plan_structure", str(path), "--user", "planeacion", "--update-existing")
    assert people.pes.objectives.get(number=1).short_title == "Objetivo de otro plan"


def test_the_blank_template_has_drop_downs_in_spanish_and_instructions(client, people):
    client.force_login(people.planner)
    response = client.get("/reporte/estructura/plantilla.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Instrucciones"
    assert "Identificador" in " ".join(str(c.value) for c in workbook["Instrucciones"]["B"])
    assert workbook["Indicadores"].max_row == 1  # headers only
    lists = [v.formula1 for v in workbook["Plan"].data_validations.dataValidation]
    assert any("Todos los indicadores de la vigencia" in f for f in lists)
    assert not any("all_of_year" in f for f in lists)
    lists = [v.formula1 for v in workbook["Indicadores"].data_validations.dataValidation]
    assert any("Creciente" in f for f in lists) and any("Trimestral" in f for f in lists)
    client.force_login(people.director)
    assert client.get("/reporte/estructura/plantilla.xlsx").status_code == 403


def test_the_instructions_explain_how_to_name_a_unit_of_a_sector_entity(client, people):
    """A sector's plan (PES) is reported by units of its entities, written ENTIDAD/DEPENDENCIA
    in the «Dependencia» column (structure_write.ReportingUnits): the sheet says so."""
    client.force_login(people.planner)
    response = client.get("/reporte/estructura/plantilla.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Instrucciones"]
    rows = {row[0]: row[1] or "" for row in sheet.iter_rows(values_only=True)}
    units = rows["Dependencias"]
    assert "ENTIDAD/DEPENDENCIA" in units
    assert "plan sectorial" in units and "hoja Indicadores" in units
