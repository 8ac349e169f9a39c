"""Reading and writing .xlsx workbooks safely (openpyxl; no database). Shared by the follow-up
workbook (workbook_export/workbook_import) and the plan-structure workbook (structure_workbook).

Reading refuses, with a Spanish message naming sheet, row and column: files that are too big
(bytes, uncompressed size, rows), files that are not .xlsx, missing sheets and columns, merged
cells, formulas where a value belongs, and values of the wrong type."""

from __future__ import annotations

import datetime
import io
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
MAX_ROWS = 5000  # data rows per sheet

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


def open_workbook(content: bytes):
    """An openpyxl workbook (formulas kept as formulas) or WorkbookRejected."""
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
        return load_workbook(io.BytesIO(content), data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise WorkbookRejected([not_xlsx]) from None


def column_name(index: int, header: str) -> str:
    return f"{get_column_letter(index)} ({header})"


def check_sheet(workbook, name: str, errors: list[WorkbookError]):
    if name not in workbook.sheetnames:
        errors.append(
            WorkbookError(name, None, "", _("Falta la hoja «%(name)s».") % {"name": name})
        )
        return None
    sheet = workbook[name]
    for merged in sheet.merged_cells.ranges:
        errors.append(
            WorkbookError(
                name,
                merged.min_row,
                str(merged.coord),
                _("Hay celdas combinadas (%(range)s); sepárelas antes de cargar el libro.")
                % {"range": merged.coord},
            )
        )
    if sheet.max_row - 1 > MAX_ROWS:
        errors.append(
            WorkbookError(
                name,
                None,
                "",
                _("La hoja tiene %(n)s filas; el máximo es %(max)s.")
                % {"n": format_number(sheet.max_row - 1), "max": format_number(MAX_ROWS)},
            )
        )
        return None
    return sheet


def header_map(sheet, required: list[str], errors: list[WorkbookError]) -> dict[str, int] | None:
    """Header text -> column index (1-based) from row 1; errors for missing columns."""
    found = {}
    for cell in sheet[1]:
        if isinstance(cell.value, str) and cell.value.strip():
            found.setdefault(cell.value.strip(), cell.column)
    missing = [h for h in required if h not in found]
    for header in missing:
        errors.append(
            WorkbookError(
                sheet.title, 1, "", _("Falta la columna «%(header)s».") % {"header": header}
            )
        )
    return None if missing else found


def is_formula(cell: Cell) -> bool:
    """A formula, or text that looks like one. Text with Excel's quote prefix (typed as
    '=..., or written so by our exports) is text."""
    value = cell.value
    return (
        cell.data_type == "f"
        or isinstance(value, ArrayFormula)
        or (isinstance(value, str) and value.startswith("=") and not cell.quotePrefix)
    )


class CellError(ValueError):
    pass


def read_decimal(cell: Cell) -> Decimal | None:
    """A cell's number: a number cell, or text as written in Colombia. CellError otherwise."""
    value = cell.value
    if is_formula(cell):
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
    value = cell.value
    if is_formula(cell):
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
    value = cell.value
    if is_formula(cell):
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
    return all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in cells)


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
