"""«Programado al corte» through the follow-up workbook (issue 12, item 2): the planning
office changes it in its export while the cutoff is open; anyone else's change, a closed
cutoff or a bad value is refused on that cell with a Spanish message naming sheet, row and
column, and nothing of the file is stored."""

import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from indicators.models import CutoffProgramming, Measurement
from reporting.importing import export_followup, run_followup_import
from reporting.tests.conftest import login
from reporting.tests.test_workbook import ANALYSIS, EXECUTED, set_cells
from reporting.tests.workbook_helpers import db_state, row_of, values
from reporting.workbook_export import INDEX

PROGRAMMED = get_column_letter(INDEX["programmed_cutoff"])
WHERE = f"{PROGRAMMED} (Programado al corte)"


def programming_state():
    return (
        sorted(CutoffProgramming.objects.values_list("indicator_id", "cutoff_id", "programmed")),
        CutoffProgramming.history.count(),
    )


def stored(cutoff, indicator):
    row = CutoffProgramming.objects.filter(cutoff=cutoff, indicator=indicator).first()
    return row.programmed if row else None


def test_only_the_planning_offices_export_unlocks_the_programming_column(people, open_cutoff):
    def cell(user):
        sheet = load_workbook(io.BytesIO(export_followup(open_cutoff, user)))["Seguimiento"]
        return sheet[f"{PROGRAMMED}2"], sheet

    planner_cell, sheet = cell(people.planner)
    assert sheet.protection.sheet and not planner_cell.protection.locked
    ranges = " ".join(str(v.sqref) for v in sheet.data_validations.dataValidation)
    assert f"{PROGRAMMED}2:" in ranges  # the same «number ≥ 0» rule as «Ejecutado al corte»
    reporter_cell, sheet = cell(people.reporter_a)
    assert reporter_cell.protection.locked
    ranges = " ".join(str(v.sqref) for v in sheet.data_validations.dataValidation)
    assert f"{PROGRAMMED}2:" not in ranges


@pytest.mark.parametrize("who", ["planner", "reporter_a", "director_member"])
def test_an_unchanged_workbook_imports_with_no_changes(people, open_cutoff, who):
    user = getattr(people, who)
    content = export_followup(open_cutoff, user)
    before = db_state(), programming_state()
    plan = run_followup_import(content, open_cutoff, user)
    assert plan.errors == []
    assert plan.count("new") == plan.count("updated") == 0
    assert (db_state(), programming_state()) == before
    assert values(export_followup(open_cutoff, user)) == values(content)


def test_the_planning_office_changes_it_with_history_and_the_preview_shows_it(
    client, people, open_cutoff, media
):
    assert stored(open_cutoff, people.i4200) == D("0.05")
    measurement_before = db_state()
    history_before = CutoffProgramming.history.filter(indicator=people.i4200).count()
    content = set_cells(
        export_followup(open_cutoff, people.planner), people.i4200.id, **{PROGRAMMED: "0,06"}
    )
    c = login(client, people.planner)
    upload = io.BytesIO(content)
    upload.name = "libro.xlsx"
    preview = c.post(f"/reporte/cortes/{open_cutoff.id}/importar/", {"file": upload})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "<del>0,05</del> → <ins>0,06</ins>" in html
    assert (
        '<td class="progress">50,00' in html
    )  # 0,03 executed of the new 0,06: the preview's progress uses it
    assert stored(open_cutoff, people.i4200) == D("0.05")  # a preview stores nothing

    plan = run_followup_import(content, open_cutoff, people.planner)
    assert plan.errors == []
    assert plan.counts == {"new": 0, "updated": 1, "unchanged": 16}
    (change,) = plan.programming_writes
    assert (change.old_programmed, change.new_programmed, change.progress) == (
        D("0.05"),
        D("0.06"),
        D(50),
    )
    assert plan.writes == []  # the report itself is untouched
    assert stored(open_cutoff, people.i4200) == D("0.06")
    assert db_state() == measurement_before
    history = CutoffProgramming.history.filter(indicator=people.i4200).order_by("history_date")
    assert history.count() == history_before + 1
    assert (history.last().programmed, history.last().history_user) == (D("0.06"), people.planner)
    # exported again, the new value is there and importing it changes nothing
    again = export_followup(open_cutoff, people.planner)
    assert run_followup_import(again, open_cutoff, people.planner).count("updated") == 0


def test_a_missing_programming_row_is_created(people, open_cutoff):
    CutoffProgramming.objects.filter(cutoff=open_cutoff, indicator=people.i4075).delete()
    content = export_followup(open_cutoff, people.planner)
    plan = run_followup_import(
        set_cells(content, people.i4075.id, **{PROGRAMMED: 12}), open_cutoff, people.planner
    )
    assert plan.errors == []
    assert stored(open_cutoff, people.i4075) == D(12)
    latest = CutoffProgramming.history.filter(indicator=people.i4075).latest("history_date")
    assert (latest.history_type, latest.history_user) == ("+", people.planner)


