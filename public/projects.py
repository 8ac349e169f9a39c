"""One investment project in full: its yearly budget and its goals' programming and progress
(the project pages; the lists show a card per project: ``public.project_list``).

``project_detail`` fetches a project with everything in five queries; ``build`` (pure) turns
the rows and a mapping of indicator progress into what the page prints. Citizens see the
progress of the newest published snapshot (``public_projects``); directors see live figures
(dashboards.project_progress).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import F, Prefetch, Sum
from django.utils.translation import gettext

from indicators.choices import Annualization, Unit
from indicators.models import AnnualProgramming, Goal, Indicator
from plan import listing, search_text
from plan.budget_totals import totals as stored_totals
from plan.fields import CUTOFF_FIGURES, PROGRESS, same_named
from plan.formatting import format_date
from plan.models import ProjectBudget
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
    # What the row prints in the active language, worked out once per page (``grouped``).
    unit_label: str = ""
    annualization_label: str = ""
    progress_note: str = ""  # «de la vigencia, al <date>» when there is progress


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


def _with_related(projects):
    """``projects`` with what ``build`` reads, prefetched into lists (``budget_list``,
    ``goal_list``, each goal's ``indicator_list``, each indicator's ``programming``: a
    prefetched manager's ``all()`` builds a queryset at every call, hundreds a page).
    Budgets and programming are sorted by ``build``, and a goal's indicators share its plan:
    none of them is ordered by the models' default orderings, which join every row to its
    plan and organisation (at L the annual programming of a page read all 105.750
    indicators to sort 1.200 rows)."""
    programming = AnnualProgramming.objects.order_by()
    indicators = (
        Indicator.objects.annotate(plan_slug=F("plan__slug"))  # not the whole plan, per row
        .prefetch_related(Prefetch("annual_programming", programming, to_attr="programming"))
        .order_by("code", "id")  # Indicator's ordering within one plan
    )
    goals = Goal.objects.prefetch_related(
        Prefetch("indicators", queryset=indicators, to_attr="indicator_list")
    )
    return projects.select_related("organisation").prefetch_related(
        Prefetch("budgets", queryset=ProjectBudget.objects.order_by(), to_attr="budget_list"),
        Prefetch("goals", queryset=goals, to_attr="goal_list"),
    )


def build(projects, progress: Mapping[int, Progress]) -> list[ProjectView]:
    views = []
    for project in projects:
        goals = []
        for goal in sorted(project.goal_list, key=lambda g: _code_key(g.code)):
            indicators = tuple(
                ProjectIndicator(
                    id=i.id,
                    plan_slug=i.plan_slug,
                    name=i.name,
                    unit=i.unit,
                    annualization=i.annualization,
                    programming=tuple(
                        (p.year, p.programmed) for p in sorted(i.programming, key=lambda p: p.year)
                    ),
                    progress=progress.get(i.id),
                    total=i.declared_total,
                )
                for i in goal.indicator_list
            )
            goals.append(ProjectGoal(goal.code, goal.name, indicators))
        views.append(
            ProjectView(
                organisation=project.organisation.name,
                code=project.code,
                name=project.name,
                general_objective=project.general_objective,
                budgets=tuple(
                    (b.year, b.amount) for b in sorted(project.budget_list, key=lambda b: b.year)
                ),
                goals=tuple(goals),
            )
        )
    return views


def budget_totals(projects) -> list[tuple[int, Decimal]]:
    """(year, total budget) of the projects of ``projects`` (a queryset, every page of the
    list; None: every project, the stored totals of plan.budget_totals): one query, over the
    budgets of those projects only when they are not the whole district."""
    if projects is None:
        return stored_totals()
    budgets = ProjectBudget.objects.filter(project__in=projects.values("pk"))
    totals = budgets.order_by("year").values_list("year").annotate(total=Sum("amount"))
    return [(year, total) for year, total in totals]


def project_detail(projects, organisation: str, code: str) -> list:
    """The project ``code`` of the organisation ``organisation`` (its code) among
    ``projects``, with what ``build`` reads: a list of one project, or none. Five queries
    (one when there is no such project), whatever the project."""
    found = projects.filter(organisation__code=organisation, code=code).order_by()
    return list(_with_related(found))


SEARCH_ON = search_text.OWN_AND_ORGANISATION  # its name and code, its entity's, its sector's


def labelled(views: list[ProjectView]) -> list[ProjectView]:
    """``views`` with each indicator's unit, annualization and progress note in the active
    language, translated once per page (plan.listing, «Rows»: a page of 25 projects has
    some 300 indicator rows, and a translation looked up per row walked the catalogues
    hundreds of times)."""
    units, periods = listing.labels(Unit), listing.labels(Annualization)
    notes: dict[datetime.date, str] = {}

    def note(progress: Progress | None) -> str:
        if progress is None:
            return ""
        if progress.date not in notes:
            text = gettext("de la vigencia, al %(date)s")
            notes[progress.date] = text % {"date": format_date(progress.date)}
        return notes[progress.date]

    def label(indicator: ProjectIndicator) -> ProjectIndicator:
        return replace(
            indicator,
            unit_label=units.get(indicator.unit, indicator.unit or ""),
            annualization_label=periods.get(indicator.annualization, indicator.annualization or ""),
            progress_note=note(indicator.progress),
        )

    return [
        replace(
            view,
            goals=tuple(
                replace(goal, indicators=tuple(label(i) for i in goal.indicators))
                for goal in view.goals
            ),
        )
        for view in views
    ]


def public_projects(projects) -> list[ProjectView]:
    """One query besides ``projects`` (``project_detail``): the newest published
    snapshot of each plan that has goals of those projects."""
    plans = {i.plan_id for p in projects for g in p.goal_list for i in g.indicator_list}
    progress = {}
    for published in latest_payloads(plans).values():
        for indicator in published.indicators.values():
            progress[indicator.id] = Progress(
                date=published.date, **same_named(indicator, CUTOFF_FIGURES + PROGRESS)
            )
    return build(projects, progress)
