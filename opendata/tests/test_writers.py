"""CSV, JSON and XLSX writers (pure): machine-readable numbers, Colombian display in Excel."""

import csv
import datetime
import io
import json
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from opendata import writers
from opendata.writers import Column

COLUMNS = [
    Column("objetivo", "Objetivo", writers.INTEGER),
    Column("fecha_corte", "Fecha de corte", writers.DATE),
    Column("cumplimiento", "Cumplimiento", writers.PERCENT),
    Column("ejecutado", "Ejecutado", writers.MAGNITUDE),
    Column("nombre", "Nombre", writers.TEXT),
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
    text = writers.csv_bytes(COLUMNS, ROWS).decode("utf-8")
    assert text.startswith("\ufeffobjetivo,fecha_corte,cumplimiento,ejecutado,nombre\r\n")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[1] == "4,2026-03-31,183.33,4155036,Bogotá abierta al mundo"
    assert lines[2] == '1,2026-03-31,,0.64,"Talento ""humano"""'


def test_csv_header_can_carry_the_labels():
    text = writers.csv_bytes(COLUMNS, [], header="label").decode("utf-8")
    assert text == "\ufeffObjetivo,Fecha de corte,Cumplimiento,Ejecutado,Nombre\r\n"


def test_json_numbers_are_written_from_decimals_with_two_decimals_for_percentages():
    text = writers.json_text(COLUMNS, ROWS)
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
    text = writers.json_text(
        [Column("cumplimiento", "", writers.PERCENT)], [{"cumplimiento": D(100)}]
    )
    assert '"cumplimiento": 100.00' in text
    assert json.loads(text, parse_float=D)[0]["cumplimiento"] == D("100.00")


def test_percentages_round_half_up():
    assert writers.typed(D("98.485"), writers.PERCENT) == D("98.49")
    assert writers.typed(D("82.4849"), writers.PERCENT) == D("82.48")


def test_xlsx_cells_hold_numbers_with_colombian_display_formats():
    book = load_workbook(io.BytesIO(writers.xlsx_bytes(COLUMNS, ROWS, title="objetivos")))
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
    from opendata import writers

    columns = [writers.Column("n", "N", writers.INTEGER), writers.Column("t", "T")]
    rows = [{"n": k, "t": "texto con tilde á " * 5} for k in range(5000)]
    chunks = list(writers.csv_chunks(columns, iter(rows)))
    assert len(chunks) > 3 and max(len(c) for c in chunks) < 2 * writers.CHUNK + 1000
    assert b"".join(chunks) == writers.csv_bytes(columns, rows)
    assert chunks[0] == "\ufeffn,t\r\n".encode()  # the header at once, before any row
    assert chunks[1].startswith(b"0,")
    parts = list(writers.json_chunks(columns, iter(rows)))
    assert len(parts) > 3
    import json

    assert json.loads(b"".join(parts)) == [{"n": r["n"], "t": r["t"]} for r in rows]
    assert b"".join(writers.json_chunks(columns, iter([]))) == b"[]\n"


# --- The one writer: every format, injection, streaming, exact decimals ------------------------

FORMULAS = ["=1+2", "+1", "-1+1", "@SUM(A1)", "\tx", "\rx"]


def test_every_formula_start_is_neutralised_in_csv_and_xlsx_header_included():
    columns = [Column("=malo", "=malo"), Column("codigo", "Código", writers.CODE)]
    rows = [{"=malo": text, "codigo": text} for text in FORMULAS]
    read = list(csv.reader(io.StringIO(writers.csv_bytes(columns, rows).decode("utf-8-sig"))))
    assert read[0] == ["'=malo", "codigo"]
    assert [row[0] for row in read[1:]] == [f"'{text}" for text in FORMULAS]
    sheet = load_workbook(io.BytesIO(writers.xlsx_bytes(columns, rows))).active
    written = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert len(written) == 2 * len(FORMULAS)
    assert all(c.data_type == "s" and c.quotePrefix for c in [sheet["A1"], *written])
    assert not sheet["B1"].quotePrefix
    # the value itself is unchanged (XML reads a carriage return back as a line feed)
    assert [c.value for c in sheet["A"]][1:] == [*FORMULAS[:-1], "\nx"]


def test_numbers_and_ordinary_texts_are_left_alone():
    columns = [Column("nombre", "Nombre"), Column("valor", "Valor", writers.MAGNITUDE)]
    rows = [{"nombre": "a=b", "valor": D("-3.5")}]
    assert writers.csv_bytes(columns, rows).decode("utf-8-sig").splitlines()[1] == "a=b,-3.5"
    sheet = load_workbook(io.BytesIO(writers.xlsx_bytes(columns, rows))).active
    assert not sheet["A2"].quotePrefix and sheet["B2"].value == -3.5


def test_decimals_stay_exact_in_csv_json_and_the_excel_csv():
    columns = [Column("valor", "Valor", writers.MAGNITUDE), Column("pct", "%", writers.PERCENT)]
    big = D("12345678901234567.123456789")
    rows = [{"valor": big, "pct": D("22.985")}]
    assert writers.csv_bytes(columns, rows).decode("utf-8-sig").splitlines()[1] == (
        "12345678901234567.123456789,22.99"
    )
    excel = writers.csv_bytes(columns, rows, variant=writers.CSV_EXCEL).decode("utf-8-sig")
    assert excel.splitlines() == ["valor;pct", "12345678901234567,123456789;22,99"]
    (record,) = json.loads(writers.json_text(columns, rows), parse_float=D)
    assert record == {"valor": big, "pct": D("22.99")}


@pytest.mark.parametrize("indent", [1, 2])
def test_the_indented_json_layout_is_exactly_what_json_dumps_writes(indent):
    columns = [Column("id", "Id"), Column("vacío", "Vacío")]
    rows = [{"id": "1", "vacío": ""}, {"id": "«2»", "vacío": None}]
    layout = writers.JsonLayout(indent=indent, blank="")
    records = [{"id": "1", "vacío": ""}, {"id": "«2»", "vacío": ""}]
    assert writers.json_text(columns, rows, layout) == json.dumps(
        records, ensure_ascii=False, indent=indent
    )
    assert writers.json_text(columns, [], layout) == "[]"
    wrapped = writers.JsonLayout(
        indent=indent, envelope={"fuente": "Tablero", "vigencia": None}, records_key="filas"
    )
    for data in (rows, []):
        expected = {
            "fuente": "Tablero",
            "vigencia": None,
            "filas": [{"id": r["id"], "vacío": None} for r in data],
        }
        assert writers.json_text(columns, data, wrapped) == json.dumps(
            expected, ensure_ascii=False, indent=indent
        )


def _rows(count, consumed=None):
    for k in range(count):
        if consumed is not None:
            consumed.append(k)
        yield {"n": k, "t": "texto con tilde á " * 5}


STREAM_COLUMNS = [Column("n", "N", writers.INTEGER), Column("t", "T")]


@pytest.mark.parametrize("fmt", [writers.CSV, writers.EXCEL_CSV, writers.JSON])
def test_csv_and_json_downloads_stream_rows_as_they_are_read(fmt):
    consumed = []
    response = writers.download(fmt, STREAM_COLUMNS, _rows(20000, consumed), f"datos.{fmt}")
    assert response.streaming and consumed == []  # nothing read before the server asks
    chunks = iter(response.streaming_content)
    first = next(chunks)
    if fmt != "json":  # a CSV sends its header at once, before reading any row
        assert consumed == [] and first.count(b"\n") == 1
        first += next(chunks)
    assert 0 < len(consumed) < 20000 and len(first) < 2 * writers.CHUNK + 1000
    rest = b"".join(chunks)
    assert len(consumed) == 20000 and (first + rest).count(b"\n") > 20000
    assert response["Content-Disposition"] == f'attachment; filename="datos.{fmt}"'
    assert response["Content-Type"] == writers.CONTENT_TYPES[fmt]


def _xlsx_peak(count: int) -> int:
    import tracemalloc

    tracemalloc.start()
    with writers.xlsx_file(STREAM_COLUMNS, _rows(count)) as target:
        target.read(1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_the_xlsx_download_is_written_row_by_row_in_constant_memory():
    small, large = _xlsx_peak(2000), _xlsx_peak(20000)
    assert large < small * 1.5  # ten times the rows, about the same memory
    response = writers.download(writers.XLSX, STREAM_COLUMNS, _rows(3), "datos.xlsx")
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="datos.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()][:2] == [
        ["n", "t"],
        [0, "texto con tilde á " * 5],
    ]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
