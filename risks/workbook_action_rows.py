"""The «Plan de acción» sheet, each row checked by the web's ActionForm (issue 16).

Dates typed dd/mm/aaaa and numbers typed the Colombian way are translated first, with a message
of their own when they cannot be; then ActionForm refuses what the action-plan page refuses
(missing activity or responsible, an end before the start, a value beyond its column) with the
same Spanish message, under the header of its column. No database access.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from risks.forms import ActionForm
from risks.workbook_columns import ACTION_COLUMNS, ACTION_SHEET, RISK_SHEET, normalise
from risks.workbook_rows import (
    ParsedAction,
    ParsedRisk,
    ParseResult,
    RowError,
    RowProblems,
    _cell,
    _text,
    parse_date,
    parse_decimal,
)

HEADERS = dict(ACTION_COLUMNS)
HUNDRED = Decimal(100)
# ActionForm's fields (not its _meta.fields: the inline formset appends «risk» to that list)
ACTION_FIELDS = ("description", "responsible", "start_date", "end_date", "progress", "evidence")


def parse_actions(rows, result: ParseResult) -> None:
    """Attach each activity to its risk of the risk sheet, or list the errors by row."""
    if not rows:
        return
    known = {normalise(h): key for key, h in ACTION_COLUMNS}
    columns = {known[normalise(h)]: i for i, h in enumerate(rows[0]) if normalise(h) in known}
    missing = [h for key, h in ACTION_COLUMNS if key not in columns and key != "evidence"]
    if missing:
        message = _("Faltan las columnas: %(columns)s.") % {"columns": ", ".join(missing)}
        result.errors.append(RowError(ACTION_SHEET, 1, message))
        return
    by_key = {(r.year, r.code): r for r in result.risks}
    for number, row in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in row):
            continue
        risk, action, errors = _parse_action(number, row, columns, by_key)
        result.errors += errors
        if not errors:
            risk.actions.append(action)


def _parse_action(
    number, row, columns, by_key
) -> tuple[ParsedRisk | None, ParsedAction | None, list[RowError]]:
    problems = RowProblems(ACTION_SHEET, number)

    def text(key):
        return _text(_cell(row, columns, key))

    code, year = text("risk_code"), text("year")
    risk = by_key.get((int(year), code)) if year.isdigit() else None
    if risk is None:
        problems.add(
            _("El riesgo %(code)s de %(year)s no está en la hoja «%(sheet)s».")
            % {"code": code, "year": year, "sheet": RISK_SHEET}
        )
    data = {key: text(key) for key in ("description", "responsible", "evidence")}
    for key in ("start_date", "end_date"):
        data[key] = _date(_cell(row, columns, key), problems, key)
    data["progress"] = _progress(_cell(row, columns, "progress"), problems)
    form = ActionForm(data)
    if not problems.add_form(form, HEADERS) or problems:
        return risk, None, problems.errors
    fields = {key: form.cleaned_data[key] for key in ACTION_FIELDS}
    return risk, ParsedAction(row=number, **fields), []


def _date(value, problems: RowProblems, field: str):
    """A date cell, or dd/mm/aaaa text; blank: None (the form says it is required)."""
    try:
        return parse_date(value)
    except ValueError:
        problems.add(
            _("La fecha «%(value)s» no es una fecha dd/mm/aaaa.") % {"value": _text(value)},
            field=field,
        )
        return None


def _progress(value, problems: RowProblems):
    """A percentage from 0 to 100; blank: 0."""
    try:
        progress = parse_decimal(value)
        progress = Decimal(0) if progress is None else progress
        if not Decimal(0) <= progress <= HUNDRED:
            raise ValueError
    except ValueError:
        problems.add(
            _("El avance «%(value)s» debe ser un porcentaje entre 0 y 100.")
            % {"value": _text(value)},
            field="progress",
        )
        return None
    return progress
