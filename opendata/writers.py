"""The one export writer: the same row description (``Column``s and rows of mappings) as
CSV, JSON or XLSX, written as it goes. Every download of the product goes through here.

- CSV and JSON carry plain machine-readable numbers: a dot as decimal mark, no thousands
  separator, percentages as percent points with two decimals (183.33), dates in ISO 8601,
  empty/null when there is no value. JSON numbers are written from ``Decimal`` text, never
  through a float. The «para Excel» CSV variant writes a decimal comma and dd/mm/aaaa.
- XLSX cells hold the same numbers with Excel number formats, which Excel and LibreOffice
  show with the reader's separators: "183,33%", "4.155.036", "31/03/2026" in Colombia.
- Spreadsheet formula injection (OWASP "CSV injection") is neutralised in every export: a text
  starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe in CSV; in
  XLSX it is written as a text cell (never a formula) with Excel's quote prefix, the hidden
  apostrophe Excel itself stores for '=..., so the value is unchanged and still inert when
  someone edits the cell. Numbers are never touched (a negative number is a number cell, or
  a numeric CSV column).
- Memory stays constant whatever the number of rows: CSV and JSON are produced in chunks of
  about 64 KB for a ``StreamingHttpResponse``; XLSX rows go through openpyxl's write-only
  mode into a temporary file that a ``FileResponse`` sends in blocks.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

TEXT = "text"
CODE = "code"  # an identifier made of digits (4231, 0123): always text, never a number
INTEGER = "integer"
MAGNITUDE = "magnitude"
PERCENT = "percent"
DATE = "date"
MONEY = "money"
KINDS = (TEXT, CODE, INTEGER, MAGNITUDE, PERCENT, DATE, MONEY)
TEXTUAL = (TEXT, CODE)

# Excel number formats (the codes are locale-neutral: Excel shows them with the reader's
# decimal mark and thousands separator).
XLSX_FORMATS = {
    INTEGER: "#,##0",
    PERCENT: '#,##0.00"%"',
    MONEY: '"$"#,##0',
    DATE: "dd/mm/yyyy",
    CODE: "@",  # a text cell: Excel keeps 0123 and never adds .0
}
XLSX_WHOLE = "#,##0"
XLSX_FRACTION = "#,##0.00##"
XLSX_WIDTHS = {TEXT: 40, CODE: 14}
TWO_PLACES = Decimal("0.01")
CHUNK = 64 * 1024  # characters handed to the server at a time when streaming

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The download formats. The «para Excel» CSV (semicolon, decimal comma, dd/mm/aaaa) opens
# right in a Colombian Excel with a double-click.
CSV = "csv"
EXCEL_CSV = "excel.csv"
JSON = "json"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    EXCEL_CSV: "text/csv; charset=utf-8",
    JSON: "application/json; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    description: str = ""  # for the data dictionary

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind: {self.kind!r}")


@dataclass(frozen=True)
class JsonLayout:
    """How the JSON file is laid out. By default one record per line in an array; with
    ``indent`` the layout of ``json.dumps(..., indent=indent)``; with ``envelope`` an object
    holding those fields and then the records under ``records_key``. ``blank`` is what an
    empty or missing value becomes: null by default, "" for the datasets whose values are all
    text."""

    indent: int | None = None
    envelope: Mapping = field(default_factory=dict)
    records_key: str = ""
    blank: str | None = None


# --- Protection against formula injection ------------------------------------------------------


def csv_safe(text: str) -> str:
    """A CSV text field that no spreadsheet program will run as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def protect_cell(cell):
    """An openpyxl cell holding text stays text: never a formula (openpyxl turns "=..." into
    one) nor an error code ("#N/A"); risky texts get Excel's quote prefix."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def protect_row(sheet, row: int | None = None):
    """protect_cell over one row of an ordinary (not write-only) sheet, the last by default:
    for the workbooks that are edited and loaded back, which need more than one sheet style."""
    for cell in sheet[row or sheet.max_row]:
        protect_cell(cell)


# --- Values -------------------------------------------------------------------------------------


def typed(value, kind: str):
    """The value as it goes into a file: Decimals rounded (percent: 2 places, half up) and
    without trailing zeros (magnitudes), ints, dates; None and "" become None."""
    if value is None or value == "":
        return None
    if kind == PERCENT:
        return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    if kind in (MAGNITUDE, MONEY):
        value = Decimal(value)
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return Decimal(format(value.normalize(), "f"))
    if kind == INTEGER:
        return int(value)
    if kind == DATE:
        return value
    return str(value)


def plain(value, kind: str) -> str:
    """CSV text of a value: decimal point, ISO dates."""
    value = typed(value, kind)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def excel_co(value, kind: str) -> str:
    """CSV text of a value for a spreadsheet set up for Colombia: decimal comma, no thousands
    separator (183,33), dates dd/mm/aaaa."""
    value = typed(value, kind)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _header(columns: Sequence[Column], header: str) -> list[str]:
    return [c.key if header == "key" else str(c.label) for c in columns]


# --- CSV ---------------------------------------------------------------------------------------

CSV_PLAIN = "plain"
CSV_EXCEL = "excel"
_CSV_VARIANTS = {CSV_PLAIN: (",", plain), CSV_EXCEL: (";", excel_co)}


def csv_chunks(
    columns: Sequence[Column],
    rows: Iterable[Mapping],
    header: str = "key",
    variant: str = CSV_PLAIN,
) -> Iterator[bytes]:
    """The CSV file as it is written: the header row, then chunks of about 64 KB: a download
    streams it row by row whatever its size. UTF-8 with a byte-order mark so spreadsheet
    programs read the accents right. The header row holds the column keys, or their labels
    with ``header="label"``."""
    delimiter, write = _CSV_VARIANTS[variant]
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([csv_safe(text) for text in _header(columns, header)])
    # The header goes out at once: the first byte of a download does not wait for its rows.
    yield buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    for row in rows:
        writer.writerow(
            [
                csv_safe(text) if c.kind in TEXTUAL else text
                for c in columns
                for text in [write(row.get(c.key), c.kind)]
            ]
        )
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_bytes(
    columns: Sequence[Column],
    rows: Iterable[Mapping],
    header: str = "key",
    variant: str = CSV_PLAIN,
) -> bytes:
    """The whole CSV file (see ``csv_chunks``)."""
    return b"".join(csv_chunks(columns, rows, header, variant))


# --- JSON --------------------------------------------------------------------------------------


def _json_value(value, kind: str, blank: str | None = None) -> str:
    if blank is not None and (value is None or value == ""):
        return json.dumps(blank, ensure_ascii=False)
    value = typed(value, kind)
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return format(value, "f")  # a JSON number written from the Decimal's own digits
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


def _json_record(columns: Sequence[Column], row: Mapping, layout: JsonLayout, depth: int) -> str:
    blank = layout.blank
    pairs = [
        json.dumps(c.key, ensure_ascii=False) + ": " + _json_value(row.get(c.key), c.kind, blank)
        for c in columns
    ]
    if layout.indent is None:
        return "  {" + ", ".join(pairs) + "}"
    outer = " " * (layout.indent * depth)
    inner = outer + " " * layout.indent
    return outer + "{\n" + ",\n".join(inner + p for p in pairs) + "\n" + outer + "}"


def _json_frame(layout: JsonLayout) -> tuple[str, str, str, str, int]:
    """(opening, separator, closing, empty, depth): the text around the records."""
    if layout.indent is None:
        return "[\n", ",\n", "\n]\n", "[]\n", 1
    pad = " " * layout.indent
    if not layout.records_key:
        return "[\n", ",\n", "\n]", "[]", 1
    fields = "".join(
        f"{pad}{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n"
        for key, value in layout.envelope.items()
    )
    start = "{\n" + fields + f"{pad}{json.dumps(layout.records_key)}: "
    return start + "[\n", ",\n", f"\n{pad}]\n}}", start + "[]\n}", 2


def json_chunks(
    columns: Sequence[Column], rows: Iterable[Mapping], layout: JsonLayout | None = None
) -> Iterator[bytes]:
    """A JSON array of records (keys in column order), or an object holding it, written as it
    goes in chunks of about 64 KB (UTF-8)."""
    layout = layout or JsonLayout()
    opening, separator, closing, empty, depth = _json_frame(layout)
    parts: list[str] = []
    size = 0
    first = True
    for row in rows:
        record = (opening if first else separator) + _json_record(columns, row, layout, depth)
        first = False
        parts.append(record)
        size += len(record)
        if size >= CHUNK:
            yield "".join(parts).encode("utf-8")
            parts, size = [], 0
    parts.append(empty if first else closing)
    yield "".join(parts).encode("utf-8")


def json_text(
    columns: Sequence[Column], rows: Iterable[Mapping], layout: JsonLayout | None = None
) -> str:
    """The whole JSON text (see ``json_chunks``)."""
    return b"".join(json_chunks(columns, rows, layout)).decode("utf-8")


# --- XLSX --------------------------------------------------------------------------------------


def _xlsx_cell(sheet, value, kind: str):
    if value is None:
        return None
    cell = protect_cell(WriteOnlyCell(sheet, value=value))
    if kind in XLSX_FORMATS:
        cell.number_format = XLSX_FORMATS[kind]
    elif kind == MAGNITUDE:
        whole = value == value.to_integral_value()
        cell.number_format = XLSX_WHOLE if whole else XLSX_FRACTION
    return cell


def xlsx_file(
    columns: Sequence[Column], rows: Iterable[Mapping], title: str = "datos", header: str = "key"
):
    """One sheet (a bold header row of keys, or labels with ``header="label"``, then typed
    cells with number formats) written row by row into a temporary file, returned open at
    its start."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = XLSX_WIDTHS.get(column.kind, 12)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    titles = []
    for text in _header(columns, header):
        cell = protect_cell(WriteOnlyCell(sheet, value=text))
        cell.font = bold
        titles.append(cell)
    sheet.append(titles)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, typed(row.get(c.key), c.kind), c.kind) for c in columns])
    target = tempfile.TemporaryFile()
    workbook.save(target)
    target.seek(0)
    return target


def xlsx_bytes(
    columns: Sequence[Column], rows: Iterable[Mapping], title: str = "datos", header: str = "key"
) -> bytes:
    """The whole XLSX file (see ``xlsx_file``)."""
    with xlsx_file(columns, rows, title, header) as target:
        return target.read()


# --- Downloads ---------------------------------------------------------------------------------


def download(
    fmt: str,
    columns: Sequence[Column],
    rows: Iterable[Mapping],
    filename: str,
    *,
    header: str = "key",
    title: str = "datos",
    layout: JsonLayout | None = None,
):
    """The streamed download of the rows in one of ``CONTENT_TYPES``' formats, as an
    attachment named ``filename``. ``rows`` may be a generator: it is read once, as the file
    is written."""
    if fmt == XLSX:
        return FileResponse(
            xlsx_file(columns, rows, title, header),
            as_attachment=True,
            filename=filename,
            content_type=CONTENT_TYPES[XLSX],
        )
    if fmt == JSON:
        chunks = json_chunks(columns, rows, layout)
    else:
        chunks = csv_chunks(columns, rows, header, CSV_EXCEL if fmt == EXCEL_CSV else CSV_PLAIN)
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
