"""The follow-up workbook ("libro de seguimiento") of a cutoff, from plain rows (no database).

Sheet «Seguimiento»: one row per indicator and objective link of the cutoff's year (an
indicator without links has one row with no objective). Key and reference columns are locked
(sheet protection without password: it prevents slips, the import checks the keys anyway);
«Ejecutado al corte», «Análisis» and «Enviar a revisión» are editable, with data validation
(a number ≥ 0; the list Sí/No). In the planning office's export «Programado al corte» is
editable too (``FollowupMeta.programming_editable``); the import refuses anyone else's change.
Sheet «Información» identifies the plan and the cutoff.

Export → import → export gives the same cell values on every sheet (the workbook holds no
date of generation); reporting/tests/test_workbook.py checks it. The bytes differ, because the
.xlsx container stamps the time of writing.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators import compliance as engine
from opendata.writers import protect_cell
from reporting import xlsx

SHEET = "Seguimiento"
INFO_SHEET = "Información"
FORMAT_VERSION = "1"
YES, NO = "Sí", "No"

# (key, header, width, editable) — the headers are the contract with the importer.
COLUMNS = [
    ("id", "Id indicador", 10, False),
    ("objective", "Objetivo", 9, False),
    ("code", "Código", 10, False),
    ("name", "Indicador", 50, False),
    ("goal", "Meta", 40, False),
    ("unit", "Dependencia", 25, False),
    ("measure", "Unidad de medida", 14, False),
    ("weight", "Ponderación (%)", 13, False),
    ("programmed_year", "Programado en la vigencia", 14, False),
    ("programmed_cutoff", "Programado al corte", 14, False),
    ("executed", "Ejecutado al corte", 14, True),
    ("progress", "Avance al corte", 12, False),
    ("analysis", "Análisis", 60, True),
    ("submit", "Enviar a revisión", 11, True),
    ("status", "Estado", 16, False),
]
HEADERS = {key: header for key, header, _w, _e in COLUMNS}
INDEX = {key: i for i, (key, *_rest) in enumerate(COLUMNS, start=1)}
REQUIRED = [HEADERS[k] for k in ("id", "objective", "code", "executed", "analysis", "submit")]


@dataclass(frozen=True)
class FollowupRow:
    indicator_id: int
    objective: int | None
    code: str
    name: str
    goal: str
    unit: str
    measure: str
    weight: Decimal | None
    programmed_year: Decimal | None
    programmed_cutoff: Decimal | None
    executed: Decimal | None
    analysis: str
    submitted: bool  # submitted or approved: "Sí" in «Enviar a revisión»
    status: str  # the status label
    lower_is_better: bool = False


@dataclass(frozen=True)
class FollowupMeta:
    plan_slug: str
    plan_name: str
    cutoff_date: datetime.date
    cutoff_status: str
    programming_editable: bool = False  # the planning office's export: «Programado al corte»


# The engine's progress rule (indicators.compliance.PROGRESS_RULES) in spreadsheet terms:
# {e} is the executed cell, {p} the programmed one; 1 is 100 % (the cell's format is 0.00%).
EXCEL_CONDITIONS = {
    engine.EXECUTED_NOT_POSITIVE: "{e}<=0",
    engine.TARGET_ZERO: "{p}=0",
}
EXCEL_VALUES = {
    engine.FULL: "1",
    engine.NONE_MET: "0",
    engine.EXECUTED_OVER_PROGRAMMED: "{e}/{p}",
    engine.PROGRAMMED_OVER_EXECUTED: "{p}/{e}",
}


def progress_formula(row: int, direction: str) -> str:
    """The progress cell of a row, generated from the engine's description of the rule: blank
    until there is an executed number and a target, then the first case that holds."""
    rule = engine.PROGRESS_RULES[direction]
    cells = {
        "e": f"{get_column_letter(INDEX['executed'])}{row}",
        "p": f"{get_column_letter(INDEX['programmed_cutoff'])}{row}",
    }
    programmed = "ISNUMBER({p}),{p}>=0" if rule.zero_is_a_target else "N({p})>0"
    *cases, (_otherwise, last) = rule.cases
    expression = EXCEL_VALUES[last]
    for condition, value in reversed(cases):
        expression = f"IF({EXCEL_CONDITIONS[condition]},{EXCEL_VALUES[value]},{expression})"
    formula = f'=IF(AND(ISNUMBER({{e}}),{programmed}),{expression},"")'
    return formula.format(**cells)


def build_followup(meta: FollowupMeta, rows: list[FollowupRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    xlsx.style_header(sheet, [c[1] for c in COLUMNS], [c[2] for c in COLUMNS])
    for n, r in enumerate(rows, start=2):
        _write_row(sheet, n, _row_values(n, r), meta)
    _add_rules(sheet, len(rows), meta)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(len(rows) + 1, 1)}"

    _write_info(workbook.create_sheet(INFO_SHEET), meta)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row_values(n: int, r: FollowupRow) -> dict:
    return {
        "id": r.indicator_id,
        "objective": r.objective,
        "code": r.code,
        "name": r.name,
        "goal": r.goal,
        "unit": r.unit,
        "measure": r.measure,
        "weight": xlsx.plain(r.weight),
        "programmed_year": xlsx.plain(r.programmed_year),
        "programmed_cutoff": xlsx.plain(r.programmed_cutoff),
        "executed": xlsx.plain(r.executed),
        "progress": progress_formula(n, engine.LOWER if r.lower_is_better else engine.HIGHER),
        "analysis": r.analysis or None,
        "submit": YES if r.submitted else NO,
        "status": r.status,
    }


def _write_row(sheet, n: int, values: dict, meta: FollowupMeta) -> None:
    for key, _header, _width, editable in COLUMNS:
        editable = editable or (key == "programmed_cutoff" and meta.programming_editable)
        cell = sheet.cell(row=n, column=INDEX[key], value=values[key])
        if key != "progress":  # our formula; every other cell holds data
            protect_cell(cell)
        if key in ("weight", "programmed_year", "programmed_cutoff", "executed"):
            cell.number_format = xlsx.number_format_for(values[key])
        if key == "progress":
            cell.number_format = "0.00%"
        if key in ("name", "goal", "analysis"):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if editable:
            cell.protection = xlsx.UNLOCKED
            cell.fill = xlsx.EDITABLE_FILL


def _add_rules(sheet, count: int, meta: FollowupMeta) -> None:
    """Excel's own checks on the editable columns: numbers >= 0, «Sí» or «No»."""
    executed_rule = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Valor no válido"),
        error=_("Escriba un número mayor o igual que 0."),
    )
    submit_rule = DataValidation(
        type="list",
        formula1=f'"{YES},{NO}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Valor no válido"),
        error=_("Elija Sí o No."),
    )
    sheet.add_data_validation(executed_rule)
    sheet.add_data_validation(submit_rule)
    if not count:
        return
    last = count + 1
    numbers = ["executed"] + (["programmed_cutoff"] if meta.programming_editable else [])
    for key in numbers:
        letter = get_column_letter(INDEX[key])
        executed_rule.add(f"{letter}2:{letter}{last}")
    submit = get_column_letter(INDEX["submit"])
    submit_rule.add(f"{submit}2:{submit}{last}")


