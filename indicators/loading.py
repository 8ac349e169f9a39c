"""The one loader of the engine's inputs, for one cutoff, many cutoffs or many plans, in a
fixed number of SQL queries whatever the size of the plans.

``load_inputs`` fetches the rows behind ``IndicatorFigures`` (annual programming, programming
at the cutoffs, measurements) in three queries for any set of cutoffs and indicators, and
``Inputs.figures`` turns them into the engine's plain data (the effective direction included:
a «decreciente» indicator is lower-is-better). Every page, export, publication and workbook
builds its figures through it: ``load_plan_at_cutoff`` and ``load_plan_history`` (plans and
their objectives), ``reporting.queries`` (the reporting screens) and the directors' project
list. The pure engine is ``indicators.compliance``; what a page shows is what the golden tests
check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

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
    Goal,
    Indicator,
    Measurement,
    ObjectiveLink,
)
from plan.fields import same_named
from plan.models import Cutoff, Objective, Plan, Unit

# --- The engine's inputs -------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """Programming and measurements of some indicators at some cutoffs (see load_inputs)."""

    annual: Mapping[tuple[int, int], Decimal]  # (indicator id, year) -> programmed
    at_cutoff: Mapping[tuple[int, int], Decimal]  # (indicator id, cutoff id) -> programmed
    measurements: Mapping[tuple[int, int], Measurement]  # (indicator id, cutoff id)

    def measurement(self, indicator_id: int, cutoff: Cutoff) -> Measurement | None:
        return self.measurements.get((indicator_id, cutoff.id))

    def figures(self, indicator: Indicator, cutoff: Cutoff) -> IndicatorFigures:
        measurement = self.measurement(indicator.id, cutoff)
        return IndicatorFigures(
            indicator_id=indicator.id,
            direction=direction_of(indicator.direction, indicator.annualization),
            programmed_year=self.annual.get((indicator.id, cutoff.date.year)),
            programmed_cutoff=self.at_cutoff.get((indicator.id, cutoff.id)),
            executed=measurement.executed if measurement else None,
        )

    def figures_at(
        self, indicators: Iterable[Indicator], cutoff: Cutoff
    ) -> dict[int, IndicatorFigures]:
        return {i.id: self.figures(i, cutoff) for i in indicators}

    def annual_by_indicator(self) -> dict[int, dict[int, Decimal]]:
        by_indicator: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for (indicator_id, year), programmed in self.annual.items():
            by_indicator[indicator_id][year] = programmed
        return dict(by_indicator)


def load_inputs(
    cutoffs: Sequence[Cutoff],
    indicator_ids: Collection[int] | None = None,
    *,
    every_year: bool = False,
    counted_only: bool = True,
    related: Sequence[str] = ("reported_by",),
    annual: Mapping[tuple[int, int], Decimal] | None = None,
) -> Inputs:
    """Three queries for any number of cutoffs of any number of plans: annual programming,
    programming at the cutoffs, measurements (with ``related`` users).

    ``indicator_ids``: only these indicators (default: every indicator of the cutoffs' plans).
    ``every_year``: annual programming of every year, not only the cutoffs' years.
    ``counted_only``: approved measurements only (the figures); False for the reporting
    screens, which show drafts and reports under review. ``annual``: programming already
    loaded (e.g. prefetched), which saves its query.
    """
    cutoffs = list(cutoffs)
    if not cutoffs:
        return Inputs({}, {}, {})
    plan_ids = {c.plan_id for c in cutoffs}
    # Read into dicts: no order, as the models' orderings by cutoff and indicator join both
    # tables (and the indicators' plans) into every row.
    programming = CutoffProgramming.objects.filter(cutoff__in=cutoffs).order_by()
    measurements = (
        (Measurement.objects.counted() if counted_only else Measurement.objects)
        .filter(cutoff__in=cutoffs)
        .order_by()
    )
    if indicator_ids is not None:
        programming = programming.filter(indicator_id__in=indicator_ids)
        measurements = measurements.filter(indicator_id__in=indicator_ids)
    if annual is None:
        annual_rows = AnnualProgramming.objects.order_by()
        if indicator_ids is not None:
            annual_rows = annual_rows.filter(indicator_id__in=indicator_ids)
        else:
            annual_rows = annual_rows.filter(indicator__plan_id__in=plan_ids)
        if not every_year:
            annual_rows = annual_rows.filter(year__in={c.date.year for c in cutoffs})
        annual = {
            (i, y): p for i, y, p in annual_rows.values_list("indicator_id", "year", "programmed")
        }
    if related:  # select_related() with no names would join every non-null foreign key
        measurements = measurements.select_related(*related)
    return Inputs(
        annual=annual,
        at_cutoff={
            (i, c): p
            for i, c, p in programming.values_list("indicator_id", "cutoff_id", "programmed")
        },
        measurements={(m.indicator_id, m.cutoff_id): m for m in measurements},
    )


# --- A plan at one or several cutoffs ------------------------------------------------------


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


@dataclass(frozen=True)
class PlanHistory:
    plan: Plan
    cutoffs: list[PlanAtCutoff]  # oldest first
    objectives: list[Objective]
    indicators: dict[int, Indicator]
    annual: dict[int, dict[int, Decimal]]  # indicator id -> year -> programmed
    links: list[ObjectiveLink] = field(default_factory=list)  # every year (objective selected)

    def at(self, date) -> PlanAtCutoff | None:
        return next((c for c in self.cutoffs if c.cutoff.date == date), None)


def methodology_of(plan: Plan) -> Methodology:
    return Methodology(
        set_rule=plan.indicator_set_rule,
        **same_named(plan, ("cap_progress", "green_from", "yellow_from", "declared_total_weight")),
    )


def _structure(plan: Plan, **link_filter):
    """Objectives, indicators (with goal and unit) and links: five queries, each answered by
    an index whatever the district's size (``_with_goals_and_units``)."""
    objectives = list(Objective.objects.filter(plan=plan).order_by("number"))
    indicators = _with_goals_and_units(Indicator.objects.filter(plan=plan).order_by())
    links = list(
        ObjectiveLink.objects.filter(objective__plan=plan, **link_filter).order_by("year", "id")
    )
    return objectives, indicators, links


def _with_goals_and_units(indicators: Iterable[Indicator]) -> dict[int, Indicator]:
    """{id: indicator} with its goal (its project and process) and its unit, read by their
    ids. Joined to the indicators, the planner, which expects an average plan's number of
    indicators, hashed every goal and unit of the district to find those of a plan (3,7 ms at
    L for PES's 17 indicators, 0,3 ms at S): read by their ids, a plan's cost its own size."""
    found = {i.id: i for i in indicators}
    goal_ids = {i.goal_id for i in found.values()}
    unit_ids = {i.responsible_unit_id for i in found.values()} - {None}
    goals = Goal.objects.select_related("investment_project", "process").in_bulk(goal_ids)
    units = Unit.objects.in_bulk(unit_ids)
    for indicator in found.values():
        indicator.goal = goals[indicator.goal_id]
        if indicator.responsible_unit_id is not None:
            indicator.responsible_unit = units[indicator.responsible_unit_id]
    return found


def _assemble(plan, cutoff, objectives, indicators, links, inputs: Inputs) -> PlanAtCutoff:
    """A plan at one cutoff from loaded rows: the pure engine, no query."""
    year_links: dict[int, list[ObjectiveLink]] = defaultdict(list)
    for link in links:
        if link.year == cutoff.date.year:
            year_links[link.objective_id].append(link)
    figures = inputs.figures_at(indicators.values(), cutoff)
    result = plan_result(
        objective_links={
            o.id: [(link.indicator_id, link.weight) for link in year_links.get(o.id, [])]
            for o in objectives
        },
        objective_weights={o.id: o.weight for o in objectives},
        figures=figures,
        methodology=methodology_of(plan),
    )
    measurements = {
        indicator_id: m
        for indicator_id in indicators
        if (m := inputs.measurement(indicator_id, cutoff)) is not None
    }
    return PlanAtCutoff(
        plan=plan,
        cutoff=cutoff,
        objectives=objectives,
        indicators=indicators,
        links=dict(year_links),
        measurements=measurements,
        figures=figures,
        result=result,
    )


def load_plan_at_cutoff(cutoff: Cutoff) -> PlanAtCutoff:
    """Six queries whatever the size of the plan (cutoff.plan must be loaded with it):

    objectives, indicators (with goal and unit), links of the year, annual programming of the
    year, programming at the cutoff, approved measurements at the cutoff.
    """
    plan = cutoff.plan
    objectives, indicators, links = _structure(plan, year=cutoff.date.year)
    inputs = load_inputs([cutoff], indicator_ids=None)
    return _assemble(plan, cutoff, objectives, indicators, links, inputs)


def load_plan_history(plan: Plan, cutoffs: list[Cutoff] | None = None) -> PlanHistory:
    """Seven queries whatever the size of the plan and its number of cutoffs (six when the
    cutoffs are given): cutoffs, objectives, indicators (with goal and unit), links of every
    year, annual programming of every year, programming at the cutoffs, measurements.
    Each ``PlanAtCutoff`` equals what ``load_plan_at_cutoff`` returns for that cutoff."""
    if cutoffs is None:
        cutoffs = list(Cutoff.objects.filter(plan=plan).order_by("date"))
    cutoffs = sorted(cutoffs, key=lambda c: c.date)
    for cutoff in cutoffs:
        cutoff.plan = plan
    objectives, indicators, links = _structure(plan)
    by_id = {o.id: o for o in objectives}
    for link in links:
        link.objective = by_id[link.objective_id]
    inputs = load_inputs(cutoffs, every_year=True) if cutoffs else _annual_only(plan)
    loaded = [_assemble(plan, c, objectives, indicators, links, inputs) for c in cutoffs]
    return PlanHistory(plan, loaded, objectives, indicators, inputs.annual_by_indicator(), links)


def _annual_only(plan: Plan) -> Inputs:
    """A plan without cutoffs still shows its yearly programming (one query)."""
    rows = AnnualProgramming.objects.filter(indicator__plan=plan).values_list(
        "indicator_id", "year", "programmed"
    )
    return Inputs({(i, y): p for i, y, p in rows}, {}, {})
