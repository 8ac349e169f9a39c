"""Loads everything one plan needs at one cutoff in a constant number of SQL queries.

The result is plain data for the pure engine in ``indicators.compliance``; the pages and the
published snapshots use this one path, so what a page shows is what the golden tests check.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from indicators.compliance import (
    IndicatorFigures,
    Methodology,
    PlanResult,
    direction_of,
    plan_result,
)
from indicators.models import (
    AnnualProgramming,
    CutoffProgramming,
    Indicator,
    Measurement,
    ObjectiveLink,
)
from plan.models import Cutoff, Objective, Plan


@dataclass(frozen=True)
class PlanAtCutoff:
    """A plan's objects at one cutoff, and their computed compliance."""

    plan: Plan
    cutoff: Cutoff
    objectives: list[Objective]
    indicators: dict[int, Indicator]
    links: dict[int, list[ObjectiveLink]]  # objective id -> links of the cutoff's year
    measurements: dict[int, Measurement]  # indicator id -> measurement
    figures: dict[int, IndicatorFigures]
    result: PlanResult


def methodology_of(plan: Plan) -> Methodology:
    return Methodology(
        set_rule=plan.indicator_set_rule,
        cap_progress=plan.cap_progress,
        green_from=plan.green_from,
        yellow_from=plan.yellow_from,
        declared_total_weight=plan.declared_total_weight,
    )


def load_plan_at_cutoff(cutoff: Cutoff) -> PlanAtCutoff:
    """Six queries whatever the size of the plan (cutoff.plan must be loaded with it):

    objectives, indicators (with goal and unit), links of the year, annual programming of the
    year, programming at the cutoff, approved measurements at the cutoff.
    """
    plan = cutoff.plan
    year = cutoff.date.year
    objectives = list(Objective.objects.filter(plan=plan).order_by("number"))
    indicators = {
        i.id: i
        for i in Indicator.objects.filter(plan=plan).select_related(
            "goal", "responsible_unit", "goal__investment_project", "goal__process"
        )
    }
    links: dict[int, list[ObjectiveLink]] = defaultdict(list)
    for link in ObjectiveLink.objects.filter(objective__plan=plan, year=year).order_by("id"):
        links[link.objective_id].append(link)
    annual = dict(
        AnnualProgramming.objects.filter(indicator__plan=plan, year=year).values_list(
            "indicator_id", "programmed"
        )
    )
    at_cutoff = dict(
        CutoffProgramming.objects.filter(cutoff=cutoff).values_list("indicator_id", "programmed")
    )
    measurements = {
        m.indicator_id: m
        for m in Measurement.objects.counted().filter(cutoff=cutoff).select_related("reported_by")
    }
    figures = {
        indicator_id: IndicatorFigures(
            indicator_id=indicator_id,
            direction=direction_of(indicator.direction, indicator.annualization),
            programmed_year=annual.get(indicator_id),
            programmed_cutoff=at_cutoff.get(indicator_id),
            executed=measurements[indicator_id].executed if indicator_id in measurements else None,
        )
        for indicator_id, indicator in indicators.items()
    }
    result = plan_result(
        objective_links={
            o.id: [(link.indicator_id, link.weight) for link in links.get(o.id, [])]
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
        links=dict(links),
        measurements=measurements,
        figures=figures,
        result=result,
    )
