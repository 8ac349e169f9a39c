"""The follow-up workbook: export, preview, atomic import, idempotence, the round trip, and a
corpus of bad files, each refused with a Spanish message naming sheet, row and column while
the database stays as it was."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl.utils import get_column_letter

from indicators.models import Measurement
from plan.models import Cutoff
from reporting import services
from reporting.importing import export_followup, run_followup_import
from reporting.tests.conftest import login
from reporting.tests.workbook_helpers import db_state, edit, row_of, values
from reporting.workbook_export import INDEX
from reporting.workflow import TransitionError
from reporting.xlsx import MAX_ROWS

EXECUTED = get_column_letter(INDEX["executed"])
ANALYSIS = get_column_letter(INDEX["analysis"])
SUBMIT = get_column_letter(INDEX["submit"])


def set_cells(content, indicator_id, **cells):
    def change(workbook):
        sheet = workbook["Seguimiento"]
        n = row_of(sheet, indicator_id)
        for column, value in cells.items():
            sheet[f"{column}{n}"] = value

    return edit(content, change)


def test_the_workbook_has_one_row_per_link_with_locked_keys_and_validation(people, open_cutoff):
    content = export_followup(open_cutoff, people.planner)
    sheets = values(content)
    assert list(sheets) == ["Seguimiento", "Información"]
    header, *rows = sheets["Seguimiento"]
    assert header[:3] == ["Id indicador", "Objetivo", "Código"]
    assert len(rows) == 17  # the 17 links of 2026
    row = next(r for r in rows if r[2] == "4200")
    assert row[1] == 7 and row[7] == 100 and row[9] == 0.05 and row[10] == 0.03
    assert row[13] == "No" or row[13] == "Sí"
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content))["Seguimiento"]
    assert sheet.protection.sheet
    assert sheet["A2"].protection.locked and not sheet[f"{EXECUTED}2"].protection.locked
    kinds = sorted(v.type for v in sheet.data_validations.dataValidation)
    assert kinds == ["decimal", "list"]
    assert sheet[f"{EXECUTED}2"].number_format.startswith("#,##0")


def test_a_reporter_exports_only_the_indicators_of_the_own_unit(people, open_cutoff):
    rows = values(export_followup(open_cutoff, people.reporter_a))["Seguimiento"][1:]
    assert [r[2] for r in rows] == ["4200"]


def test_export_import_export_gives_the_same_cell_values_and_changes_nothing(people, open_cutoff):
    first = export_followup(open_cutoff, people.planner)
    before = db_state()
    plan = run_followup_import(first, open_cutoff, people.planner)
    assert plan.errors == []
    assert plan.counts == {"new": 0, "updated": 0, "unchanged": 17}
    assert db_state() == before
    assert values(export_followup(open_cutoff, people.planner)) == values(first)


def test_an_edited_workbook_imports_and_importing_it_twice_changes_nothing_the_second_time(
    people, returned_4200
):
    cutoff = people.cutoff
    content = export_followup(cutoff, people.planner)
    edited = set_cells(content, people.i4200.id, **{EXECUTED: "0,05", ANALYSIS: None, SUBMIT: "Sí"})
    plan = run_followup_import(edited, cutoff, people.reporter_a)
    assert plan.errors == []
    assert plan.counts == {"new": 0, "updated": 1, "unchanged": 16}
    m = Measurement.objects.get(cutoff=cutoff, indicator=people.i4200)
    assert (m.executed, m.analysis, m.status) == (D("0.05"), "", "submitted")
    before = db_state()
    again = run_followup_import(edited, cutoff, people.reporter_a)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 17}
    assert db_state() == before
    # the next export holds exactly what was imported
    exported = values(export_followup(cutoff, people.planner))["Seguimiento"]
    row = next(r for r in exported if r[0] == people.i4200.id)
    assert (row[INDEX["executed"] - 1], row[INDEX["submit"] - 1]) == (0.05, "Sí")


def test_an_import_leaves_each_change_in_the_history_with_its_author(people, returned_4200):
    Measurement.objects.filter(cutoff=people.cutoff, indicator=people.i4075).delete()
    content = export_followup(people.cutoff, people.planner)
    content = set_cells(content, people.i4200.id, **{EXECUTED: "0,05", SUBMIT: "Sí"})
    content = set_cells(content, people.i4075.id, **{EXECUTED: 8, ANALYSIS: "Sobre-ejecución."})
    plan = run_followup_import(content, people.cutoff, people.planner)
    assert plan.counts["new"] == 1 and plan.counts["updated"] == 1
    for indicator, kind in ((people.i4200, "~"), (people.i4075, "+")):
        m = Measurement.objects.get(cutoff=people.cutoff, indicator=indicator)
        last = m.history.order_by("-history_id").first()
        assert (last.history_type, last.history_user, last.executed) == (
            kind,
            people.planner,
            m.executed,
        )
        assert abs(last.history_date - m.reported_at) < datetime.timedelta(seconds=5)
    updated = Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4200)
    assert (updated.status, updated.submitted_by) == ("submitted", people.planner)


def test_a_new_measurement_is_counted_as_new(people, open_cutoff):
    Measurement.objects.filter(cutoff=open_cutoff, indicator=people.i4200).delete()
    content = export_followup(open_cutoff, people.planner)
    edited = set_cells(content, people.i4200.id, **{EXECUTED: 0.05, SUBMIT: "No"})
    plan = run_followup_import(edited, open_cutoff, people.planner)
    assert plan.counts["new"] == 1
    m = Measurement.objects.get(cutoff=open_cutoff, indicator=people.i4200)
    assert (m.executed, m.status) == (D("0.05"), "draft")


def _merge(workbook):
    workbook["Seguimiento"].merge_cells(f"{ANALYSIS}2:{ANALYSIS}3")


def _drop_column(workbook):
    workbook["Seguimiento"].delete_cols(INDEX["analysis"])


def _duplicate(workbook):
    sheet = workbook["Seguimiento"]
    sheet.append([c.value for c in sheet[2]])


def _other_plan(workbook):
    workbook["Información"]["B1"] = "pei-2020-2024"


def _too_many_rows(workbook):
    sheet = workbook["Seguimiento"]
    for n in range(MAX_ROWS + 1):
        sheet.append([None, None, f"x{n}"])


def _no_sheet(workbook):
    workbook["Seguimiento"].title = "Hoja1"


CORPUS = [
    # (name, how to spoil the file, what the message says, where)
    ("text", {EXECUTED: "mucho"}, "no es un número", f"{EXECUTED} (Ejecutado al corte)"),
    ("negative", {EXECUTED: -1}, "No se admiten valores negativos", "Ejecutado al corte"),
    ("ambiguous", {EXECUTED: "0.05"}, "es ambiguo", "Ejecutado al corte"),
    ("formula", {EXECUTED: "=0.02+0.03"}, "fórmula donde va un número", "Ejecutado al corte"),
    ("date", {EXECUTED: datetime.date(2026, 3, 31)}, "tiene una fecha", "Ejecutado al corte"),
    ("unknown id", {"A": 999999}, "no existe en este plan", "A (Id indicador)"),
    ("wrong code", {"C": "9999"}, "no corresponde al indicador", "C (Código)"),
    ("bad objective", {"B": 3}, "no aporta al objetivo 3", "B (Objetivo)"),
    ("bad yes/no", {SUBMIT: "Tal vez"}, "Escriba «Sí» o «No»", "Enviar a revisión"),
    (
        "lag without analysis",
        {EXECUTED: 0.04, ANALYSIS: None, SUBMIT: "Sí"},
        "explique el rezago",
        "Análisis",
    ),
    ("too big for the unit", {EXECUTED: 5e12}, "demasiado grande", "Ejecutado al corte"),
    ("erased value", {EXECUTED: None, ANALYSIS: "x"}, "desde el libro no se borran", "Ejecutado"),
    ("merged cells", _merge, "celdas combinadas", f"{ANALYSIS}2:{ANALYSIS}3"),
    ("missing column", _drop_column, "Falta la columna «Análisis»", ""),
    ("duplicated row", _duplicate, "Fila repetida", "A (Id indicador)"),
    ("another plan", _other_plan, "Este libro es del plan «pei-2020-2024»", ""),
    ("too many rows", _too_many_rows, "el máximo es 20.000", ""),
    ("missing sheet", _no_sheet, "Falta la hoja «Seguimiento»", ""),
]


@pytest.mark.parametrize("name, spoil, message, where", CORPUS, ids=[c[0] for c in CORPUS])
def test_bad_workbooks_are_refused_whole_with_a_located_spanish_message(
    people, returned_4200, name, spoil, message, where
):
    content = export_followup(people.cutoff, people.planner)
    # a valid change elsewhere in the same file must not be imported either
    content = set_cells(content, people.i4075.id, **{ANALYSIS: "Nuevo análisis válido."})
    if callable(spoil):
        content = edit(content, spoil)
    else:
        content = set_cells(content, people.i4200.id, **spoil)
    before = db_state()
    plan = run_followup_import(content, people.cutoff, people.planner)
    assert plan.errors, name
    assert plan.changes == []
    text = " | ".join(str(e) for e in plan.errors)
    assert message in text
    assert where in text
    assert db_state() == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"hola, no soy un libro", "no es un libro de Excel (.xlsx) válido"),
        (b"PK\x03\x04" + b"\x00" * 100, "no es un libro de Excel (.xlsx) válido"),
        (b"0" * (5 * 1024 * 1024 + 1), "el máximo es 5 MB"),
    ],
)
def test_files_that_are_not_workbooks_or_too_big_are_refused(people, open_cutoff, content, message):
    before = db_state()
    plan = run_followup_import(content, open_cutoff, people.planner)
    assert message in str(plan.errors[0])
    assert db_state() == before


def test_a_reporter_cannot_change_another_units_indicator_by_workbook(people, returned_4200):
    content = export_followup(people.cutoff, people.planner)
    edited = set_cells(content, people.i4200.id, **{EXECUTED: 0.05, SUBMIT: "Sí"})
    before = db_state()
    plan = run_followup_import(edited, people.cutoff, people.reporter_b)
    assert "Solo la dependencia responsable" in str(plan.errors[0])
    assert db_state() == before


def test_a_published_cutoff_refuses_imports(people):
    content = export_followup(people.cutoff, people.planner)  # published in the seeds
    edited = set_cells(content, people.i4200.id, **{EXECUTED: 0.05})
    before = db_state()
    plan = run_followup_import(edited, people.cutoff, people.planner)
    assert "ya fue publicado" in str(plan.errors[0])
    assert db_state() == before


def test_rows_of_an_indicator_feeding_two_objectives_must_agree(people):
    pei = Cutoff.objects.get(plan__slug="pei-2020-2024")
    services.reopen_cutoff(pei, people.planner, "Revisión del indicador 543")
    content = export_followup(pei, people.planner)

    def change(workbook):
        sheet = workbook["Seguimiento"]
        rows = [r[0].row for r in sheet.iter_rows(min_row=2) if r[2].value == "543"]
        assert len(rows) == 2
        sheet[f"{EXECUTED}{rows[1]}"] = 99

    before = db_state()
    plan = run_followup_import(edit(content, change), pei, people.planner)
    assert "aparece con valores distintos en las filas" in str(plan.errors[0])
    assert db_state() == before


# --- Through the pages ----------------------------------------------------------------------


def test_upload_preview_then_confirm(client, people, returned_4200, media):
    c = login(client, people.reporter_a)
    content = export_followup(people.cutoff, people.reporter_a)
    assert c.get(f"/reporte/cortes/{people.cutoff.id}/libro.xlsx").status_code == 200
    edited = set_cells(content, people.i4200.id, **{EXECUTED: "0,05", SUBMIT: "Sí"})
    before = db_state()
    preview = c.post(
        f"/reporte/cortes/{people.cutoff.id}/importar/",
        {"file": SimpleUploadedFile("libro.xlsx", edited)},
    )
    assert preview.status_code == 200
    page = preview.content.decode()
    assert 'id="count-updated">1<' in page and 'id="count-unchanged">0<' in page
    assert db_state() == before  # the preview writes nothing
    confirm = c.post(f"/reporte/cortes/{people.cutoff.id}/importar/confirmar/")
    assert confirm.status_code == 302
    m = Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4200)
    assert (m.executed, m.status) == (D("0.05"), "submitted")
    # the stashed file is gone: confirming again asks for a new upload
    again = c.post(f"/reporte/cortes/{people.cutoff.id}/importar/confirmar/")
    assert again.status_code == 302 and again["Location"].endswith("/importar/")


def test_confirming_writes_the_rows_checked_at_the_preview_without_reading_the_file_again(
    client, people, returned_4200, media, monkeypatch
):
    from reporting import workbook_views

    c = login(client, people.reporter_a)
    content = export_followup(people.cutoff, people.reporter_a)
    edited = set_cells(content, people.i4200.id, **{EXECUTED: "0,05", SUBMIT: "Sí"})
    url = f"/reporte/cortes/{people.cutoff.id}/importar/"
    assert c.post(url, {"file": SimpleUploadedFile("libro.xlsx", edited)}).status_code == 200

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was read again")

    monkeypatch.setattr("reporting.importing.parse_followup", refuse)
    monkeypatch.setattr(workbook_views, "parse_followup", refuse)
    assert c.post(url + "confirmar/").status_code == 302
    m = Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4200)
    assert (m.executed, m.status) == (D("0.05"), "submitted")


def test_altered_kept_rows_are_ignored_and_the_file_is_read_again(
    client, people, returned_4200, media
):
    from django.core.files.storage import default_storage

    c = login(client, people.reporter_a)
    content = export_followup(people.cutoff, people.reporter_a)
    edited = set_cells(content, people.i4200.id, **{EXECUTED: "0,05", SUBMIT: "Sí"})
    url = f"/reporte/cortes/{people.cutoff.id}/importar/"
    c.post(url, {"file": SimpleUploadedFile("libro.xlsx", edited)})
    kept = c.session[f"followup-import-{people.cutoff.id}"]["rows"]
    default_storage.delete(kept)
    default_storage.save(kept, ContentFile(b'{"rows": [[2, 1, null, "x", "99", "", true]]}'))
    assert c.post(url + "confirmar/").status_code == 302
    m = Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4200)
    assert m.executed == D("0.05")  # from the file, not from the altered rows


def test_kept_rows_round_trip_through_json():
    import datetime as dt

    from reporting.workbook_import import Parsed, ParsedRow, parsed_from_json, parsed_to_json

    parsed = Parsed(
        plan_slug="pes-2024-2027",
        cutoff_date=dt.date(2026, 3, 31),
        rows=[
            ParsedRow(2, 10, 4, "4075", D("8.0500"), "Análisis «largo»", True),
            ParsedRow(3, 11, None, "", None, "", False),
        ],
        columns={"id": 1, "executed": 11},
    )
    again = parsed_from_json(parsed_to_json(parsed))
    assert again == parsed
    assert again.rows[0].executed.as_tuple() == D("8.0500").as_tuple()


def test_a_bad_upload_lists_every_error_with_sheet_row_and_column(client, people, returned_4200):
    content = export_followup(people.cutoff, people.planner)
    edited = set_cells(content, people.i4200.id, **{EXECUTED: "mucho", "C": "zzz"})
    response = login(client, people.planner).post(
        f"/reporte/cortes/{people.cutoff.id}/importar/",
        {"file": SimpleUploadedFile("libro.xlsx", edited)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "no se importó nada" in page
    assert "Seguimiento" in page and f"{EXECUTED} (Ejecutado al corte)" in page
    assert "no es un número" in page


def test_directors_cannot_upload(client, people, open_cutoff):
    response = login(client, people.director).post(
        f"/reporte/cortes/{open_cutoff.id}/importar/", {"file": SimpleUploadedFile("a.xlsx", b"")}
    )
    assert response.status_code == 403


# --- Management command ---------------------------------------------------------------------


def test_the_import_command_has_a_dry_run_and_reports_errors(
    people, returned_4200, tmp_path, capsys
):
    content = export_followup(people.cutoff, people.planner)
    path = tmp_path / "libro.xlsx"
    path.write_bytes(set_cells(content, people.i4200.id, **{EXECUTED: 0.05, SUBMIT: "Sí"}))
    args = [str(path), "--plan", "pes-2024-2027", "--cutoff", "2026-03-31", "--user", "planeacion"]
    before = db_state()
    call_command("import_followup", *args, "--dry-run")
    assert "1 actualizados" in capsys.readouterr().out
    assert db_state() == before
    call_command("import_followup", *args)
    assert "Importado: 0 nuevos, 1 actualizados, 16 sin cambios." in capsys.readouterr().out
    assert Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4200).executed == D(
        "0.05"
    )
    path.write_bytes(set_cells(content, people.i4200.id, **{EXECUTED: "mucho"}))
    with pytest.raises(CommandError, match="1 errores: no se importó nada"):
        call_command("import_followup", *args)
    assert "no es un número" in capsys.readouterr().err


def test_the_preview_shows_report_statuses_in_spanish(client, people, returned_4200, media):
    c = login(client, people.planner)
    content = export_followup(people.cutoff, people.planner)
    edited = set_cells(content, people.i4200.id, **{EXECUTED: "0,05", SUBMIT: "Sí"})
    page = c.post(
        f"/reporte/cortes/{people.cutoff.id}/importar/",
        {"file": SimpleUploadedFile("libro.xlsx", edited)},
    ).content.decode()
    assert "<td>Enviada a revisión</td>" in page and "<td>Aprobada</td>" in page
    assert "<td>submitted</td>" not in page and "<td>approved</td>" not in page
    # Four eyes on (the default): approving on import is offered disabled, with the reason.
    assert 'id="approve-on-import" disabled' in page
    assert "quien carga las cifras no puede aprobarlas" in page


def test_approve_on_import_only_without_four_eyes_and_recorded_as_approved_by_the_importer(
    client, people, returned_4200, media, settings
):
    content = export_followup(people.cutoff, people.planner)
    edited = set_cells(content, people.i4200.id, **{EXECUTED: "0,05", SUBMIT: "Sí"})
    before = db_state()
    with pytest.raises(TransitionError, match="Cuatro ojos"):
        run_followup_import(edited, people.cutoff, people.planner, approve=True)
    assert db_state() == before
    settings.FOUR_EYES = False
    with pytest.raises(TransitionError, match="Solo la Oficina Asesora"):
        run_followup_import(edited, people.cutoff, people.reporter_a, approve=True)
    c = login(client, people.planner)
    url = f"/reporte/cortes/{people.cutoff.id}/importar/"
    page = c.post(url, {"file": SimpleUploadedFile("libro.xlsx", edited)}).content.decode()
    assert 'id="approve-on-import">' in page
    c.post(f"{url}confirmar/", {"approve": "1"})
    m = Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4200)
    assert (m.executed, m.status, m.reviewed_by) == (D("0.05"), "approved", people.planner)
    last_two = list(m.history.order_by("-history_id")[:2])
    assert [h.status for h in last_two] == ["approved", "submitted"]
    assert {h.history_user for h in last_two} == {people.planner}
