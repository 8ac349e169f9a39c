"""Investment projects with their yearly budget and their goals' programming and progress.

``project_queryset`` fetches everything in five queries; ``build`` (pure) turns the rows and a
mapping of indicator progress into what the pages print. Citizens see the progress of the
newest published snapshot (``public_projects``); directors see live figures (dashboards).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Sum

from indicators.models import Goal, Indicator
from plan import listing
from plan.fields import CUTOFF_FIGURES, PROGRESS, same_named
from plan.models import InvestmentProject, ProjectBudget
from publication.published import latest_payloads


@dataclass(frozen=True)
class Progress:
    date: datetime.date
    programmed_cutoff: Decimal | None
    executed: Decimal | None
    progress_at_cutoff: Decimal | None
    progress_in_year: Decimal | None
    status: str


@dataclass(frozen=True)
class ProjectIndicator:
    id: int
    plan_slug: str
    name: str
    unit: str
    annualization: str
    programming: tuple[tuple[int, Decimal], ...]
    progress: Progress | None
    total: Decimal | None = None  # the programming declared for the whole period (2020-2024)


@dataclass(frozen=True)
class ProjectGoal:
    code: str
    name: str
    indicators: tuple[ProjectIndicator, ...]


@dataclass(frozen=True)
class ProjectView:
    organisation: str
    code: str
    name: str
    general_objective: str
    budgets: tuple[tuple[int, Decimal], ...]
    goals: tuple[ProjectGoal, ...]

    @property
    def measured(self) -> bool:
        return any(i.progress for g in self.goals for i in g.indicators)


def _code_key(code: str):
    return (0, int(code), "") if code.isdigit() else (1, 0, code)


def project_queryset():
    """Projects with organisation, budgets, goals, their indicators and annual programming:
    five queries."""
    indicators = Indicator.objects.select_related("plan").prefetch_related("annual_programming")
    goals = Goal.objects.prefetch_related(Prefetch("indicators", queryset=indicators))
    return (
        InvestmentProject.objects.select_related("organisation")
        .prefetch_related("budgets", Prefetch("goals", queryset=goals))
        .order_by("organisation__name", "code")
    )


def build(projects, progress: Mapping[int, Progress]) -> list[ProjectView]:
    views = []
    for project in projects:
        goals = []
        for goal in sorted(project.goals.all(), key=lambda g: _code_key(g.code)):
            indicators = tuple(
                ProjectIndicator(
                    id=i.id,
                    plan_slug=i.plan.slug,
                    name=i.name,
                    unit=i.unit,
                    annualization=i.annualization,
                    programming=tuple(
                        (p.year, p.programmed)
                        for p in sorted(i.annual_programming.all(), key=lambda p: p.year)
                    ),
                    progress=progress.get(i.id),
                    total=i.declared_total,
                )
                for i in goal.indicators.all()
            )
            goals.append(ProjectGoal(goal.code, goal.name, indicators))
        views.append(
            ProjectView(
                organisation=project.organisation.name,
                code=project.code,
                name=project.name,
                general_objective=project.general_objective,
                budgets=tuple(
                    (b.year, b.amount) for b in sorted(project.budgets.all(), key=lambda b: b.year)
                ),
                goals=tuple(goals),
            )
        )
    return views


def budget_totals(projects) -> list[tuple[int, Decimal]]:
    """(year, total budget) of the projects of ``projects`` (a queryset, every page of the
    list): one query."""
    totals = (
        ProjectBudget.objects.filter(project__in=projects.values("pk"))
        .order_by("year")
        .values_list("year")
        .annotate(total=Sum("amount"))
    )
    return [(year, total) for year, total in totals]


def project_list_queryset():
    """``project_queryset`` by sector and entity, then code (plan.listing)."""
    return listing.with_sector(project_queryset()).order_by(*listing.sector_order(), "code")


SEARCH_FIELDS = ["name", "code", *listing.plan_fields(plan=None)]


def grouped(rows, views: list[ProjectView]) -> list[listing.SectorGroup]:
    """The page's projects under their sector and entity headers."""
    by_id = {row.pk: view for row, view in zip(rows, views, strict=True)}
    groups = listing.group(rows, listing.plan_sector, lambda p: p.organisation)
    for sector in groups:
        for entity in sector.entities:
            entity.items = [by_id[row.pk] for row in entity.items]
    return groups


def public_projects(projects) -> list[ProjectView]:
    """One query besides ``projects`` (a page of ``project_queryset``): the newest published
    snapshot of each plan that has goals of those projects."""
    plans = {i.plan_id for p in projects for g in p.goals.all() for i in g.indicators.all()}
    progress = {}
    for published in latest_payloads(plans).values():
        for indicator in published.indicators.values():
            progress[indicator.id] = Progress(
                date=published.date, **same_named(indicator, CUTOFF_FIGURES + PROGRESS)
            )
    return build(projects, progress)
