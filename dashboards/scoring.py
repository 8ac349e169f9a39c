"""The directors' scorecard and year-end projection, from loaded plans (pure: no queries).

Inputs are ``PlanAtCutoff`` objects of ``indicators.history``; the maths is in
``plan.scorecard`` and ``indicators.forecast``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators import compliance as engine
from indicators import forecast
from indicators.loading import PlanAtCutoff, methodology_of
from plan import scorecard

HUNDRED = Decimal(100)


def cutoff_figures(loaded: PlanAtCutoff) -> scorecard.CutoffFigures:
    return scorecard.CutoffFigures(
        date=loaded.cutoff.date,
        plan=scorecard.Figure(loaded.result.compliance, loaded.result.colour),
        objectives={
            o.number: scorecard.Figure(
                loaded.result.objectives[o.id].compliance,
                loaded.result.objectives[o.id].colour,
                o.short_title,
            )
            for o in loaded.objectives
        },
    )


def lagging(loaded: PlanAtCutoff) -> dict[int | None, int]:
    """Lagging indicators of each objective (by number) and of the plan (None)."""
    statuses = {i: r.status for i, r in loaded.result.indicators.items()}
    counts: dict[int | None, int] = {}
    every = []
    for objective in loaded.objectives:
        ids = [link.indicator_id for link in loaded.links.get(objective.id, [])]
        every.extend(ids)
        counts[objective.number] = scorecard.lagging_count(ids, statuses, engine.LAG)
    counts[None] = scorecard.lagging_count(every, statuses, engine.LAG)
    return counts


def year_so_far(history: Sequence[PlanAtCutoff], current: PlanAtCutoff) -> list[PlanAtCutoff]:
    """The cutoffs of the current one's year up to it, oldest first."""
    date = current.cutoff.date
    return [c for c in history if c.cutoff.date.year == date.year and c.cutoff.date <= date]


def projection(
    history: Sequence[PlanAtCutoff], current: PlanAtCutoff
) -> forecast.Projection | None:
    """The year-end projection at ``current``; None with fewer than two cutoffs in its year."""
    cutoffs = year_so_far(history, current)
    if len(cutoffs) < forecast.MIN_CUTOFFS:
        return None
    observations = [
        forecast.Observation(
            indicator_id,
            loaded.cutoff.date,
            figures.executed,
            current.indicators[indicator_id].annualization,
        )
        for loaded in cutoffs
        for indicator_id, figures in loaded.figures.items()
        if figures.executed is not None and indicator_id in current.indicators
    ]
    executed = forecast.project_indicators(forecast.frame(observations))
    return forecast.project_plan(
        year=current.cutoff.date.year,
        executed=executed,
        figures=current.figures,
        objective_links={
            o.id: [(link.indicator_id, link.weight) for link in current.links.get(o.id, [])]
            for o in current.objectives
        },
        objective_weights={o.id: o.weight for o in current.objectives},
        methodology=methodology_of(current.plan),
    )


def build(history: Sequence[PlanAtCutoff], current: PlanAtCutoff, projected=None):
    """The scorecard of ``current`` against the cutoffs before it (every cutoff, open ones
    included: the directors' view), with the projection when there is one."""
    upto = [c for c in history if c.cutoff.date <= current.cutoff.date]
    projections = {}
    if projected is not None:
        projections = {o.number: projected.objectives.get(o.id) for o in current.objectives}
        projections[None] = projected.plan
    plan = current.plan
    return scorecard.build(
        [cutoff_figures(c) for c in upto],
        (plan.green_from, plan.yellow_from),
        lagging(current),
        projections,
    )


@dataclass(frozen=True)
class ObjectiveOutlook:
    number: int
    title: str
    projection: Decimal


@dataclass(frozen=True)
class IndicatorOutlook:
    indicator_id: int
    code: str
    name: str
    executed: Decimal  # projected magnitude on 31 December
    programmed_year: Decimal | None
    progress: Decimal | None  # projected progress in the year


def outlook(current: PlanAtCutoff, projected: forecast.Projection):
    """Objectives projected to close the year below 100 % (lowest first) and indicators
    projected to close below their year's programming (lowest first)."""
    objectives = sorted(
        (
            ObjectiveOutlook(o.number, o.short_title, projected.objectives[o.id])
            for o in current.objectives
            if projected.objectives.get(o.id) is not None and projected.objectives[o.id] < HUNDRED
        ),
        key=lambda item: (item.projection, item.number),
    )
    indicators = sorted(
        (
            IndicatorOutlook(
                i,
                current.indicators[i].code,
                current.indicators[i].name,
                executed,
                current.figures[i].programmed_year,
                projected.progress.get(i),
            )
            for i, executed in projected.executed.items()
            if projected.progress.get(i) is not None and projected.progress[i] < HUNDRED
        ),
        key=lambda item: (item.progress, item.code),
    )
    return objectives, indicators
