"""The district overview (pure): every plan's published objective figures as of a date.

The rows come from ``plan.published.district_figures`` (plain values read from the stored
figures of each publication, ``plan.models.ObjectiveFigure``); this module orders,
filters and counts them. Nothing here knows about the ORM or HTTP.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from plan.snapshots import ObjectiveCell, PlanFigures

COLOURS = ("green", "yellow", "red", "grey")
UNPUBLISHED = "unpublished"  # filter value: plans without a publication as of the date
BY_COMPLIANCE = "compliance"  # lowest plan compliance first
BY_NAME = "name"  # entity, then plan name


@dataclass(frozen=True)
class Row:
    plan: PlanFigures
    cells: tuple[ObjectiveCell | None, ...]  # objective 1..N; None: the plan has no such one


@dataclass(frozen=True)
class Overview:
    date: datetime.date
    numbers: tuple[int, ...]  # objective numbers shown as columns
    rows: list[Row]  # after the filter, in the chosen order
    plans: int  # every plan
    published: int  # plans with a publication as of the date
    plan_colours: dict[str, int]  # published plans by colour
    objective_colours: dict[str, int]  # their objectives by colour
    objectives: int  # their objectives


def _order(plan: PlanFigures, order: str):
    name = (plan.organisation.casefold(), plan.name.casefold(), plan.plan_id)
    if order == BY_NAME:
        return name
    # Lowest compliance first; published plans without a figure next; unpublished last.
    if plan.compliance is not None:
        return (0, plan.compliance, *name)
    return (1 if plan.published else 2, Decimal(0), *name)


def _matches(plan: PlanFigures, colour: str) -> bool:
    if not colour:
        return True
    if colour == UNPUBLISHED:
        return not plan.published
    return plan.published and plan.colour == colour


def build(
    date: datetime.date,
    plans: list[PlanFigures],
    colour: str = "",
    order: str = BY_COMPLIANCE,
) -> Overview:
    """Counts over every plan; rows filtered by the plan's colour and ordered."""
    published = [p for p in plans if p.published]
    objective_colours = Counter(o.colour for p in published for o in p.objectives)
    plan_colours = Counter(p.colour for p in published)
    numbers = tuple(sorted({o.number for p in plans for o in p.objectives}))
    rows = []
    for plan in sorted((p for p in plans if _matches(p, colour)), key=lambda p: _order(p, order)):
        by_number = {o.number: o for o in plan.objectives}
        rows.append(Row(plan, tuple(by_number.get(n) for n in numbers)))
    return Overview(
        date=date,
        numbers=numbers,
        rows=rows,
        plans=len(plans),
        published=len(published),
        plan_colours={c: plan_colours.get(c, 0) for c in COLOURS},
        objective_colours={c: objective_colours.get(c, 0) for c in COLOURS},
        objectives=sum(objective_colours.values()),
    )