def _instructions(meta: FollowupMeta) -> str:
    text = _(
        "Escriba la magnitud ejecutada al corte y el análisis en las celdas "
        "amarillas, y marque «Sí» en «Enviar a revisión» para enviar el reporte. "
        "Los números se escriben como en Colombia (4.155.036 · 22,98). Si un "
        "indicador aporta a varios objetivos, sus filas deben tener los mismos "
        "valores. No cambie las columnas bloqueadas ni combine celdas."
    )
    if meta.programming_editable:
        text += " " + _(
            "Como Oficina Asesora de Planeación, también puede cambiar «Programado al corte» "
            "mientras el corte esté abierto."
        )
    return text


def _write_info(info, meta: FollowupMeta) -> None:
    for n, (label, value) in enumerate(
        [
            (_("Plan"), meta.plan_slug),
            (_("Nombre del plan"), meta.plan_name),
            (_("Fecha de corte"), meta.cutoff_date),
            (_("Estado del corte"), meta.cutoff_status),
            (_("Versión del formato"), FORMAT_VERSION),
            (_("Instrucciones"), _instructions(meta)),
        ],
        start=1,
    ):
        info.cell(row=n, column=1, value=str(label)).font = Font(bold=True)
        cell = protect_cell(info.cell(row=n, column=2, value=value))
        if isinstance(value, datetime.date):
            cell.number_format = "DD/MM/YYYY"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 90
    info.protection.sheet = True
