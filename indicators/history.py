"""Loads a plan at every one of its cutoffs in a constant number of SQL queries.

The directors' trend chart, the comparison of two cutoffs and an indicator's history need the
plan at several cutoffs; calling ``load_plan_at_cutoff`` once per cutoff would grow with the
number of cutoffs. This loader fetches each kind of row once for all cutoffs and computes each
cutoff with the same pure engine, so every ``PlanAtCutoff`` equals what
``indicators.loading.load_plan_at_cutoff`` returns for that cutoff (a test checks it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from indicators.compliance import IndicatorFigures, direction_of, plan_result
from indicators.loading import PlanAtCutoff, methodology_of
from indicators.models import (
    AnnualProgramming,
    CutoffProgramming,
    Indicator,
    Measurement,
    ObjectiveLink,
)
from plan.models import Cutoff, Objective, Plan


@dataclass(frozen=True)
class PlanHistory:
    plan: Plan
    cutoffs: list[PlanAtCutoff]  # oldest first
    objectives: list[Objective]
    indicators: dict[int, Indicator]
    annual: dict[int, dict[int, Decimal]]  # indicator id -> year -> programmed
    links: list[ObjectiveLink]  # every year (objective selected)

    def at(self, date) -> PlanAtCutoff | None:
        return next((c for c in self.cutoffs if c.cutoff.date == date), None)


def load_plan_history(plan: Plan, cutoffs: list[Cutoff] | None = None) -> PlanHistory:
    """Seven queries whatever the size of the plan and its number of cutoffs (six when the
    cutoffs are given): cutoffs, objectives, indicators (with goal and unit), links of every
    year, annual programming of every year, programming at the cutoffs, measurements."""
    if cutoffs is None:
        cutoffs = list(Cutoff.objects.filter(plan=plan).order_by("date"))
    cutoffs = sorted(cutoffs, key=lambda c: c.date)
    for cutoff in cutoffs:
        cutoff.plan = plan
    objectives = list(Objective.objects.filter(plan=plan).order_by("number"))
    objectives_by_id = {o.id: o for o in objectives}
    indicators = {
        i.id: i
        for i in Indicator.objects.filter(plan=plan).select_related(
            "goal", "responsible_unit", "goal__investment_project", "goal__process"
        )
    }
    links = list(ObjectiveLink.objects.filter(objective__plan=plan).order_by("year", "id"))
    for link in links:
        link.objective = objectives_by_id[link.objective_id]
    annual: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for indicator_id, year, programmed in AnnualProgramming.objects.filter(
        indicator__plan=plan
    ).values_list("indicator_id", "year", "programmed"):
        annual[indicator_id][year] = programmed
    at_cutoff: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for cutoff_id, indicator_id, programmed in CutoffProgramming.objects.filter(
        cutoff__in=cutoffs
    ).values_list("cutoff_id", "indicator_id", "programmed"):
        at_cutoff[cutoff_id][indicator_id] = programmed
    measurements: dict[int, dict[int, Measurement]] = defaultdict(dict)
    for m in Measurement.objects.counted().filter(cutoff__in=cutoffs).select_related("reported_by"):
        measurements[m.cutoff_id][m.indicator_id] = m
    loaded = [
        _assemble(
            plan,
            cutoff,
            objectives,
            indicators,
            links,
            annual,
            at_cutoff[cutoff.id],
            measurements[cutoff.id],
        )
        for cutoff in cutoffs
    ]
    return PlanHistory(plan, loaded, objectives, indicators, dict(annual), links)


def _assemble(plan, cutoff, objectives, indicators, links, annual, at_cutoff, measurements):
    year = cutoff.date.year
    year_links: dict[int, list[ObjectiveLink]] = defaultdict(list)
    for link in links:
        if link.year == year:
            year_links[link.objective_id].append(link)
    figures = {
        indicator_id: IndicatorFigures(
            indicator_id=indicator_id,
            direction=direction_of(indicator.direction, indicator.annualization),
            programmed_year=annual.get(indicator_id, {}).get(year),
            programmed_cutoff=at_cutoff.get(indicator_id),
            executed=measurements[indicator_id].executed if indicator_id in measurements else None,
        )
        for indicator_id, indicator in indicators.items()
    }
    result = plan_result(
        objective_links={
            o.id: [(link.indicator_id, link.weight) for link in year_links.get(o.id, [])]
            for o in objectives
        },
        objective_weights={o.id: o.weight for o in objectives},
        figures=figures,
        methodology=methodology_of(plan),
    )
    return PlanAtCutoff(
        plan=plan,
        cutoff=cutoff,
        objectives=objectives,
        indicators=indicators,
        links=dict(year_links),
        measurements=dict(measurements),
        figures=figures,
        result=result,
    )
