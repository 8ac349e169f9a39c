"""Reading and writing .xlsx workbooks safely (openpyxl; no database). Shared by the follow-up
workbook (workbook_export/workbook_import) and the plan-structure workbook (structure_workbook).

Reading refuses, with a Spanish message naming sheet, row and column: files that are too big
(bytes, uncompressed size, rows), files that are not .xlsx, missing sheets and columns, merged
cells, formulas where a value belongs, and values of the wrong type."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from plan.formatting import format_number
from reporting.numbers import NumberError, parse_number
from reporting.ooxml import find_active_content, workbook_message

MAX_BYTES = 5 * 1024 * 1024  # an upload larger than this is refused before it is opened
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024  # guards against zip bombs
MAX_ROWS = 20_000  # data rows per sheet

HEADER_FILL = PatternFill("solid", fgColor="0B5394")
HEADER_FONT = Font(bold=True, color="FFFFFF")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF8DC")
UNLOCKED = Protection(locked=False)


@dataclass(frozen=True)
class WorkbookError:
    sheet: str
    row: int | None
    column: str  # "K (Ejecutado al corte)" or ""
    message: str

    def __str__(self):
        where = [f"{_('Hoja')} «{self.sheet}»"] if self.sheet else []
        if self.row:
            where.append(f"{_('fila')} {self.row}")
        if self.column:
            where.append(f"{_('columna')} {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class WorkbookRejected(Exception):
    """The file cannot be read at all (errors holds why)."""

    def __init__(self, errors: list[WorkbookError]):
        super().__init__(errors)
        self.errors = errors


def open_workbook(content: bytes, read_only: bool = False):
    """An openpyxl workbook (formulas kept as formulas) or WorkbookRejected. ``read_only``
    streams the rows instead of building every cell (``check_sheet`` still finds merged cells;
    read with ``iter_rows(values_only=True)`` and close it when done)."""
    if len(content) > MAX_BYTES:
        raise WorkbookRejected(
            [
                WorkbookError(
                    "",
                    None,
                    "",
                    _("El archivo pesa %(size)s MB; el máximo es %(max)s MB.")
                    % {
                        "size": format_number(Decimal(len(content)) / 2**20, 1),
                        "max": MAX_BYTES // 2**20,
                    },
                )
            ]
        )
    not_xlsx = WorkbookError("", None, "", _("El archivo no es un libro de Excel (.xlsx) válido."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise WorkbookRejected([not_xlsx]) from None
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookRejected(
            [WorkbookError("", None, "", _("El libro es demasiado grande al descomprimirlo."))]
        )
    active = find_active_content(content)
    if active is not None:
        raise WorkbookRejected([WorkbookError("", None, "", workbook_message(active))])
    try:
        return load_workbook(io.BytesIO(content), data_only=False, read_only=read_only)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise WorkbookRejected([not_xlsx]) from None


def column_name(index: int, header: str) -> str:
    return f"{get_column_letter(index)} ({header})"


MERGED = re.compile(
    rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3}([0-9]{1,7})(?::[A-Z]{1,3}[0-9]{1,7})?)"'
)


def merged_ranges(workbook, sheet) -> list[tuple[str, int]]:
    """(range, first row) of each group of merged cells. A read-only sheet does not parse them,
    so they are read from the sheet's XML part (openpyxl keeps its archive and part name)."""
    if not getattr(workbook, "read_only", False):
        return [(str(m.coord), m.min_row) for m in sheet.merged_cells.ranges]
    xml = workbook._archive.read(sheet._worksheet_path)
    return [(m.group(1).decode(), int(m.group(2))) for m in MERGED.finditer(xml)]


def check_sheet(workbook, name: str, errors: list[WorkbookError]):
    if name not in workbook.sheetnames:
        errors.append(
            WorkbookError(name, None, "", _("Falta la hoja «%(name)s».") % {"name": name})
        )
        return None
    sheet = workbook[name]
    for coord, first_row in merged_ranges(workbook, sheet):
        errors.append(
            WorkbookError(
                name,
                first_row,
                coord,
                _("Hay celdas combinadas (%(range)s); sepárelas antes de cargar el libro.")
                % {"range": coord},
            )
        )
    if (sheet.max_row or 0) - 1 > MAX_ROWS:
        errors.append(too_many_rows(name, sheet.max_row - 1))
        return None
    return sheet


