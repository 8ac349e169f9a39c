"""Reading the follow-up workbook back (no database): ``parse_followup`` turns the file into
rows or errors; ``plan_followup`` compares them with the current figures (plain values loaded
by reporting.importing) and says, row by row, what would be new, updated or unchanged, and
every error with its sheet, row and column. reporting.importing applies a plan with no errors
in one transaction."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.translation import gettext as _

from plan.formatting import format_date
from reporting import workflow
from reporting.followup_rows import FollowupRowForm
from reporting.numbers import magnitude_problem
from reporting.workbook_export import HEADERS, INFO_SHEET, REQUIRED, SHEET
from reporting.workbook_programming import programming_problem, progress
from reporting.xlsx import (
    MAX_ROWS,
    CellError,
    WorkbookError,
    WorkbookRejected,
    check_sheet,
    column_name,
    header_map,
    is_empty_row,
    open_workbook,
    read_date,
    too_many_rows,
)

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


@dataclass(frozen=True)
class ParsedRow:
    row: int
    indicator_id: int
    objective: int | None
    code: str
    executed: Decimal | None
    analysis: str
    submit: bool
    programmed: Decimal | None = None  # «Programado al corte», when the column is there


@dataclass
class Parsed:
    plan_slug: str = ""
    cutoff_date: datetime.date | None = None
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[WorkbookError] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # key -> column index


def parsed_to_json(parsed: Parsed) -> str:
    """The rows of a file without errors, as JSON (decimals as text): the preview keeps them
    with the upload, so confirming checks and writes them without reading the file again."""
    if parsed.errors:
        raise ValueError("only a file without errors is kept")
    return json.dumps(
        {
            "plan_slug": parsed.plan_slug,
            "cutoff_date": parsed.cutoff_date.isoformat() if parsed.cutoff_date else None,
            "columns": parsed.columns,
            "rows": [
                [
                    r.row,
                    r.indicator_id,
                    r.objective,
                    r.code,
                    None if r.executed is None else str(r.executed),
                    r.analysis,
                    r.submit,
                    None if r.programmed is None else str(r.programmed),
                ]
                for r in parsed.rows
            ],
        }
    )


def parsed_from_json(text: str) -> Parsed:
    data = json.loads(text)
    date = data["cutoff_date"]
    return Parsed(
        plan_slug=data["plan_slug"],
        cutoff_date=datetime.date.fromisoformat(date) if date else None,
        columns=data["columns"],
        rows=[
            ParsedRow(
                row,
                indicator_id,
                objective,
                code,
                None if executed is None else Decimal(executed),
                analysis,
                bool(submit),
                None if programmed is None else Decimal(programmed),
            )
            for row, indicator_id, objective, code, executed, analysis, submit, programmed in (
                data["rows"]
            )
        ],
    )


def parse_followup(content: bytes, progress: Callable[[int, int], None] | None = None) -> Parsed:
    """The rows of the file, or its errors. The workbook is streamed (read-only): its cells
    are never all in memory, so a 10.000-row file reads about as fast as openpyxl can read."""
    parsed = Parsed()
    try:
        workbook = open_workbook(content, read_only=True)
    except WorkbookRejected as rejected:
        parsed.errors = rejected.errors
        return parsed
    try:
        _parse(workbook, parsed, progress)
    finally:
        workbook.close()
    return parsed


def _columns(found: dict[str, int]) -> dict[str, int]:
    """Key -> column index of the columns read. «Programado al corte» is optional: a workbook
    without it leaves the programming alone."""
    keys = ("id", "objective", "code", "executed", "analysis", "submit", "programmed_cutoff")
    return {key: found[HEADERS[key]] for key in keys if HEADERS[key] in found}


def _parse(workbook, parsed: Parsed, progress) -> None:
    errors = parsed.errors
    _read_info(workbook, parsed)
    sheet = check_sheet(workbook, SHEET, errors)
    if sheet is None:
        return
    columns = header_map(sheet, REQUIRED, errors)
    if columns is None:
        return
    parsed.columns = col = _columns(columns)
    headers = {HEADERS[key]: index for key, index in col.items()}
    seen: dict[tuple[int, int | None], int] = {}
    total = (sheet.max_row or 1) - 1
    for n, values in enumerate(sheet.iter_rows(min_row=2), start=2):
        if n - 1 > MAX_ROWS:
            errors.append(too_many_rows(SHEET, n - 1))
            parsed.rows = []
            return
        if progress and (n - 1) % 500 == 0:
            progress(n - 1, total)
        if is_empty_row(values):
            continue
        form = FollowupRowForm({key: _value(values, index) for key, index in col.items()})
        form.is_valid()
        _check_repeated(form, n, seen)
        if form.errors:
            errors.extend(form.workbook_errors(SHEET, n, headers))
            continue
        data = form.cleaned_data
        parsed.rows.append(
            ParsedRow(
                n,
                data["id"],
                data["objective"],
                data["code"],
                data["executed"],
                data["analysis"],
                form.submitted,
                data.get("programmed_cutoff"),
            )
        )


def _value(values, index: int):
    """The cell of a streamed row at column ``index`` (a short row ends before it: None)."""
    return values[index - 1] if index <= len(values) else None


def _read_info(workbook, parsed: Parsed) -> None:
    """Plan and cutoff the workbook was exported for (sheet «Información», B1 and B3)."""
    if INFO_SHEET not in workbook.sheetnames:
        parsed.errors.append(
            WorkbookError(
                INFO_SHEET, None, "", _("Falta la hoja «%(name)s».") % {"name": INFO_SHEET}
            )
        )
        return
    rows = list(workbook[INFO_SHEET].iter_rows(min_row=1, max_row=3, max_col=2, values_only=True))
    column_b = [row[1] if len(row) > 1 else None for row in rows] + [None] * 3
    parsed.plan_slug = str(column_b[0] or "").strip()  # B1
    try:
        parsed.cutoff_date = read_date(column_b[2])  # B3
    except CellError:
        parsed.cutoff_date = None


def _check_repeated(form: FollowupRowForm, n: int, seen: dict) -> None:
    """An indicator and objective already in an earlier row: refused, naming that row."""
    indicator_id = form.cleaned_data.get("id")
    if indicator_id is None:
        return
    key = (indicator_id, form.cleaned_data.get("objective"))
    if key not in seen:
        seen[key] = n
        return
    form.refuse(
        "id",
        _("Fila repetida: el indicador %(id)s y el objetivo %(obj)s ya están en la fila %(first)s.")
        % {"id": indicator_id, "obj": key[1] or "—", "first": seen[key]},
    )


@dataclass(frozen=True)
class Current:
    """What the database holds for one indicator of the plan (plain values)."""

    indicator_id: int
    code: str
    unit: str  # unit of measure
    direction: str
    objectives: frozenset[int]  # objective numbers it feeds in the cutoff's year
    programmed_cutoff: Decimal | None
    executed: Decimal | None  # None: no measurement
    analysis: str
    status: str | None
    actor: workflow.Actor


@dataclass(frozen=True)
class Context:
    plan_slug: str
    cutoff_date: datetime.date
    cutoff_status: str
    indicators: dict[int, Current]


@dataclass(frozen=True)
class RowChange:
    indicator_id: int
    code: str
    rows: tuple[int, ...]
    kind: str  # NEW, UPDATED or UNCHANGED
    old_executed: Decimal | None
    new_executed: Decimal | None
    old_analysis: str
    new_analysis: str
    old_status: str | None
    new_status: str | None
    action: str | None  # workflow.SAVE or workflow.SUBMIT when the report changes
    old_programmed: Decimal | None = None  # «Programado al corte»
    new_programmed: Decimal | None = None
    progress: Decimal | None = None  # at the cutoff, in percent, with the new figures

    @property
    def programming_changed(self) -> bool:
        return self.old_programmed != self.new_programmed


@dataclass
class ImportPlan:
    changes: list[RowChange] = field(default_factory=list)
    errors: list[WorkbookError] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def counts(self) -> dict[str, int]:
        return {kind: self.count(kind) for kind in (NEW, UPDATED, UNCHANGED)}

    @property
    def writes(self) -> list[RowChange]:
        """The reports to write."""
        return [c for c in self.changes if c.action is not None]

    @property
    def programming_writes(self) -> list[RowChange]:
        """The «programado al corte» values to write."""
        return [c for c in self.changes if c.programming_changed]


def plan_followup(parsed: Parsed, context: Context) -> ImportPlan:
    plan = ImportPlan(errors=list(parsed.errors))
    errors = plan.errors
    if parsed.plan_slug and (
        parsed.plan_slug != context.plan_slug or parsed.cutoff_date != context.cutoff_date
    ):
        errors.append(_other_workbook(parsed, context))
    if errors:
        return plan

    def err(row, key, message):
        errors.append(
            WorkbookError(SHEET, row, column_name(parsed.columns[key], HEADERS[key]), message)
        )

    by_indicator: dict[int, list[ParsedRow]] = {}
    for row in parsed.rows:
        if _row_fits(row, context, err):
            by_indicator.setdefault(row.indicator_id, []).append(row)
    with_programming = "programmed_cutoff" in parsed.columns
    for indicator_id, rows in by_indicator.items():
        if not _rows_agree(indicator_id, rows, err):
            continue
        change = _change(rows[0], rows, context, err, with_programming)
        if change is not None:
            plan.changes.append(change)
    if errors:
        plan.changes = []
    plan.changes.sort(key=lambda c: c.rows[0])
    return plan


def _other_workbook(parsed: Parsed, context: Context) -> WorkbookError:
    return WorkbookError(
        INFO_SHEET,
        None,
        "",
        _(
            "Este libro es del plan «%(slug)s», corte %(date)s; se está cargando en el "
            "plan «%(expected)s», corte %(expected_date)s."
        )
        % {
            "slug": parsed.plan_slug,
            "date": format_date(parsed.cutoff_date) or "?",
            "expected": context.plan_slug,
            "expected_date": format_date(context.cutoff_date),
        },
    )


def _row_fits(row: ParsedRow, context: Context, err) -> bool:
    """The row's indicator is of this plan, with its code, objective and unit of measure."""
    current = context.indicators.get(row.indicator_id)
    if current is None:
        err(
            row.row,
            "id",
            _("El indicador con Id %(id)s no existe en este plan.") % {"id": row.indicator_id},
        )
        return False
    if row.code != current.code:
        err(
            row.row,
            "code",
            _("El código «%(code)s» no corresponde al indicador %(id)s (su código es «%(real)s»).")
            % {"code": row.code, "id": row.indicator_id, "real": current.code},
        )
        return False
    if row.objective is not None and row.objective not in current.objectives:
        err(
            row.row,
            "objective",
            _("El indicador %(id)s no aporta al objetivo %(obj)s en esta vigencia.")
            % {"id": row.indicator_id, "obj": row.objective},
        )
        return False
    problem = None if row.executed is None else magnitude_problem(row.executed, current.unit)
    if problem:
        err(row.row, "executed", problem)
        return False
    return True


