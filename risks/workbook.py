"""The risk-map workbook: export, and import in two steps (preview, then an atomic write).

Layout: sheet «Mapa de riesgos», one row per risk with its controls side by side («Control 1:
descripción», «Control 1: tipo» …), as planning offices keep their maps; sheet «Plan de
acción», one row per activity with the code of its risk. Computed columns (levels and zones)
are exported for reading and recomputed on import.

``parse_workbook`` reads and checks everything without touching the database (lookups come in
as plain dicts); each row is bound to the web's own forms (risks.workbook_risk_rows,
risks.workbook_action_rows), so a value the pages refuse is refused here with the same message.
``apply_import`` writes a checked workbook in one transaction. A workbook with any error is
rejected whole, with every error listed by sheet, row and (for the forms' messages) column.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from plan.fields import same_named
from reporting.ooxml import find_active_content, uncompressed_size, workbook_message
from reporting.xlsx import MAX_UNCOMPRESSED_BYTES
from risks import assessment as calc
from risks.workbook_action_rows import ACTION_FIELDS, parse_actions
from risks.workbook_columns import (
    ACTION_SHEET,
    HEAD,
    REQUIRED,
    RISK_SHEET,
    TAIL,
    normalise,
)
from risks.workbook_risk_rows import parse_risk_row
from risks.workbook_rows import (
    HEAD_ORDER,
    Lookups,
    ParseResult,
    RowError,
    _header_map,
    _rows,
    _text,
)


def parse_workbook(content: bytes, methodology: calc.Methodology, lookups: Lookups) -> ParseResult:
    result = ParseResult()
    book = _open_book(content, result)
    if book is None:
        return result
    names = {normalise(n): n for n in book.sheetnames}
    if normalise(RISK_SHEET) not in names:
        message = _("El libro no tiene la hoja «%(sheet)s».") % {"sheet": RISK_SHEET}
        result.errors.append(RowError("", 0, message))
        return result
    risk_rows = _rows(book[names[normalise(RISK_SHEET)]])
    if not _parse_risk_sheet(risk_rows, methodology, lookups, result):
        return result
    if normalise(ACTION_SHEET) in names:
        result.has_action_sheet = True
        parse_actions(_rows(book[names[normalise(ACTION_SHEET)]]), result)
    book.close()
    if not result.risks and not result.errors:
        result.errors.append(RowError(RISK_SHEET, 0, _("La hoja no tiene riesgos.")))
    _check_treatments(result, methodology, lookups)
    result.errors.sort(key=lambda e: (e.sheet != RISK_SHEET, e.sheet, e.row))
    return result


def _open_book(content: bytes, result: ParseResult):
    """The workbook, or None with the reason in ``result`` (too big, macros, not a workbook)."""
    if uncompressed_size(content) > MAX_UNCOMPRESSED_BYTES:
        result.errors.append(RowError("", 0, _("El libro es demasiado grande al descomprimirlo.")))
        return None
    active = find_active_content(content)
    if active is not None:
        result.errors.append(RowError("", 0, workbook_message(active)))
        return None
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors on a bad file
        result.errors.append(RowError("", 0, _("El archivo no es un libro de Excel válido.")))
        return None


def _column_maps(header_row, result: ParseResult):
    """The column map of the risk sheet, or None when required columns are missing."""
    columns, control_columns, unknown = _header_map(header_row)
    headers = dict(HEAD + TAIL)
    missing = [headers[key] for key in HEAD_ORDER if key in REQUIRED and key not in columns]
    if "process" not in columns and "project" not in columns:
        missing.append(_("Proceso o Proyecto de inversión"))
    if missing:
        message = _("Faltan las columnas: %(columns)s.") % {"columns": ", ".join(missing)}
        result.errors.append(RowError(RISK_SHEET, 1, message))
        return None
    if unknown:
        message = _("Columnas desconocidas: %(columns)s.") % {"columns": ", ".join(unknown)}
        result.errors.append(RowError(RISK_SHEET, 1, message))
    return columns, control_columns


def _parse_risk_sheet(rows, methodology, lookups: Lookups, result: ParseResult) -> bool:
    """Every row of the risk sheet into ``result``; False when the sheet cannot be read."""
    if not rows:
        result.errors.append(RowError(RISK_SHEET, 0, _("La hoja está vacía.")))
        return False
    maps = _column_maps(rows[0], result)
    if maps is None:
        return False
    seen: dict[tuple[int, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in row):
            continue
        parsed, errors = parse_risk_row(number, row, *maps, methodology, lookups)
        result.errors += errors
        if parsed is None:
            continue
        key = (parsed.year, parsed.code)
        if key in seen:
            message = _("El código %(code)s de %(year)s ya está en la fila %(row)s.") % {
                "code": parsed.code,
                "year": parsed.year,
                "row": seen[key],
            }
            result.errors.append(RowError(RISK_SHEET, number, message))
            continue
        seen[key] = number
        result.risks.append(parsed)
    return True


def _check_treatments(result: ParseResult, methodology, lookups: Lookups) -> None:
    """The treatment against the computed residual zone and the action plan (RiskForm's rule)."""
    for risk in result.risks:
        if result.has_action_sheet:
            has_plan = bool(risk.actions)
        else:  # the activities already stored stay as they are
            has_plan = risk.existing_id in lookups.with_actions
        if risk.treatment and risk.evaluation is not None:
            problems = calc.treatment_problems(
                risk.kind,
                risk.evaluation.residual.zone,
                risk.treatment,
                has_plan,
                methodology.acceptance_zones,
            )
            result.errors += [RowError(RISK_SHEET, risk.row, p) for p in problems]


# --- Import: writing -----------------------------------------------------------------------


def lookups_for(organisation, methodology_row) -> Lookups:
    """Six queries: processes, projects, units, risks, impact levels and risks with actions."""
    from plan.models import InvestmentProject, Process, Unit
    from risks.models import ActionActivity, Risk

    processes = {}
    for p in Process.objects.filter(organisation=organisation):
        processes[normalise(p.name)] = p.id
        processes[str(p.number)] = p.id
    units = {}
    for u in Unit.objects.filter(organisation=organisation):
        units[normalise(u.name)] = u.id
        units[normalise(u.code)] = u.id
    return Lookups(
        processes=processes,
        projects=dict(
            InvestmentProject.objects.filter(organisation=organisation).values_list("code", "id")
        ),
        units=units,
        existing={
            (year, code): pk
            for pk, year, code in Risk.objects.filter(organisation=organisation).values_list(
                "id", "year", "code"
            )
        },
        impact_by_name={
            normalise(name): position
            for name, position in methodology_row.impact_levels.values_list("name", "position")
        },
        with_actions=frozenset(
            ActionActivity.objects.filter(risk__organisation=organisation).values_list(
                "risk_id", flat=True
            )
        ),
    )


@transaction.atomic
def apply_import(result: ParseResult, organisation, ctx, user=None) -> tuple[int, int]:
    """Write every risk of a checked workbook, or nothing. Returns (created, updated)."""
    from plan import permissions
    from risks.services import require

    require(user, permissions.MANAGE, organisation)  # another entity's register: nothing written
    if not result.ok:
        raise ValueError("the workbook has errors")
    created = updated = 0
    for parsed in result.risks:
        was_created = _write_risk(parsed, organisation, ctx, user, result.has_action_sheet)
        created += was_created
        updated += not was_created
    return created, updated


def _write_risk(parsed, organisation, ctx, user, replace_actions: bool) -> bool:
    """One risk with its controls, assessment and (if the workbook has them) activities."""
    from risks.models import ActionActivity, Control, Risk
    from risks.services import Inputs, store_assessment

    risk, was_created = Risk.objects.update_or_create(
        organisation=organisation,
        year=parsed.year,
        code=parsed.code,
        defaults={
            "kind": parsed.kind,
            "name": parsed.name,
            "impact_description": parsed.impact_description,
            "immediate_cause": parsed.immediate_cause,
            "root_cause": parsed.root_cause,
            "process_id": parsed.process_id,
            "investment_project_id": parsed.project_id,
            "responsible_unit_id": parsed.unit_id,
            "placeholder": False,
            "treatment": parsed.treatment,
            "treatment_justification": parsed.treatment_justification,
        },
    )
    risk.controls.all().delete()
    controls = [
        Control.objects.create(
            risk=risk,
            order=k,
            description=c.description,
            responsible=c.responsible,
            control_type=c.attributes["type"],
            implementation=c.attributes["implementation"],
            documentation=c.attributes["documentation"],
            frequency=c.attributes["frequency"],
            evidence=c.attributes["evidence"],
        )
        for k, c in enumerate(parsed.controls, start=1)
    ]
    inputs = Inputs(parsed.frequency, parsed.economic, parsed.reputational, parsed.answers)
    store_assessment(risk, ctx, inputs, controls, user)
    if replace_actions:
        risk.actions.all().delete()
        for a in parsed.actions:  # one by one: each activity gets its history record
            ActionActivity.objects.create(risk=risk, **same_named(a, ACTION_FIELDS))
    return was_created


def error_lines(errors: Iterable[RowError]) -> list[str]:
    lines = []
    for e in errors:
        if e.row and e.column:
            lines.append(
                _("Hoja «%(sheet)s», fila %(row)s, columna «%(column)s»: %(message)s")
                % {"sheet": e.sheet, "row": e.row, "column": e.column, "message": e.message}
            )
        elif e.row:
            lines.append(
                _("Hoja «%(sheet)s», fila %(row)s: %(message)s")
                % {"sheet": e.sheet, "row": e.row, "message": e.message}
            )
        elif e.sheet:
            lines.append(f"«{e.sheet}»: {e.message}")
        else:
            lines.append(e.message)
    return lines
