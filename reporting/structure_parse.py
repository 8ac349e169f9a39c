"""Parsing the plan-structure workbook into a ParsedStructure (no database). Every row is bound
to a Django form of reporting.structure_rows (the fields of the set-up pages); this module
walks the sheets, keeps the clean rows and refuses repeated ones."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from reporting import structure_rows, xlsx
from reporting.row_forms import RowForm
from reporting.structure_workbook import PLAN_FIELDS, PLAN_SHEET, SHEETS
from reporting.xlsx import WorkbookError, WorkbookRejected

VALUE_COLUMN = "B (Valor)"


@dataclass
class ParsedStructure:
    plan: dict = field(default_factory=dict)
    objectives: list[dict] = field(default_factory=list)
    goals: dict[str, dict] = field(default_factory=dict)  # key -> goal
    indicators: dict[str, dict] = field(default_factory=dict)  # key -> indicator
    links: list[dict] = field(default_factory=list)
    annual: list[dict] = field(default_factory=list)
    cutoffs: list[dict] = field(default_factory=list)
    cutoff_programming: list[dict] = field(default_factory=list)
    errors: list[WorkbookError] = field(default_factory=list)

    @property
    def years(self) -> range:
        return range(self.plan.get("start_year", 0), self.plan.get("end_year", -1) + 1)


def parse_structure(content: bytes) -> ParsedStructure:
    parsed = ParsedStructure()
    try:
        workbook = xlsx.open_workbook(content)
    except WorkbookRejected as rejected:
        parsed.errors = rejected.errors
        return parsed
    _parse_plan(workbook, parsed)
    _parse_objectives(workbook, parsed)
    _parse_goals(workbook, parsed)
    _parse_indicators(workbook, parsed)
    _parse_links(workbook, parsed)
    _parse_programming(workbook, parsed)
    return parsed


def _parse_plan(workbook, parsed: ParsedStructure) -> None:
    """The «Plan» sheet: label -> value, bound to one form (each field at its label's row)."""
    errors = parsed.errors
    sheet = xlsx.check_sheet(workbook, PLAN_SHEET, errors)
    if sheet is None:
        return
    labels = {label: key for key, label in PLAN_FIELDS}
    found = {}
    for cells in sheet.iter_rows(min_row=2, max_col=2):
        label = cells[0].value.strip() if isinstance(cells[0].value, str) else None
        if label in labels:
            found[labels[label]] = (cells[1], cells[1].row)
    for key, label in PLAN_FIELDS:
        if key not in found and key not in ("mission", "vision", "adoption_act"):
            errors.append(
                WorkbookError(PLAN_SHEET, None, "", _("Falta el campo «%(f)s».") % {"f": label})
            )
    form = structure_rows.PlanRows({key: cell for key, (cell, _row) in found.items()}, found)
    form.is_valid()
    for key, messages in form.errors.items():
        row, column = (found[key][1], VALUE_COLUMN) if key in found else (None, "")
        errors.extend(WorkbookError(PLAN_SHEET, row, column, str(m)) for m in messages)
    parsed.plan.update(
        {key: value for key, value in form.cleaned_data.items() if key not in form.errors}
    )


def _rows(workbook, key: str, errors) -> Iterator[tuple[str, int, dict, dict]]:
    """(sheet title, row number, cells by header, header -> column) of each non-empty row."""
    title, headers = SHEETS[key]
    ws = xlsx.check_sheet(workbook, title, errors)
    if ws is None:
        return
    columns = xlsx.header_map(ws, headers, errors)
    if columns is None:
        return
    for cells in ws.iter_rows(min_row=2):
        if xlsx.is_empty_row(cells):
            continue
        by_col = {c.column: c for c in cells}
        yield title, cells[0].row, {h: by_col.get(columns[h]) for h in headers}, columns


def _forms(workbook, key: str, parsed: ParsedStructure, make) -> Iterator[tuple[RowForm, int]]:
    """Each row of sheet ``key`` bound to ``make(data)``; the clean ones with their row
    number, then ``check(form)`` may still refuse them (repeated rows); the errors of the
    others are kept with sheet, row and column."""
    for title, row, cells, columns in _rows(workbook, key, parsed.errors):
        form = make({name: cells.get(header) for name, header in make.headers.items()})
        if form.is_valid():
            yield form, row
        if form.errors:
            parsed.errors.extend(form.workbook_errors(title, row, columns))


class _Bind:
    """``make`` for _forms: a form class with its context (the parsed sheets so far)."""

    def __init__(self, form_class, *args):
        self.form_class, self.args, self.headers = form_class, args, form_class.headers

    def __call__(self, data):
        return self.form_class(data, *self.args)


def _repeated(form: RowForm, seen: set, key, name: str, message: str) -> bool:
    """Refuse the row when ``key`` was seen before (the error goes to column ``name``)."""
    if key in seen:
        form.refuse(name, message)
        return True
    seen.add(key)
    return False


def _parse_objectives(workbook, parsed: ParsedStructure) -> None:
    seen = set()
    for form, row in _forms(workbook, "objectives", parsed, _Bind(structure_rows.ObjectiveRow)):
        data = form.cleaned_data
        if _repeated(form, seen, data["number"], "number", _("Objetivo repetido.")):
            continue
        parsed.objectives.append(
            {
                "row": row,
                "number": data["number"],
                "short_title": data["short_title"] or f"Objetivo {data['number']}",
                "statement": data["statement"],
                "weight": Decimal(1) if data["weight"] is None else data["weight"],
            }
        )


def _parse_goals(workbook, parsed: ParsedStructure) -> None:
    natural = set()
    for form, row in _forms(workbook, "goals", parsed, _Bind(structure_rows.GoalRow)):
        data = form.cleaned_data
        if data["key"] in parsed.goals:
            form.refuse("key", _("Clave repetida."))
            continue
        if _repeated(
            form, natural, (data["kind"], data["code"], data["name"]), "name", _("Meta repetida.")
        ):
            continue
        parsed.goals[data["key"]] = {
            "kind": data["kind"],
            "code": data["code"],
            "name": data["name"],
            "row": row,
        }


def _parse_indicators(workbook, parsed: ParsedStructure) -> None:
    natural = set()
    make = _Bind(structure_rows.IndicatorRow, parsed.goals)
    for form, row in _forms(workbook, "indicators", parsed, make):
        data = form.cleaned_data
        if data["key"] in parsed.indicators:
            form.refuse("key", _("Clave repetida."))
            continue
        natural_key = (data["goal"], data["code"], data["name"])
        if _repeated(form, natural, natural_key, "name", _("Indicador repetido.")):
            continue
        parsed.indicators[data["key"]] = {**data, "row": row}


def _unique_rows(workbook, sheet: str, parsed: ParsedStructure, make, key_of) -> Iterator[dict]:
    """The clean rows of ``sheet`` with their row number; a row whose ``key_of(data)`` came
    before is refused as repeated (the error goes to its indicator column)."""
    seen = set()
    for form, row in _forms(workbook, sheet, parsed, make):
        data = form.cleaned_data
        if not _repeated(form, seen, key_of(data), "indicator", _("Fila repetida.")):
            yield {**data, "row": row}


def _parse_links(workbook, parsed: ParsedStructure) -> None:
    make = _Bind(structure_rows.LinkRow, parsed, parsed.years)
    parsed.links.extend(
        _unique_rows(
            workbook, "links", parsed, make, lambda d: (d["indicator"], d["objective"], d["year"])
        )
    )


def _parse_programming(workbook, parsed: ParsedStructure) -> None:
    """Annual programming, cutoffs and programming at each cutoff."""
    make = _Bind(structure_rows.AnnualRow, parsed, parsed.years)
    parsed.annual.extend(
        _unique_rows(workbook, "annual", parsed, make, lambda d: (d["indicator"], d["year"]))
    )
    dates = set()
    for form, _row in _forms(
        workbook, "cutoffs", parsed, _Bind(structure_rows.CutoffRow, parsed.years)
    ):
        data = form.cleaned_data
        if not _repeated(form, dates, data["date"], "date", _("Corte repetido.")):
            parsed.cutoffs.append({"date": data["date"], "deadline": data["deadline"]})
    make = _Bind(structure_rows.CutoffProgrammingRow, parsed, dates)
    parsed.cutoff_programming.extend(
        _unique_rows(
            workbook, "cutoff_programming", parsed, make, lambda d: (d["indicator"], d["date"])
        )
    )
