"""The plan-structure workbook: an office configures a plan from Excel (objectives, goals,
indicators, weights per year, programming per year and per cutoff).

Sheets and columns (the headers are the contract; ``export_structure`` writes a filled one):

  Plan                   Campo | Valor (organización, identificador, tipo, nombre, años, ...)
  Objetivos              Número | Título corto | Enunciado | Peso
  Metas                  Clave | Tipo | Código | Nombre
  Indicadores            Clave | Meta | Código | Nombre | Unidad de medida | Anualización |
                         Sentido | Dependencia | Periodicidad | Total declarado
  Ponderaciones          Indicador | Objetivo | Vigencia | Ponderación (%)
  Programación anual     Indicador | Vigencia | Programado
  Cortes                 Fecha de corte | Fecha límite
  Programación al corte  Indicador | Fecha de corte | Programado

«Clave» is a key local to the file (M1, I1 ...) that other sheets use to refer to a goal or
an indicator. Rows are matched with the database by natural keys, as the seed loader does: a
plan by its identifier, an objective by number, a goal by type+code+name, an indicator by
goal+code+name, a weight by objective+indicator+year, programming by indicator+year or
indicator+cutoff. The import adds and updates, never deletes (deletions go through the admin,
with history); renaming an indicator here creates a new one. Importing the same file twice
changes nothing the second time. ``parse_structure`` is pure; ``run_structure_import`` writes
in one transaction, and a preview is the same run rolled back, so it shows exactly what the
confirmation will do.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.choices import Annualization, Direction, GoalKind, Periodicity
from indicators.choices import Unit as MeasureUnit
from indicators.models import (
    AnnualProgramming,
    CutoffProgramming,
    Goal,
    Indicator,
    ObjectiveLink,
)
from plan import roles, validation
from plan.choices import CutoffStatus, IndicatorSetRule, PlanKind
from plan.exports import protect_cell
from plan.models import Cutoff, Objective, Organisation, Plan, Unit
from reporting import structure_checks, structure_template, xlsx
from reporting.numbers import magnitude_problem
from reporting.structure_checks import fitted
from reporting.xlsx import CellError, WorkbookError, WorkbookRejected

read_text, read_decimal = xlsx.read_text, xlsx.read_decimal

PLAN_FIELDS = [
    ("organisation", "Organización (código)"),
    ("slug", "Identificador"),
    ("kind", "Tipo"),
    ("name", "Nombre"),
    ("start_year", "Año inicial"),
    ("end_year", "Año final"),
    ("indicator_set_rule", "Indicadores que cuentan"),
    ("cap_progress", "Limitar el avance al 100 %"),
    ("mission", "Misión"),
    ("vision", "Visión"),
    ("adoption_act", "Acto de adopción"),
]
SHEETS = {
    "objectives": ("Objetivos", ["Número", "Título corto", "Enunciado", "Peso"]),
    "goals": ("Metas", ["Clave", "Tipo", "Código", "Nombre"]),
    "indicators": (
        "Indicadores",
        [
            "Clave",
            "Meta",
            "Código",
            "Nombre",
            "Unidad de medida",
            "Anualización",
            "Sentido",
            "Dependencia",
            "Periodicidad",
            "Total declarado",
        ],
    ),
    "links": ("Ponderaciones", ["Indicador", "Objetivo", "Vigencia", "Ponderación (%)"]),
    "annual": ("Programación anual", ["Indicador", "Vigencia", "Programado"]),
    "cutoffs": ("Cortes", ["Fecha de corte", "Fecha límite"]),
    "cutoff_programming": (
        "Programación al corte",
        ["Indicador", "Fecha de corte", "Programado"],
    ),
}
PLAN_SHEET = "Plan"
YES, NO = "Sí", "No"


def _choices(choices) -> dict[str, str]:
    """Accepted spellings (value or Spanish label, any case) -> value."""
    with translation.override("es"):
        mapping = {str(label).lower(): value for value, label in choices.choices}
    mapping.update({value.lower(): value for value in choices.values})
    return mapping


def _label(choices, value) -> str:
    with translation.override("es"):
        return str(choices(value).label)


def _choice_lists() -> tuple[list[str], ...]:
    """Spanish labels of the drop-downs: goal kinds, units, annualisations, directions,
    periodicities."""
    with translation.override("es"):
        return tuple(
            [str(label) for label in choices.labels]
            for choices in (GoalKind, MeasureUnit, Annualization, Direction, Periodicity)
        )


def _plan_values(plan: Plan | None) -> dict:
    if plan is None:
        return {key: None for key, _label in PLAN_FIELDS} | {"cap_progress": NO}
    return {
        "organisation": plan.organisation.code,
        "slug": plan.slug,
        "kind": plan.kind,
        "name": plan.name,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "indicator_set_rule": _label(IndicatorSetRule, plan.indicator_set_rule),
        "cap_progress": YES if plan.cap_progress else NO,
        "mission": plan.mission or None,
        "vision": plan.vision or None,
        "adoption_act": plan.adoption_act or None,
    }


def _rule_labels() -> list[str]:
    """The indicator-set rules as a person reads them (the workbook's drop-down)."""
    return [_label(IndicatorSetRule, value) for value in IndicatorSetRule.values]


# --- Export ---------------------------------------------------------------------------------


def export_structure(plan: Plan | None) -> bytes:
    """A filled structure workbook of ``plan``; with None, the blank template (headers,
    drop-downs and an instructions sheet, no data)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PLAN_SHEET
    xlsx.style_header(sheet, ["Campo", "Valor"], [28, 90])
    values = _plan_values(plan)
    for n, (key, label) in enumerate(PLAN_FIELDS, start=2):
        sheet.cell(row=n, column=1, value=label)
        protect_cell(sheet.cell(row=n, column=2, value=values[key]))
    rule = DataValidation(type="list", formula1='"' + ",".join(_rule_labels()) + '"')
    sheet.add_data_validation(rule)
    rule.add("B8")
    for cell, options in (("B4", PlanKind.values), ("B9", [YES, NO])):
        validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"')
        sheet.add_data_validation(validation)
        validation.add(cell)

    def table(key, rows, lists=None):
        title, headers = SHEETS[key]
        ws = workbook.create_sheet(title)
        xlsx.style_header(ws, headers, [14] * len(headers))
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = protect_cell(ws.cell(row=r, column=c, value=value))
                if isinstance(value, Decimal | int) and not isinstance(value, bool):
                    cell.number_format = xlsx.number_format_for(value)
                if isinstance(value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
        for column, options in (lists or {}).items():
            validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"')
            ws.add_data_validation(validation)
            validation.add(f"{column}2:{column}{max(len(rows) + 1, 2) + 500}")

    if plan is None:
        return structure_template.blank(workbook, table, _choice_lists())
    objectives = list(plan.objectives.order_by("number"))
    table(
        "objectives",
        [(o.number, o.short_title, o.statement, xlsx.plain(o.weight)) for o in objectives],
    )
    goals = list(Goal.objects.filter(plan=plan).order_by("kind", "code", "id"))
    goal_keys = {g.id: f"M{n}" for n, g in enumerate(goals, start=1)}
    kinds, units, annualizations, directions, periodicities = _choice_lists()
    table(
        "goals",
        [(goal_keys[g.id], _label(GoalKind, g.kind), g.code or None, g.name) for g in goals],
        {"B": kinds},
    )
    indicators = list(
        Indicator.objects.filter(plan=plan).select_related("responsible_unit").order_by("id")
    )
    keys = {i.id: f"I{n}" for n, i in enumerate(indicators, start=1)}
    table(
        "indicators",
        [
            (
                keys[i.id],
                goal_keys[i.goal_id],
                i.code or None,
                i.name,
                _label(MeasureUnit, i.unit),
                _label(Annualization, i.annualization),
                _label(Direction, i.direction),
                i.responsible_unit.code if i.responsible_unit else None,
                _label(Periodicity, i.periodicity),
                xlsx.plain(i.declared_total),
            )
            for i in indicators
        ],
        {"E": units, "F": annualizations, "G": directions, "I": periodicities},
    )
    table(
        "links",
        [
            (keys[link.indicator_id], number, link.year, xlsx.plain(link.weight))
            for link, number in (
                (link, link.objective.number)
                for link in ObjectiveLink.objects.filter(objective__plan=plan)
                .select_related("objective")
                .order_by("year", "objective__number", "indicator_id")
            )
        ],
    )
    table(
        "annual",
        [
            (keys[p.indicator_id], p.year, xlsx.plain(p.programmed))
            for p in AnnualProgramming.objects.filter(indicator__plan=plan).order_by(
                "indicator_id", "year"
            )
        ],
    )
    cutoffs = list(plan.cutoffs.order_by("date"))
    table("cutoffs", [(c.date, c.deadline) for c in cutoffs])
    table(
        "cutoff_programming",
        [
            (keys[p.indicator_id], p.cutoff.date, xlsx.plain(p.programmed))
            for p in CutoffProgramming.objects.filter(cutoff__plan=plan)
            .select_related("cutoff")
            .order_by("cutoff__date", "indicator_id")
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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


# --- Writing --------------------------------------------------------------------------------


@dataclass
class SheetCount:
    sheet: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class StructureResult:
    plan_slug: str = ""
    counts: dict[str, SheetCount] = field(default_factory=dict)
    errors: list[WorkbookError] = field(default_factory=list)
    warnings: list[WorkbookError] = field(default_factory=list)  # accepted, shown
    existing_plan: str = ""  # name of the plan the «Identificador» already belongs to

    @property
    def updates_existing(self) -> bool:
        """The file would change a plan that already exists (shown before confirming)."""
        return bool(self.existing_plan) and self.changed > 0

    @property
    def changed(self) -> int:
        return sum(c.new + c.updated for c in self.counts.values())


class _Rollback(Exception):
    pass


def _upsert(model, count: SheetCount, user, lookup: dict, values: dict):
    """get-or-create by ``lookup``, update ``values`` if they differ; count what happened."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj._history_user = user
        obj.save()
        count.new += 1
        return obj
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if changed:
        for k, v in changed.items():
            setattr(obj, k, v)
        obj._history_user = user
        obj.save()
        count.updated += 1
    else:
        count.unchanged += 1
    return obj


def run_structure_import(
    content: bytes,
    user,
    *,
    dry_run: bool = False,
    progress: Callable[[str, int], None] | None = None,
    update_existing: bool = False,
) -> StructureResult:
    """Check and (unless ``dry_run`` or any error) write the structure, all or nothing. A
    file whose «Identificador» is an existing plan's changes that plan only with
    ``update_existing``: a workbook copied from another plan never updates it silently."""
    parsed = parse_structure(content)
    result = StructureResult(plan_slug=parsed.plan.get("slug", ""), errors=list(parsed.errors))
    if not roles.is_planning(user):
        result.errors.append(
            WorkbookError(
                "", None, "", _("Solo la Oficina Asesora de Planeación configura planes.")
            )
        )
    if result.errors:
        return result
    counts = {
        key: SheetCount(title)
        for key, title in [("plan", PLAN_SHEET)] + [(k, v[0]) for k, v in SHEETS.items()]
    }
    result.counts = counts
    errors = result.errors
    try:
        with transaction.atomic():
            existing = Plan.objects.filter(slug=result.plan_slug).first()
            result.existing_plan = existing.name if existing else ""
            _write(parsed, user, counts, errors, progress, result.warnings)
            if result.updates_existing and not (update_existing or dry_run):
                errors.append(_existing_plan_error(result))
            if errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result


def _existing_plan_error(result: StructureResult) -> WorkbookError:
    return WorkbookError(
        PLAN_SHEET,
        3,
        "B (Valor)",
        _(
            "El identificador «%(slug)s» ya es del plan «%(name)s»: este libro lo "
            "actualizaría. Si copió el libro de otro plan, cambie el identificador; si quiere "
            "actualizar ese plan, confírmelo."
        )
        % {"slug": result.plan_slug, "name": result.existing_plan},
    )


def _write(parsed, user, counts, errors, progress, warnings):
    p = parsed.plan
    organisation = Organisation.objects.filter(code=p["organisation"]).first()
    if organisation is None:
        errors.append(
            WorkbookError(
                PLAN_SHEET,
                None,
                "B (Valor)",
                _("La organización «%(c)s» no existe.") % {"c": p["organisation"]},
            )
        )
        return
    plan = _upsert(
        Plan,
        counts["plan"],
        user,
        {"slug": p["slug"]},
        {
            "organisation": organisation,
            "kind": p["kind"],
            "name": p["name"],
            "start_year": p["start_year"],
            "end_year": p["end_year"],
            "indicator_set_rule": p["indicator_set_rule"],
            "cap_progress": p["cap_progress"],
            "mission": p.get("mission", ""),
            "vision": p.get("vision", ""),
            "adoption_act": p.get("adoption_act", ""),
        },
    )
    objectives = {}
    for o in parsed.objectives:
        objectives[o["number"]] = _upsert(
            Objective,
            counts["objectives"],
            user,
            {"plan": plan, "number": o["number"]},
            {"short_title": o["short_title"], "statement": o["statement"], "weight": o["weight"]},
        )
    goals = {
        key: _upsert(
            Goal,
            counts["goals"],
            user,
            {"plan": plan, "kind": g["kind"], "code": g["code"], "name": g["name"]},
            {},
        )
        for key, g in parsed.goals.items()
    }
    units = {u.code: u for u in Unit.objects.filter(organisation=organisation)}
    indicators = {}
    touched = set()  # indicators the file creates or changes (new data, not history)
    for n, (key, i) in enumerate(parsed.indicators.items(), start=1):
        if progress and n % 200 == 0:
            progress(SHEETS["indicators"][0], n)
        unit = None
        if i["responsible_unit"]:
            unit = units.get(i["responsible_unit"])
            if unit is None:
                errors.append(
                    WorkbookError(
                        SHEETS["indicators"][0],
                        i["row"],
                        "Dependencia",
                        _("La dependencia «%(c)s» no existe en la organización.")
                        % {"c": i["responsible_unit"]},
                    )
                )
                continue
        before = counts["indicators"].new + counts["indicators"].updated
        indicators[key] = _upsert(
            Indicator,
            counts["indicators"],
            user,
            {"plan": plan, "goal": goals[i["goal"]], "code": i["code"], "name": i["name"]},
            {
                "unit": i["unit"],
                "annualization": i["annualization"],
                "direction": i["direction"],
                "responsible_unit": unit,
                "periodicity": i["periodicity"],
                "declared_total": i["declared_total"],
            },
        )
        if counts["indicators"].new + counts["indicators"].updated > before:
            touched.add(key)
    if errors:
        return
    for link in parsed.links:
        _upsert(
            ObjectiveLink,
            counts["links"],
            user,
            {
                "objective": objectives[link["objective"]],
                "indicator": indicators[link["indicator"]],
                "year": link["year"],
            },
            {"weight": link["weight"]},
        )
    for a in parsed.annual:
        before = counts["annual"].new + counts["annual"].updated
        _upsert(
            AnnualProgramming,
            counts["annual"],
            user,
            {"indicator": indicators[a["indicator"]], "year": a["year"]},
            {"programmed": a["programmed"]},
        )
        if counts["annual"].new + counts["annual"].updated > before:
            touched.add(a["indicator"])
    cutoffs = {}
    for c in parsed.cutoffs:
        cutoff = Cutoff.objects.filter(plan=plan, date=c["date"]).first()
        if cutoff is None:
            cutoffs[c["date"]] = _upsert(
                Cutoff,
                counts["cutoffs"],
                user,
                {"plan": plan, "date": c["date"]},
                {"deadline": c["deadline"], "status": CutoffStatus.OPEN},
            )
        else:
            cutoffs[c["date"]] = _upsert(
                Cutoff,
                counts["cutoffs"],
                user,
                {"plan": plan, "date": c["date"]},
                {"deadline": c["deadline"]},
            )
    for cp in parsed.cutoff_programming:
        cutoff = cutoffs[cp["date"]]
        indicator = indicators[cp["indicator"]]
        existing = CutoffProgramming.objects.filter(indicator=indicator, cutoff=cutoff).first()
        if cutoff.status != CutoffStatus.OPEN and (
            existing is None or existing.programmed != cp["programmed"]
        ):
            errors.append(
                WorkbookError(
                    SHEETS["cutoff_programming"][0],
                    cp["row"],
                    "Programado",
                    _("El corte %(d)s está cerrado o publicado: su programación está bloqueada.")
                    % {"d": cp["date"].strftime("%d/%m/%Y")},
                )
            )
            continue
        _upsert(
            CutoffProgramming,
            counts["cutoff_programming"],
            user,
            {"indicator": indicator, "cutoff": cutoff},
            {"programmed": cp["programmed"]},
        )
    if not errors:
        structure_checks.check_written(
            parsed, plan, objectives, indicators, touched, errors, warnings
        )