def test_the_analysis_rule_uses_the_new_programming(people, open_cutoff):
    """0,04 executed without analysis: 80 % of the old 0,05 needs an explanation, 100 % of a
    new 0,04 does not."""
    content = export_followup(open_cutoff, people.planner)
    report = {EXECUTED: 0.04, ANALYSIS: None}
    plan = run_followup_import(
        set_cells(content, people.i4200.id, **report), open_cutoff, people.planner
    )
    assert "explique el rezago (80,00 %)" in str(plan.errors[0])
    both = set_cells(content, people.i4200.id, **report, **{PROGRAMMED: 0.04})
    plan = run_followup_import(both, open_cutoff, people.planner)
    assert plan.errors == []
    (change,) = [c for c in plan.changes if c.indicator_id == people.i4200.id]
    assert change.progress == D(100)
    assert Measurement.objects.get(cutoff=open_cutoff, indicator=people.i4200).executed == D("0.04")
    assert stored(open_cutoff, people.i4200) == D("0.04")


@pytest.mark.parametrize("who", ["reporter_a", "director_member", "promoted"])
def test_anyone_but_the_planning_office_is_refused_on_that_cell(people, open_cutoff, who):
    user = getattr(people, who)
    content = set_cells(export_followup(open_cutoff, user), people.i4200.id, **{PROGRAMMED: 1})
    before = db_state(), programming_state()
    plan = run_followup_import(content, open_cutoff, user)
    (error,) = plan.errors
    assert (error.sheet, error.column) == ("Seguimiento", WHERE)
    assert error.row == row_of(load_workbook(io.BytesIO(content))["Seguimiento"], people.i4200.id)
    assert "Solo la Oficina Asesora de Planeación cambia «Programado al corte»" in error.message
    assert "el valor vigente es 0,05" in error.message
    assert plan.changes == []
    assert (db_state(), programming_state()) == before


def test_a_closed_or_published_cutoff_refuses_the_change(people):
    cutoff = people.cutoff  # published in the seeds
    content = set_cells(export_followup(cutoff, people.planner), people.i4200.id, **{PROGRAMMED: 1})
    before = programming_state()
    plan = run_followup_import(content, cutoff, people.planner)
    (error,) = plan.errors
    assert error.column == WHERE
    assert "Solo se programa un corte abierto" in error.message
    assert programming_state() == before


@pytest.mark.parametrize(
    "value, message",
    [
        ("-1", "no se admiten valores negativos"),
        (-1, "No se admiten valores negativos"),
        ("mucho", "no es un número"),
        ("0.5", "es ambiguo"),
        ("0,000001", "más de 4 decimales"),
        (10**17, "demasiado grande"),
        (None, "Desde el libro no se borra la programación al corte (vigente: 0,05)"),
    ],
)
def test_an_invalid_value_is_refused_with_its_place(people, open_cutoff, value, message):
    # 4075 (a number of things, no upper limit below the column's) takes big values
    indicator = people.i4075
    if value is None:
        CutoffProgramming.objects.update_or_create(
            cutoff=open_cutoff, indicator=indicator, defaults={"programmed": D("0.05")}
        )
    content = set_cells(
        export_followup(open_cutoff, people.planner), indicator.id, **{PROGRAMMED: value}
    )
    before = programming_state()
    plan = run_followup_import(content, open_cutoff, people.planner)
    assert plan.errors
    text = " | ".join(str(e) for e in plan.errors)
    assert message in text
    assert WHERE in text and "Seguimiento" in text
    assert programming_state() == before


def test_a_bad_row_elsewhere_means_nothing_is_stored(people, open_cutoff):
    content = export_followup(open_cutoff, people.planner)
    content = set_cells(content, people.i4200.id, **{PROGRAMMED: "0,06"})
    content = set_cells(content, people.i4075.id, **{EXECUTED: "mucho"})
    before = db_state(), programming_state()
    plan = run_followup_import(content, open_cutoff, people.planner)
    assert len(plan.errors) == 1 and "no es un número" in str(plan.errors[0])
    assert plan.changes == []
    assert (db_state(), programming_state()) == before


def test_a_failing_write_rolls_back_the_programming_too(people, open_cutoff, monkeypatch):
    """The programming and the reports go in one transaction: a report write that fails after
    the programming was prepared leaves both as they were."""
    from reporting import importing

    content = export_followup(open_cutoff, people.planner)
    content = set_cells(content, people.i4200.id, **{PROGRAMMED: "0,06"})
    content = set_cells(content, people.i4075.id, **{ANALYSIS: "Nuevo análisis válido."})
    original = importing._write_programming

    def write_then_fail(*args):
        original(*args)
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "_write_programming", write_then_fail)
    before = db_state(), programming_state()
    with pytest.raises(RuntimeError):
        run_followup_import(content, open_cutoff, people.planner)
    assert (db_state(), programming_state()) == before


def test_the_import_command_accepts_the_programming(people, open_cutoff, tmp_path, capsys):
    path = tmp_path / "libro.xlsx"
    content = export_followup(open_cutoff, people.planner)
    path.write_bytes(set_cells(content, people.i4200.id, **{PROGRAMMED: "0,06"}))
    args = [str(path), "--plan", "pes-2024-2027", "--cutoff", "31/03/2026", "--user", "planeacion"]
    call_command("import_followup", *args, "--dry-run")
    assert "1 actualizados" in capsys.readouterr().out
    assert stored(open_cutoff, people.i4200) == D("0.05")
    call_command("import_followup", *args)
    assert "Importado: 0 nuevos, 1 actualizados, 16 sin cambios." in capsys.readouterr().out
    assert stored(open_cutoff, people.i4200) == D("0.06")
