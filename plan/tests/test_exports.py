"""CSV, JSON and XLSX writers (pure): machine-readable numbers, Colombian display in Excel."""

import datetime
import io
import json
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from plan import exports
from plan.exports import Column

COLUMNS = [
    Column("objetivo", "Objetivo", exports.INTEGER),
    Column("fecha_corte", "Fecha de corte", exports.DATE),
    Column("cumplimiento", "Cumplimiento", exports.PERCENT),
    Column("ejecutado", "Ejecutado", exports.MAGNITUDE),
    Column("nombre", "Nombre", exports.TEXT),
]
ROWS = [
    {
        "objetivo": 4,
        "fecha_corte": datetime.date(2026, 3, 31),
        "cumplimiento": D("183.33333333333333"),
        "ejecutado": D("4155036.0000"),
        "nombre": "Bogotá abierta al mundo",
    },
    {
        "objetivo": 1,
        "fecha_corte": datetime.date(2026, 3, 31),
        "cumplimiento": None,
        "ejecutado": D("0.6400"),
        "nombre": 'Talento "humano"',
    },
]


def test_csv_has_plain_numbers_iso_dates_and_empty_for_no_value():
    text = exports.csv_bytes(COLUMNS, ROWS).decode("utf-8")
    assert text.startswith("\ufeffobjetivo,fecha_corte,cumplimiento,ejecutado,nombre\r\n")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[1] == "4,2026-03-31,183.33,4155036,Bogotá abierta al mundo"
    assert lines[2] == '1,2026-03-31,,0.64,"Talento ""humano"""'


def test_csv_header_can_carry_the_labels():
    text = exports.csv_bytes(COLUMNS, [], header="label").decode("utf-8")
    assert text == "\ufeffObjetivo,Fecha de corte,Cumplimiento,Ejecutado,Nombre\r\n"


def test_json_numbers_are_written_from_decimals_with_two_decimals_for_percentages():
    text = exports.json_text(COLUMNS, ROWS)
    assert text == (
        "[\n"
        '  {"objetivo": 4, "fecha_corte": "2026-03-31", "cumplimiento": 183.33, '
        '"ejecutado": 4155036, "nombre": "Bogotá abierta al mundo"},\n'
        '  {"objetivo": 1, "fecha_corte": "2026-03-31", "cumplimiento": null, '
        '"ejecutado": 0.64, "nombre": "Talento \\"humano\\""}\n'
        "]\n"
    )
    assert json.loads(text)[1]["cumplimiento"] is None


def test_json_keeps_exactly_two_decimals_even_when_they_are_zeros():
    text = exports.json_text(
        [Column("cumplimiento", "", exports.PERCENT)], [{"cumplimiento": D(100)}]
    )
    assert '"cumplimiento": 100.00' in text
    assert json.loads(text, parse_float=D)[0]["cumplimiento"] == D("100.00")


def test_percentages_round_half_up():
    assert exports.typed(D("98.485"), exports.PERCENT) == D("98.49")
    assert exports.typed(D("82.4849"), exports.PERCENT) == D("82.48")


def test_xlsx_cells_hold_numbers_with_colombian_display_formats():
    book = load_workbook(io.BytesIO(exports.xlsx_bytes(COLUMNS, ROWS, title="objetivos")))
    sheet = book["objetivos"]
    assert [c.value for c in sheet[1]] == [c.key for c in COLUMNS]
    number, date, percent, executed, name = sheet[2]
    assert number.value == 4 and number.number_format == "#,##0"
    assert date.value == datetime.datetime(2026, 3, 31) and date.number_format == "dd/mm/yyyy"
    assert percent.value == pytest.approx(183.33) and percent.number_format == '#,##0.00"%"'
    assert executed.value == 4155036 and executed.number_format == "#,##0"
    assert name.value == "Bogotá abierta al mundo"
    small = sheet["D3"]
    assert small.value == pytest.approx(0.64) and small.number_format == "#,##0.00##"
    assert sheet["C3"].value is None


def test_an_unknown_column_kind_is_refused():
    with pytest.raises(ValueError):
        Column("x", "x", "float")


def test_streamed_csv_and_json_come_in_chunks_that_add_up_to_the_whole_file():
    from plan import exports

    columns = [exports.Column("n", "N", exports.INTEGER), exports.Column("t", "T")]
    rows = [{"n": k, "t": "texto con tilde á " * 5} for k in range(5000)]
    chunks = list(exports.csv_chunks(columns, iter(rows)))
    assert len(chunks) > 3 and max(len(c) for c in chunks) < 2 * exports.CHUNK + 1000
    assert b"".join(chunks) == exports.csv_bytes(columns, rows)
    assert chunks[0] == "\ufeffn,t\r\n".encode()  # the header at once, before any row
    assert chunks[1].startswith(b"0,")
    parts = list(exports.json_chunks(columns, iter(rows)))
    assert len(parts) > 3
    import json

    assert json.loads(b"".join(parts)) == [{"n": r["n"], "t": r["t"]} for r in rows]
    assert b"".join(exports.json_chunks(columns, iter([]))) == b"[]\n"
