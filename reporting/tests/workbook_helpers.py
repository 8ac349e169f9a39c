"""Helpers to read and edit workbooks in tests."""

import io

from openpyxl import load_workbook

from indicators.models import Measurement


def values(content: bytes) -> dict:
    """Every cell value of every sheet: what "the same workbook" means for the round trip."""
    workbook = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
        for sheet in workbook.worksheets
    }


def edit(content: bytes, change) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_of(sheet, indicator_id: int) -> int:
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == indicator_id:
            return row[0].row
    raise AssertionError(f"indicator {indicator_id} not in the workbook")


def db_state():
    """What an import could change: every measurement and the size of their history."""
    return (
        sorted(Measurement.objects.values_list("id", "executed", "analysis", "status")),
        Measurement.history.count(),
    )