def _rows_agree(indicator_id: int, rows: list[ParsedRow], err) -> bool:
    """The rows of one indicator (one per objective it feeds) carry the same report."""
    first = rows[0]
    for other in rows[1:]:
        if (other.executed, other.analysis, other.submit, other.programmed) != (
            first.executed,
            first.analysis,
            first.submit,
            first.programmed,
        ):
            err(
                other.row,
                "executed",
                _(
                    "El indicador %(id)s aparece con valores distintos en las filas %(a)s y "
                    "%(b)s; sus filas deben coincidir."
                )
                % {"id": indicator_id, "a": first.row, "b": other.row},
            )
            return False
    return True


def _change(
    row: ParsedRow, rows, context: Context, err, with_programming: bool
) -> RowChange | None:
    current = context.indicators[row.indicator_id]
    programmed = current.programmed_cutoff
    if with_programming and row.programmed != programmed:
        problem = programming_problem(row.programmed, current, context.cutoff_status)
        if problem:
            err(row.row, "programmed_cutoff", problem)
            return None
        programmed = row.programmed
    change = _report_change(row, rows, context, err, programmed)
    if change is None:
        return None
    if change.kind == UNCHANGED and programmed != current.programmed_cutoff:
        change = replace(change, kind=UPDATED)
    return replace(
        change,
        old_programmed=current.programmed_cutoff,
        new_programmed=programmed,
        progress=progress(change.new_executed, programmed, current.direction),
    )


