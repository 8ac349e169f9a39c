"""Tabular downloads (pure): the same columns and rows as CSV, JSON or XLSX bytes.

- CSV and JSON carry plain machine-readable numbers: a dot as decimal mark, no thousands
  separator, percentages as percent points with two decimals (183.33), dates in ISO 8601,
  empty/null when there is no value. JSON numbers are written from ``Decimal`` text, never
  through a float.
- XLSX cells hold the same numbers with Excel number formats, which Excel and LibreOffice
  show with the reader's separators: "183,33%", "4.155.036", "31/03/2026" in Colombia.
- Spreadsheet formula injection (OWASP "CSV injection") is neutralised in every export: a text
  starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe in CSV; in
  XLSX it is written as a text cell (never a formula) with Excel's quote prefix, the hidden
  apostrophe Excel itself stores for '=..., so the value is unchanged and still inert when
  someone edits the cell. Numbers are never touched (a negative number is a number cell, or
  a numeric CSV column).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
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
}
XLSX_WHOLE = "#,##0"
XLSX_FRACTION = "#,##0.00##"
TWO_PLACES = Decimal("0.01")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    """protect_cell over one row of a sheet (the last one by default)."""
    for cell in sheet[row or sheet.max_row]:
        protect_cell(cell)


def text_cell(sheet, value):
    """A cell for a write-only sheet: text protected as above, anything else as it is."""
    from openpyxl.cell import WriteOnlyCell

    if not isinstance(value, str):
        return value
    return protect_cell(WriteOnlyCell(sheet, value=value))


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    description: str = ""  # for the data dictionary

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind: {self.kind!r}")


def typed(value, kind: str):
    """The value as it goes into a file: Decimals rounded (percent: 2 places) and without
    trailing zeros (magnitudes), ints, dates; None stays None."""
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
    """CSV text of a value."""
    value = typed(value, kind)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _header(columns: Sequence[Column], header: str) -> list[str]:
    return [c.key if header == "key" else str(c.label) for c in columns]


CHUNK = 64 * 1024  # characters handed to the server at a time when streaming


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


# The two CSV variants: machine-readable (comma, decimal point, ISO dates) and «para Excel»
# (semicolon, decimal comma, dd/mm/aaaa), which a double-click opens right in a Colombian
# Excel. Both are UTF-8 with a byte-order mark.
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
    writer.writerow(_header(columns, header))
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
    rows: Sequence[Mapping],
    header: str = "key",
    variant: str = CSV_PLAIN,
) -> bytes:
    """The whole CSV file (see ``csv_chunks``)."""
    return b"".join(csv_chunks(columns, rows, header, variant))


def _json_value(value, kind: str) -> str:
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


def _json_record(columns: Sequence[Column], row: Mapping) -> str:
    return (
        "  {"
        + ", ".join(f"{json.dumps(c.key)}: {_json_value(row.get(c.key), c.kind)}" for c in columns)
        + "}"
    )


def json_chunks(columns: Sequence[Column], rows: Iterable[Mapping]) -> Iterator[bytes]:
    """A JSON array of records, one per row, keys in column order, written as it goes in
    chunks of about 64 KB (UTF-8)."""
    parts: list[str] = []
    size = 0
    first = True
    for row in rows:
        record = ("[\n" if first else ",\n") + _json_record(columns, row)
        first = False
        parts.append(record)
        size += len(record)
        if size >= CHUNK:
            yield "".join(parts).encode("utf-8")
            parts, size = [], 0
    parts.append("[]\n" if first else "\n]\n")
    yield "".join(parts).encode("utf-8")


def json_text(columns: Sequence[Column], rows: Sequence[Mapping]) -> str:
    """The whole JSON array (see ``json_chunks``)."""
    return b"".join(json_chunks(columns, rows)).decode("utf-8")


def xlsx_bytes(
    columns: Sequence[Column], rows: Sequence[Mapping], title: str = "datos", header: str = "key"
) -> bytes:
    """One sheet: a header row (column keys, or labels with ``header="label"``), then the
    rows with typed cells and number formats."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(_header(columns, header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        protect_cell(cell)
    for row in rows:
        sheet.append([typed(row.get(c.key), c.kind) for c in columns])
        protect_row(sheet)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        width = {TEXT: 40, CODE: 14}.get(column.kind, 12)
        sheet.column_dimensions[letter].width = width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if cell.value is None:
                continue
            if column.kind in XLSX_FORMATS:
                cell.number_format = XLSX_FORMATS[column.kind]
            elif column.kind == CODE:
                cell.number_format = "@"  # a text cell: Excel keeps 0123 and never adds .0
            elif column.kind == MAGNITUDE:
                whole = cell.value == cell.value.to_integral_value()
                cell.number_format = XLSX_WHOLE if whole else XLSX_FRACTION
            else:
                cell.alignment = Alignment(wrap_text=False)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
