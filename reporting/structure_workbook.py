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
import functools
import io
from decimal import Decimal

from django.utils import translation
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
from opendata.writers import protect_cell
from plan.choices import IndicatorSetRule, PlanKind
from plan.models import Plan
from reporting import structure_template, xlsx

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
    _plan_sheet(workbook, plan)
    table = functools.partial(_table, workbook)
    if plan is None:
        return structure_template.blank(workbook, table, _choice_lists())
    keys = _goal_and_indicator_tables(table, plan)
    _weight_and_programming_tables(table, plan, keys)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _list_validation(sheet, options, cells: str) -> None:
    validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"')
    sheet.add_data_validation(validation)
    validation.add(cells)


def _plan_sheet(workbook, plan: Plan | None) -> None:
    sheet = workbook.active
    sheet.title = PLAN_SHEET
    xlsx.style_header(sheet, ["Campo", "Valor"], [28, 90])
    values = _plan_values(plan)
    for n, (key, label) in enumerate(PLAN_FIELDS, start=2):
        sheet.cell(row=n, column=1, value=label)
        protect_cell(sheet.cell(row=n, column=2, value=values[key]))
    _list_validation(sheet, _rule_labels(), "B8")
    for cell, options in (("B4", PlanKind.values), ("B9", [YES, NO])):
        _list_validation(sheet, options, cell)


def _table(workbook, key, rows, lists=None) -> None:
    """One data sheet: headers, the rows (numbers and dates formatted), drop-down columns."""
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
        _list_validation(ws, options, f"{column}2:{column}{max(len(rows) + 1, 2) + 500}")


def _goal_and_indicator_tables(table, plan: Plan) -> dict[int, str]:
    """Objectives, goals and indicators; the file keys of the indicators (id -> I<n>)."""
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
        Indicator.objects.filter(plan=plan)
        .select_related("responsible_unit__organisation")
        .order_by("id")
    )
    keys = {i.id: f"I{n}" for n, i in enumerate(indicators, start=1)}
    table(
        "indicators",
        [
            _indicator_row(i, keys[i.id], goal_keys[i.goal_id], plan.organisation_id)
            for i in indicators
        ],
        {"E": units, "F": annualizations, "G": directions, "I": periodicities},
    )
    return keys


def _unit_name(i: Indicator, plan_organisation_id: int) -> str | None:
    """The «Dependencia» cell: the unit's code, or ENTIDAD/DEPENDENCIA for a unit of another
    organisation (an entity's unit reporting in its sector's plan)."""
    unit = i.responsible_unit
    if unit is None:
        return None
    if unit.organisation_id == plan_organisation_id:
        return unit.code
    return f"{unit.organisation.code}/{unit.code}"


def _indicator_row(i: Indicator, key: str, goal_key: str, plan_organisation_id: int) -> tuple:
    return (
        key,
        goal_key,
        i.code or None,
        i.name,
        _label(MeasureUnit, i.unit),
        _label(Annualization, i.annualization),
        _label(Direction, i.direction),
        _unit_name(i, plan_organisation_id),
        _label(Periodicity, i.periodicity),
        xlsx.plain(i.declared_total),
    )


def _weight_and_programming_tables(table, plan: Plan, keys: dict[int, str]) -> None:
    links = (
        ObjectiveLink.objects.filter(objective__plan=plan)
        .select_related("objective")
        .order_by("year", "objective__number", "indicator_id")
    )
    table(
        "links",
        [
            (keys[link.indicator_id], link.objective.number, link.year, xlsx.plain(link.weight))
            for link in links
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
    table("cutoffs", [(c.date, c.deadline) for c in plan.cutoffs.order_by("date")])
    table(
        "cutoff_programming",
        [
            (keys[p.indicator_id], p.cutoff.date, xlsx.plain(p.programmed))
            for p in CutoffProgramming.objects.filter(cutoff__plan=plan)
            .select_related("cutoff")
            .order_by("cutoff__date", "indicator_id")
        ],
    )