def _report_change(row: ParsedRow, rows, context: Context, err, programmed) -> RowChange | None:
    """The report's own change; its progress is against ``programmed``, the new value."""
    current = context.indicators[row.indicator_id]
    numbers = tuple(r.row for r in rows)
    was_submitted = current.status in (workflow.SUBMITTED, workflow.APPROVED)
    same = (
        row.executed == current.executed
        and row.analysis == current.analysis
        and row.submit == was_submitted
    )
    if current.executed is None and row.executed is None and not row.analysis:
        same = True
    if same:
        return RowChange(
            row.indicator_id,
            current.code,
            numbers,
            UNCHANGED,
            current.executed,
            current.executed,
            current.analysis,
            current.analysis,
            current.status,
            current.status,
            None,
        )
    if row.executed is None:
        err(
            row.row,
            "executed",
            _("Falta la magnitud ejecutada (desde el libro no se borran valores reportados)."),
        )
        return None
    action = workflow.SUBMIT if row.submit else workflow.SAVE
    try:
        new_status = workflow.measurement_transition(
            action, current.status, context.cutoff_status, current.actor
        )
    except workflow.TransitionError as error:
        err(row.row, "executed", error.message)
        return None
    problem = workflow.analysis_problem(
        progress(row.executed, programmed, current.direction), row.analysis
    )
    if problem:
        err(row.row, "analysis", problem)
        return None
    return RowChange(
        row.indicator_id,
        current.code,
        numbers,
        NEW if current.status is None else UPDATED,
        current.executed,
        row.executed,
        current.analysis,
        row.analysis,
        current.status,
        new_status,
        action,
    )
