"""Builders of synthetic plans for tests (bulk inserts, a handful of queries whatever the size)."""

import datetime
import itertools
from decimal import Decimal as D

from indicators.models import (
    AnnualProgramming,
    CutoffProgramming,
    Goal,
    Indicator,
    Measurement,
    ObjectiveLink,
)
from plan import budget_totals
from plan.models import (
    Cutoff,
    InvestmentProject,
    Objective,
    Organisation,
    Plan,
    ProjectBudget,
    Unit,
)

_sequence = itertools.count(1)


def make_plan(
    indicators: int = 10,
    objectives: int = 4,
    *,
    status: str = "published",
    rule: str = "all_of_year",
    year: int = 2025,
    organisation: Organisation | None = None,
) -> Plan:
    """A plan with ``objectives`` objectives and ``indicators`` indicators spread over them,
    every other indicator also feeding the next objective, one cutoff at 30/06 of ``year``."""
    n = next(_sequence)
    if organisation is None:
        organisation, _ = Organisation.objects.get_or_create(
            code=f"org-{n}", defaults={"name": f"Entidad {n}", "kind": "entity"}
        )
    unit = Unit.objects.create(organisation=organisation, code=f"U{n}", name=f"Dependencia {n}")
    plan = Plan.objects.create(
        organisation=organisation,
        slug=f"plan-{n}",
        kind="PEI",
        name=f"Plan {n}",
        start_year=year,
        end_year=year + 3,
        indicator_set_rule=rule,
    )
    objs = Objective.objects.bulk_create(
        Objective(
            plan=plan, number=k + 1, short_title=f"Objetivo {k + 1}", statement=f"Enunciado {k + 1}"
        )
        for k in range(objectives)
    )
    goal = Goal.objects.create(plan=plan, kind="sectoral", code=f"{n}", name=f"Meta {n}")
    inds = Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            goal=goal,
            code=f"{n}-{k}",
            name=f"Indicador {k}",
            unit="number",
            annualization="suma",
            responsible_unit=unit,
        )
        for k in range(indicators)
    )
    cutoff = Cutoff.objects.create(plan=plan, date=datetime.date(year, 6, 30), status=status)
    _links(objs, inds, objectives, year)
    _figures(inds, cutoff, year)
    return plan


def _links(objs, inds, objectives: int, year: int) -> None:
    """Each indicator weighs 10 in one objective; every other one also 5 in the next."""
    links = []
    for k, indicator in enumerate(inds):
        links.append(
            ObjectiveLink(
                objective=objs[k % objectives], indicator=indicator, year=year, weight=D(10)
            )
        )
        if k % 2:
            links.append(
                ObjectiveLink(
                    objective=objs[(k + 1) % objectives],
                    indicator=indicator,
                    year=year,
                    weight=D(5),
                )
            )
    ObjectiveLink.objects.bulk_create(links)


def _figures(inds, cutoff, year: int) -> None:
    """Yearly and cutoff programming, and measurements for all but every seventh indicator."""
    AnnualProgramming.objects.bulk_create(
        AnnualProgramming(indicator=i, year=year, programmed=D(100)) for i in inds
    )
    CutoffProgramming.objects.bulk_create(
        CutoffProgramming(indicator=i, cutoff=cutoff, programmed=D(k % 3) * 25)
        for k, i in enumerate(inds)
    )
    Measurement.objects.bulk_create(
        Measurement(indicator=i, cutoff=cutoff, executed=D(k % 5) * 10, analysis="Análisis")
        for k, i in enumerate(inds)
        if k % 7
    )


def add_cutoffs(plan, dates):
    """More open cutoffs of a ``make_plan`` plan, each with the first cutoff's programming
    multiplied by its rank and its measurements raised by it (bulk inserts)."""
    first = Cutoff.objects.filter(plan=plan).earliest("date")
    programming = list(CutoffProgramming.objects.filter(cutoff=first))
    measured = list(Measurement.objects.filter(cutoff=first))
    for step, date in enumerate(dates, start=2):
        cutoff = Cutoff.objects.create(plan=plan, date=date, status="open")
        CutoffProgramming.objects.bulk_create(
            CutoffProgramming(
                indicator_id=p.indicator_id, cutoff=cutoff, programmed=p.programmed * step
            )
            for p in programming
        )
        Measurement.objects.bulk_create(
            Measurement(indicator_id=m.indicator_id, cutoff=cutoff, executed=m.executed + step)
            for m in measured
        )


def make_projects(count: int, goals: int = 3, year: int = 2025) -> Plan:
    """A plan whose ``count`` investment projects have a budget and ``goals`` goals each, every
    goal measured by one indicator programmed for the year (a handful of bulk inserts)."""
    plan = make_plan(indicators=1, year=year)
    projects = InvestmentProject.objects.bulk_create(
        InvestmentProject(organisation=plan.organisation, code=f"{9000 + k}", name=f"Proyecto {k}")
        for k in range(count)
    )
    ProjectBudget.objects.bulk_create(
        ProjectBudget(project=p, year=year, amount=D(1_000_000) * (k + 1))
        for k, p in enumerate(projects)
    )
    budget_totals.refresh([year])  # bulk_create sends no signal
    project_goals = Goal.objects.bulk_create(
        Goal(plan=plan, kind="project", code=f"{g + 1}", name=f"Meta {g + 1}", investment_project=p)
        for p in projects
        for g in range(goals)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            plan=plan, goal=g, name=f"Avance de {g.name}", unit="percent", annualization="suma"
        )
        for g in project_goals
    )
    AnnualProgramming.objects.bulk_create(
        AnnualProgramming(indicator=i, year=year, programmed=D(25)) for i in indicators
    )
    return plan


def reopen_for_correction(cutoff):
    """Reopen a closed or published cutoff as the workflow does, so that a test can correct
    its measurements (plan.immutability locks them otherwise). Returns the fresh cutoff."""
    from plan.immutability import workflow_move

    cutoff = Cutoff.objects.get(pk=cutoff.pk)
    cutoff.status = "open"
    with workflow_move(cutoff):
        cutoff.save(update_fields=["status"])
    return cutoff


def confirm_all(cutoff, reason="Revisado y confirmado por Planeación"):
    """A reason for every plausibility flag of ``cutoff`` (reporting.publication)."""
    from reporting.publication import publication_flags

    return {flag.key: reason for flag in publication_flags(cutoff)}