def too_many_rows(sheet_name: str, rows: int) -> WorkbookError:
    return WorkbookError(
        sheet_name,
        None,
        "",
        _("La hoja tiene %(n)s filas; el máximo es %(max)s.")
        % {"n": format_number(rows), "max": format_number(MAX_ROWS)},
    )


def header_map(sheet, required: list[str], errors: list[WorkbookError]) -> dict[str, int] | None:
    """Header text -> column index (1-based) from row 1; errors for missing columns."""
    found = {}
    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    for column, value in enumerate(first, start=1):
        if isinstance(value, str) and value.strip():
            found.setdefault(value.strip(), column)
    missing = [h for h in required if h not in found]
    for header in missing:
        errors.append(
            WorkbookError(
                sheet.title, 1, "", _("Falta la columna «%(header)s».") % {"header": header}
            )
        )
    return None if missing else found


def is_formula_value(value) -> bool:
    """A formula as read with data_only=False (streamed rows give its text, "=A1+1")."""
    return isinstance(value, ArrayFormula) or (isinstance(value, str) and value.startswith("="))


def is_formula(cell: Cell) -> bool:
    """A formula, or text that looks like one. Text with Excel's quote prefix (typed as
    '=..., or written so by our exports) is text. A streamed read-only cell knows no prefix, but
    it knows from the file whether it holds a formula ("f") or a string ("s")."""
    value = cell.value
    if cell.data_type == "f" or isinstance(value, ArrayFormula):
        return True
    if not (isinstance(value, str) and value.startswith("=")):
        return False
    if not hasattr(cell, "quotePrefix"):  # openpyxl's ReadOnlyCell
        return cell.data_type != "s"
    return not cell.quotePrefix


def _unwrap(cell_or_value):
    """(value, is it a formula) of a cell, or of a value streamed by
    ``iter_rows(values_only=True)``."""
    if hasattr(cell_or_value, "data_type"):  # a cell of any kind
        return cell_or_value.value, is_formula(cell_or_value)
    return cell_or_value, is_formula_value(cell_or_value)


class CellError(ValueError):
    pass


def read_decimal(cell: Cell) -> Decimal | None:
    """A cell's number: a number cell, or text as written in Colombia. CellError otherwise.
    Every ``read_*`` takes a cell or a streamed value."""
    value, formula = _unwrap(cell)
    if formula:
        raise CellError(_("Hay una fórmula donde va un número; escriba el valor."))
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(_("Se esperaba un número, no «%(v)s».") % {"v": value})
    if isinstance(value, datetime.date | datetime.time):
        raise CellError(_("Se esperaba un número y la celda tiene una fecha."))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr is the shortest text that gives back the stored binary number: what Excel shows
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    try:
        return parse_number(str(value))
    except NumberError as error:
        raise CellError(str(error)) from None


def read_int(cell: Cell) -> int | None:
    number = read_decimal(cell)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("Se esperaba un número entero."))
    return int(number)


def read_text(cell: Cell, max_length: int = 5000) -> str:
    value, formula = _unwrap(cell)
    if formula:
        raise CellError(_("Hay una fórmula donde va un texto; escriba el texto."))
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        raise CellError(_("Se esperaba un texto y la celda tiene una fecha."))
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip()
    if len(text) > max_length:
        raise CellError(_("El texto tiene más de %(n)s caracteres.") % {"n": max_length})
    return text


def read_date(cell: Cell) -> datetime.date | None:
    value, formula = _unwrap(cell)
    if formula:
        raise CellError(_("Hay una fórmula donde va una fecha; escriba la fecha."))
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(value.strip(), pattern).date()
            except ValueError:
                continue
    raise CellError(_("Se esperaba una fecha dd/mm/aaaa."))


def is_empty_row(cells) -> bool:
    """Cells or streamed values, all empty."""
    values = (c.value if hasattr(c, "data_type") else c for c in cells)
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def plain(value: Decimal | None):
    """A Decimal as written to a cell: no exponent, no trailing zeros (100.0000 -> 100)."""
    if value is None:
        return None
    text = format(Decimal(value).normalize(), "f")
    return int(text) if "." not in text else Decimal(text)


def number_format_for(value) -> str:
    """Colombian Excel shows these codes with a decimal comma and thousands dot."""
    if value is None or isinstance(value, int):
        return "#,##0"
    return "#,##0.00##"


def style_header(sheet, headers: list[str], widths: list[int]):
    for index, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
