"""What the directors' pages show, computed from loaded plans (pure: no queries, no HTTP).

Inputs are ``PlanAtCutoff`` objects (``indicators.loading``/``indicators.history``), whose
related objects were fetched by the loader; nothing here touches the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators import compliance as engine
from indicators.loading import PlanAtCutoff
from plan import charts
from plan.fields import CUTOFF_FIGURES, PROGRESS, same_named

HUNDRED = Decimal(100)


def objective_label(objective) -> str:
    return f"{objective.number}. {objective.short_title}"


def indicator_label(indicator) -> str:
    return f"{indicator.code} {indicator.name}" if indicator.code else indicator.name


def goal_label(goal) -> str:
    return f"{goal.code}. {goal.name}" if goal.code else goal.name


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator in one objective at one cutoff (an indicator feeding two objectives has
    two rows, one per weight). Indicators with no objective in the year have one row with
    ``objective_id`` None."""

    indicator_id: int
    objective_id: int | None
    objective_number: int | None
    objective: str
    goal: str
    goal_kind: str
    code: str
    indicator: str
    unit: str
    responsible_unit: str
    weight: Decimal | None
    programmed_year: Decimal | None
    programmed_cutoff: Decimal | None
    executed: Decimal | None
    progress_at_cutoff: Decimal | None
    progress_in_year: Decimal | None
    status: str
    gap: Decimal | None
    analysis: str
    evidence_url: str


def indicator_row(
    data: PlanAtCutoff, indicator_id: int, objective=None, weight=None
) -> IndicatorRow:
    indicator = data.indicators[indicator_id]
    figures = data.figures[indicator_id]
    result = data.result.indicators[indicator_id]
    measurement = data.measurements.get(indicator_id)
    return IndicatorRow(
        indicator_id=indicator_id,
        objective_id=objective.id if objective else None,
        objective_number=objective.number if objective else None,
        objective=objective_label(objective) if objective else "",
        goal=goal_label(indicator.goal),
        goal_kind=indicator.goal.kind,
        code=indicator.code,
        indicator=indicator.name,
        unit=indicator.unit,
        responsible_unit=indicator.responsible_unit.name if indicator.responsible_unit else "",
        weight=weight,
        programmed_year=figures.programmed_year,
        **same_named(figures, CUTOFF_FIGURES),
        **same_named(result, PROGRESS),
        gap=result.gap,
        analysis=measurement.analysis if measurement else "",
        evidence_url=measurement.evidence_url if measurement else "",
    )


def indicator_rows(data: PlanAtCutoff) -> list[IndicatorRow]:
    """Rows in objective order, then the indicators that feed no objective in the year."""
    rows, linked = [], set()
    for objective in data.objectives:
        for link in data.links.get(objective.id, []):
            rows.append(indicator_row(data, link.indicator_id, objective, link.weight))
            linked.add(link.indicator_id)
    rows.extend(indicator_row(data, i) for i in data.indicators if i not in linked)
    return rows


# --- Alerts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    row: IndicatorRow
    objectives: str  # "2; 3"
    points: Decimal | None  # percentage points below (lag) or above (over) 100 %


@dataclass(frozen=True)
class Alerts:
    lag: list[Alert]
    over: list[Alert]
    not_reported: list[Alert]


def alerts(data: PlanAtCutoff) -> Alerts:
    """Lagging indicators, largest gap (percentage points below 100 %) first; over-executed
    ones, largest excess first; programmed ones with no measurement yet."""
    objectives: dict[int, list[str]] = {}
    first: dict[int, IndicatorRow] = {}
    for row in indicator_rows(data):
        first.setdefault(row.indicator_id, row)
        if row.objective_number is not None:
            objectives.setdefault(row.indicator_id, []).append(str(row.objective_number))

    def alert(row: IndicatorRow) -> Alert:
        points = None
        if row.progress_at_cutoff is not None:
            points = abs(HUNDRED - row.progress_at_cutoff)
        return Alert(row, "; ".join(objectives.get(row.indicator_id, [])), points)

    lag = [alert(r) for r in first.values() if r.status == engine.LAG]
    over = [alert(r) for r in first.values() if r.status == engine.OVER]
    missing = [alert(r) for r in first.values() if r.status == engine.NOT_REPORTED]
    return Alerts(
        lag=sorted(lag, key=lambda a: (-a.points, a.row.code)),
        over=sorted(over, key=lambda a: (-a.points, a.row.code)),
        not_reported=sorted(missing, key=lambda a: (a.row.objective_number or 0, a.row.code)),
    )


# --- Comparing two cutoffs -------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    key: int
    label: str
    current: Decimal | None
    other: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.current is None or self.other is None:
            return None
        return self.current - self.other


def objective_changes(current: PlanAtCutoff, other: PlanAtCutoff) -> list[Change]:
    before = {o.number: other.result.objectives[o.id].compliance for o in other.objectives}
    return [
        Change(
            o.number,
            objective_label(o),
            current.result.objectives[o.id].compliance,
            before.get(o.number),
        )
        for o in current.objectives
    ]


def indicator_changes(current: PlanAtCutoff, other: PlanAtCutoff) -> list[Change]:
    return [
        Change(
            indicator_id,
            indicator_label(indicator),
            current.result.indicators[indicator_id].progress_at_cutoff,
            other.result.indicators[indicator_id].progress_at_cutoff
            if indicator_id in other.result.indicators
            else None,
        )
        for indicator_id, indicator in sorted(
            current.indicators.items(), key=lambda item: (item[1].code, item[0])
        )
    ]


# --- Trend across cutoffs --------------------------------------------------------------


def trend_series(history: Sequence[PlanAtCutoff], plan_label: str) -> list[charts.Series]:
    """The plan first, then each objective, over every cutoff (oldest first)."""
    if not history:
        return []
    series = [
        charts.Series(plan_label, tuple((d.cutoff.date, d.result.compliance) for d in history))
    ]
    for objective in history[-1].objectives:
        points = []
        for loaded in history:
            result = loaded.result.objectives.get(objective.id)
            points.append((loaded.cutoff.date, result.compliance if result else None))
        series.append(charts.Series(objective_label(objective), tuple(points)))
    return series


@dataclass(frozen=True)
class TrendRow:
    date: datetime.date
    values: tuple[Decimal | None, ...]


def trend_table(series: Sequence[charts.Series]) -> list[TrendRow]:
    """The same data as the trend chart, one row per cutoff, one column per series."""
    if not series:
        return []
    dates = [d for d, _v in series[0].points]
    return [TrendRow(date, tuple(s.points[k][1] for s in series)) for k, date in enumerate(dates)]


# --- Programmed vs executed -------------------------------------------------------------


def share_of_year(value: Decimal | None, programmed_year: Decimal | None) -> Decimal | None:
    """A magnitude as a percentage of the year's programming (None when not programmed)."""
    if value is None or not programmed_year:
        return None
    return value / programmed_year * HUNDRED


def programmed_executed_pairs(rows: Sequence[IndicatorRow]) -> list[charts.Pair]:
    return [
        charts.Pair(
            label=r.indicator,
            programmed=share_of_year(r.programmed_cutoff or Decimal(0), r.programmed_year),
            executed=share_of_year(r.executed, r.programmed_year),
            code=r.code,
        )
        for r in rows
    ]
