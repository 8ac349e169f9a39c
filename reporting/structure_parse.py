"""Parsing the plan-structure workbook into a ParsedStructure (no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.choices import Annualization, Direction, GoalKind, Periodicity
from indicators.choices import Unit as MeasureUnit
from indicators.models import (
    Goal,
    Indicator,
    ObjectiveLink,
)
from plan import validation
from plan.choices import IndicatorSetRule, PlanKind
from plan.models import Objective, Plan
from reporting import structure_checks, xlsx
from reporting.numbers import magnitude_problem
from reporting.structure_checks import fitted
from reporting.structure_workbook import PLAN_FIELDS, PLAN_SHEET, SHEETS, _choices, _rule_labels
from reporting.xlsx import CellError, WorkbookError, WorkbookRejected

read_text, read_decimal = xlsx.read_text, xlsx.read_decimal


# --- Parsing (no database) ------------------------------------------------------------------


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


def _text_required(value: str, what: str) -> str:
    if not value:
        raise CellError(_("Falta %(what)s.") % {"what": what})
    return value


def parse_structure(content: bytes) -> ParsedStructure:
    parsed = ParsedStructure()
    errors = parsed.errors
    try:
        workbook = xlsx.open_workbook(content)
    except WorkbookRejected as rejected:
        parsed.errors = rejected.errors
        return parsed
    # Plan: label -> value
    sheet = xlsx.check_sheet(workbook, PLAN_SHEET, errors)
    if sheet is not None:
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
        for key, (cell, row) in found.items():
            try:
                if key in ("start_year", "end_year"):
                    value = xlsx.read_int(cell)
                    if value is None or not 1990 <= value <= 2100:
                        raise CellError(_("Escriba un año entre 1990 y 2100."))
                else:
                    value = xlsx.read_text(cell)
                if key == "kind" and value not in PlanKind.values:
                    raise CellError(_("El tipo debe ser PEI, PES o PAI."))
                if key == "indicator_set_rule":
                    value = _choices(IndicatorSetRule).get(value.lower())
                    if value is None:
                        raise CellError(
                            _("Regla desconocida; use %(v)s.") % {"v": "; ".join(_rule_labels())}
                        )
                if key == "cap_progress":
                    if value.lower() not in ("sí", "si", "no"):
                        raise CellError(_("Escriba «Sí» o «No»."))
                    value = value.lower() in ("sí", "si")
                if key in ("organisation", "slug", "name"):
                    _text_required(value, label_of(key))
                if key in ("slug", "name", "adoption_act", "start_year", "end_year"):
                    value = structure_checks.fitted(lambda v: v, Plan, key)(value)
                parsed.plan[key] = value
            except CellError as error:
                errors.append(WorkbookError(PLAN_SHEET, row, "B (Valor)", str(error)))
        if {"start_year", "end_year"} <= parsed.plan.keys() and (
            parsed.plan["end_year"] < parsed.plan["start_year"]
        ):
            errors.append(
                WorkbookError(PLAN_SHEET, None, "", _("El año final es anterior al inicial."))
            )

    def rows(key):
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

    def cell_error(title, row, columns, header, error):
        errors.append(
            WorkbookError(title, row, xlsx.column_name(columns[header], header), str(error))
        )

    def read(title, row, cells, columns, header, reader):
        cell = cells[header]
        try:
            return reader(cell) if cell is not None else reader_default(reader)
        except CellError as error:
            cell_error(title, row, columns, header, error)
            raise

    def reader_default(reader):
        return "" if reader is xlsx.read_text else None

    years = range(parsed.plan.get("start_year", 0), parsed.plan.get("end_year", -1) + 1)

    def year_ok(value):
        if value is None:
            raise CellError(_("Falta la vigencia."))
        if years and value not in years:
            raise CellError(_("La vigencia %(y)s está fuera del periodo del plan.") % {"y": value})
        return value

    seen = set()
    for title, row, cells, columns in rows("objectives") or []:
        try:
            number = read(title, row, cells, columns, "Número", xlsx.read_int)
            if number is None:
                raise _cell(title, row, columns, "Número", _("Falta el número."), cell_error)
            if number in seen:
                raise _cell(title, row, columns, "Número", _("Objetivo repetido."), cell_error)
            seen.add(number)
            _checked(title, row, columns, "Número", cell_error, fit(Objective, "number"), number)
            weight = read(
                title, row, cells, columns, "Peso", fitted(read_decimal, Objective, "weight")
            )
            parsed.objectives.append(
                {
                    "row": row,
                    "number": number,
                    "short_title": read(
                        title,
                        row,
                        cells,
                        columns,
                        "Título corto",
                        fitted(read_text, Objective, "short_title"),
                    )
                    or f"Objetivo {number}",
                    "statement": read(title, row, cells, columns, "Enunciado", xlsx.read_text),
                    "weight": Decimal(1) if weight is None else weight,
                }
            )
        except CellError:
            continue
    objective_numbers = {o["number"] for o in parsed.objectives}

    kinds = _choices(GoalKind)
    natural = set()
    for title, row, cells, columns in rows("goals") or []:
        try:
            key = read(title, row, cells, columns, "Clave", xlsx.read_text)
            if not key:
                raise _cell(title, row, columns, "Clave", _("Falta la clave."), cell_error)
            if key in parsed.goals:
                raise _cell(title, row, columns, "Clave", _("Clave repetida."), cell_error)
            kind = kinds.get(read(title, row, cells, columns, "Tipo", xlsx.read_text).lower())
            if kind is None:
                raise _cell(title, row, columns, "Tipo", _("Tipo de meta desconocido."), cell_error)
            code = read(title, row, cells, columns, "Código", fitted(read_text, Goal, "code"))
            name = read(title, row, cells, columns, "Nombre", xlsx.read_text)
            if not name:
                raise _cell(title, row, columns, "Nombre", _("Falta el nombre."), cell_error)
            if (kind, code, name) in natural:
                raise _cell(title, row, columns, "Nombre", _("Meta repetida."), cell_error)
            natural.add((kind, code, name))
            parsed.goals[key] = {"kind": kind, "code": code, "name": name, "row": row}
        except CellError:
            continue

    maps = {
        "Unidad de medida": _choices(MeasureUnit),
        "Anualización": _choices(Annualization),
        "Sentido": _choices(Direction),
        "Periodicidad": _choices(Periodicity),
    }
    natural = set()
    for title, row, cells, columns in rows("indicators") or []:
        try:
            key = read(title, row, cells, columns, "Clave", xlsx.read_text)
            if not key:
                raise _cell(title, row, columns, "Clave", _("Falta la clave."), cell_error)
            if key in parsed.indicators:
                raise _cell(title, row, columns, "Clave", _("Clave repetida."), cell_error)
            goal = read(title, row, cells, columns, "Meta", xlsx.read_text)
            if goal not in parsed.goals:
                raise _cell(
                    title,
                    row,
                    columns,
                    "Meta",
                    _("La meta «%(k)s» no está en la hoja Metas.") % {"k": goal},
                    cell_error,
                )
            item = {"key": key, "goal": goal, "row": row}
            item["code"] = read(
                title, row, cells, columns, "Código", fitted(read_text, Indicator, "code")
            )
            item["name"] = read(title, row, cells, columns, "Nombre", xlsx.read_text)
            if not item["name"]:
                raise _cell(title, row, columns, "Nombre", _("Falta el nombre."), cell_error)
            for header, field_name in (
                ("Unidad de medida", "unit"),
                ("Anualización", "annualization"),
                ("Sentido", "direction"),
                ("Periodicidad", "periodicity"),
            ):
                text = read(title, row, cells, columns, header, xlsx.read_text)
                value = maps[header].get(text.lower())
                if value is None:
                    raise _cell(
                        title,
                        row,
                        columns,
                        header,
                        _("Valor desconocido «%(v)s».") % {"v": text},
                        cell_error,
                    )
                item[field_name] = value
            item["responsible_unit"] = read(
                title, row, cells, columns, "Dependencia", xlsx.read_text
            )
            item["declared_total"] = read(
                title,
                row,
                cells,
                columns,
                "Total declarado",
                fitted(read_decimal, Indicator, "declared_total"),
            )
            problem = validation.direction_problem(item["annualization"], item["direction"])
            if problem:
                raise _cell(title, row, columns, "Sentido", problem, cell_error)
            if (goal, item["code"], item["name"]) in natural:
                raise _cell(title, row, columns, "Nombre", _("Indicador repetido."), cell_error)
            natural.add((goal, item["code"], item["name"]))
            parsed.indicators[key] = item
        except CellError:
            continue

    def indicator_ref(title, row, cells, columns):
        key = read(title, row, cells, columns, "Indicador", xlsx.read_text)
        if key not in parsed.indicators:
            raise _cell(
                title,
                row,
                columns,
                "Indicador",
                _("El indicador «%(k)s» no está en la hoja Indicadores.") % {"k": key},
                cell_error,
            )
        return key

    def magnitude(title, row, cells, columns, header, indicator_key, required=True):
        value = read(title, row, cells, columns, header, xlsx.read_decimal)
        if value is None:
            if required:
                raise _cell(title, row, columns, header, _("Falta el valor."), cell_error)
            return None
        problem = magnitude_problem(value, parsed.indicators[indicator_key]["unit"])
        if problem:
            raise _cell(title, row, columns, header, problem, cell_error)
        return value

    seen = set()
    for title, row, cells, columns in rows("links") or []:
        try:
            indicator = indicator_ref(title, row, cells, columns)
            objective = read(title, row, cells, columns, "Objetivo", xlsx.read_int)
            if objective not in objective_numbers:
                raise _cell(
                    title,
                    row,
                    columns,
                    "Objetivo",
                    _("El objetivo %(n)s no está en la hoja Objetivos.") % {"n": objective},
                    cell_error,
                )
            year = _checked(
                title,
                row,
                columns,
                "Vigencia",
                cell_error,
                year_ok,
                read(title, row, cells, columns, "Vigencia", xlsx.read_int),
            )
            weight = read(title, row, cells, columns, "Ponderación (%)", xlsx.read_decimal)
            if weight is None or not Decimal(0) <= weight <= Decimal(100):
                raise _cell(
                    title,
                    row,
                    columns,
                    "Ponderación (%)",
                    _("La ponderación debe estar entre 0 y 100."),
                    cell_error,
                )
            _checked(
                title,
                row,
                columns,
                "Ponderación (%)",
                cell_error,
                fit(ObjectiveLink, "weight"),
                weight,
            )
            if (indicator, objective, year) in seen:
                raise _cell(title, row, columns, "Indicador", _("Fila repetida."), cell_error)
            seen.add((indicator, objective, year))
            parsed.links.append(
                {
                    "indicator": indicator,
                    "objective": objective,
                    "year": year,
                    "weight": weight,
                    "row": row,
                }
            )
        except CellError:
            continue

    seen = set()
    for title, row, cells, columns in rows("annual") or []:
        try:
            indicator = indicator_ref(title, row, cells, columns)
            year = _checked(
                title,
                row,
                columns,
                "Vigencia",
                cell_error,
                year_ok,
                read(title, row, cells, columns, "Vigencia", xlsx.read_int),
            )
            value = magnitude(title, row, cells, columns, "Programado", indicator)
            if (indicator, year) in seen:
                raise _cell(title, row, columns, "Indicador", _("Fila repetida."), cell_error)
            seen.add((indicator, year))
            parsed.annual.append(
                {"indicator": indicator, "year": year, "programmed": value, "row": row}
            )
        except CellError:
            continue

    dates = set()
    for title, row, cells, columns in rows("cutoffs") or []:
        try:
            date = read(title, row, cells, columns, "Fecha de corte", xlsx.read_date)
            if date is None:
                raise _cell(title, row, columns, "Fecha de corte", _("Falta la fecha."), cell_error)
            _checked(title, row, columns, "Fecha de corte", cell_error, year_ok, date.year)
            if date in dates:
                raise _cell(title, row, columns, "Fecha de corte", _("Corte repetido."), cell_error)
            dates.add(date)
            deadline = read(title, row, cells, columns, "Fecha límite", xlsx.read_date)
            parsed.cutoffs.append({"date": date, "deadline": deadline})
        except CellError:
            continue

    seen = set()
    for title, row, cells, columns in rows("cutoff_programming") or []:
        try:
            indicator = indicator_ref(title, row, cells, columns)
            date = read(title, row, cells, columns, "Fecha de corte", xlsx.read_date)
            if date not in dates:
                raise _cell(
                    title,
                    row,
                    columns,
                    "Fecha de corte",
                    _("Ese corte no está en la hoja Cortes."),
                    cell_error,
                )
            value = magnitude(title, row, cells, columns, "Programado", indicator)
            if (indicator, date) in seen:
                raise _cell(title, row, columns, "Indicador", _("Fila repetida."), cell_error)
            seen.add((indicator, date))
            parsed.cutoff_programming.append(
                {"indicator": indicator, "date": date, "programmed": value, "row": row}
            )
        except CellError:
            continue
    return parsed


def fit(model, field_name):
    """A check of one parsed value against ``model.field_name`` (plan.validation)."""
    return fitted(lambda value: value, model, field_name)


def label_of(key: str) -> str:
    return dict(PLAN_FIELDS)[key]


def _cell(title, row, columns, header, message, cell_error) -> CellError:
    error = CellError(message)
    cell_error(title, row, columns, header, error)
    return error


def _checked(title, row, columns, header, cell_error, check, value):
    try:
        return check(value)
    except CellError as error:
        cell_error(title, row, columns, header, error)
        raise
