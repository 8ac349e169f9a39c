"""Year-end projection («proyección») of each indicator and objective (pure maths, pandas).

«A este ritmo»: from an indicator's executed magnitude at the cutoffs of a year so far, where
will it stand on 31 December?

- **Suma**: the executed magnitude is cumulative from January. It is fitted linearly (least
  squares) against the elapsed fraction of the year at each cutoff and read at 1 (the year's
  end); a cumulative figure never falls, so the projection is never below the last one.
- **Creciente, Constante, Decreciente**: the executed magnitude is a level; its linear trend
  over the elapsed fraction of the year is read at the year's end.

A projection needs at least two cutoffs of the year with a measurement: with fewer there is no
trend, and there is no projection (the pages say so in a sentence). A magnitude is never
projected below 0.

The objective's and the plan's projections are the compliance the engine
(``indicators.compliance.plan_result``) computes with the year's programming as the cutoff's
programming and the projected magnitudes as executed: the same rules, weights and cap as every
published figure. An objective whose programmed indicators cannot all be projected has none.

pandas does the arithmetic on floats; Decimals go in and come out (rounded to 4 decimals), so
magnitudes stay Decimal at the boundaries.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

import pandas as pd

from indicators.compliance import IndicatorFigures, Methodology, plan_result

SUMA = "suma"
MIN_CUTOFFS = 2
QUANTUM = Decimal("0.0001")


@dataclass(frozen=True)
class Observation:
    """An indicator's executed magnitude at one cutoff."""

    indicator_id: int
    date: datetime.date
    executed: Decimal
    annualization: str


def elapsed_fraction(date: datetime.date) -> float:
    """Share of its year elapsed at the end of ``date``: 31/12 is 1, 31/03/2026 is 90/365."""
    start = datetime.date(date.year, 1, 1)
    days = (datetime.date(date.year + 1, 1, 1) - start).days
    return ((date - start).days + 1) / days


def frame(observations: Iterable[Observation]) -> pd.DataFrame:
    """The observations as a DataFrame (one row per indicator and cutoff)."""
    rows = [
        {
            "indicator": o.indicator_id,
            "date": o.date,
            "fraction": elapsed_fraction(o.date),
            "executed": float(o.executed),
            "annualization": o.annualization,
        }
        for o in observations
    ]
    columns = ["indicator", "date", "fraction", "executed", "annualization"]
    return pd.DataFrame(rows, columns=columns)


def _to_decimal(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(QUANTUM)


def _project(group: pd.DataFrame) -> float | None:
    group = group.sort_values("fraction")
    if group["fraction"].nunique() < MIN_CUTOFFS:
        return None
    slope = group["fraction"].cov(group["executed"]) / group["fraction"].var()
    intercept = group["executed"].mean() - slope * group["fraction"].mean()
    projected = intercept + slope
    if group["annualization"].iloc[-1] == SUMA:
        projected = max(projected, group["executed"].iloc[-1])
    return max(float(projected), 0.0)


def project_indicators(data: pd.DataFrame) -> dict[int, Decimal]:
    """Indicator id -> projected executed magnitude on 31 December of the observations' year
    (only the indicators with at least two cutoffs of that year). The frame holds one year."""
    if data.empty:
        return {}
    projections = {}
    for indicator_id, group in data.groupby("indicator", sort=True):
        projected = _project(group)
        if projected is not None:
            projections[int(indicator_id)] = _to_decimal(projected)
    return projections


@dataclass(frozen=True)
class Projection:
    """Year-end projections: executed magnitude and progress of each indicator, compliance of
    each objective and of the plan (None where there is none)."""

    year: int
    executed: Mapping[int, Decimal]  # indicator id -> projected magnitude
    progress: Mapping[int, Decimal | None]  # indicator id -> projected progress in the year
    objectives: Mapping[int, Decimal | None]  # objective id -> projected compliance
    plan: Decimal | None


def project_plan(
    year: int,
    executed: Mapping[int, Decimal],
    figures: Mapping[int, IndicatorFigures],
    objective_links: Mapping[int, list[tuple[int, Decimal]]],
    objective_weights: Mapping[int, Decimal],
    methodology: Methodology,
) -> Projection:
    """Objectives' and plan's compliance at the year's end with the projected magnitudes.
    ``figures`` are the indicators' figures at the latest cutoff (their year's programming)."""
    year_end = {
        i: replace(f, programmed_cutoff=f.programmed_year, executed=executed.get(i))
        for i, f in figures.items()
    }
    result = plan_result(
        objective_links=objective_links,
        objective_weights=objective_weights,
        figures=year_end,
        methodology=methodology,
    )

    def projectable(objective_id: int) -> bool:
        return all(
            i in executed
            for i, _weight in objective_links.get(objective_id, [])
            if (figures[i].programmed_year or 0) > 0
        )

    objectives = {
        o: (result.objectives[o].compliance if projectable(o) else None) for o in objective_links
    }
    measured = [o for o in objective_links if result.objectives[o].compliance is not None]
    plan = result.compliance if all(objectives[o] is not None for o in measured) else None
    return Projection(
        year=year,
        executed=dict(executed),
        progress={i: result.indicators[i].progress_in_year for i in executed},
        objectives=objectives,
        plan=plan,
    )
