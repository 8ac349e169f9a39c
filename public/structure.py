"""A plan's structure as citizens may read it before any follow-up is published: its
objectives, goals and indicators with their yearly programming, grouped the way the reports
print them (investment projects with their budgets, process indicators by process,
integrated-plan activities by institutional plan, the other goals by kind).

``load_structure`` reads it in six queries whatever the plan's size; ``build`` (pure) groups
plain rows; ``indicator_records``/``objective_records``/``project_records`` give the open
data rows (no internal notes: ``Indicator.notes`` are transcribers' notes and stay inside).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from indicators.choices import Annualization, GoalKind
from indicators.choices import Unit as MeasureUnit
from indicators.models import Goal, Indicator, ObjectiveLink
from plan.choices import choice_label
from plan.fields import same_named
from plan.models import Objective, ProjectBudget


@dataclass(frozen=True)
class StructureIndicator:
    id: int
    code: str
    name: str
    unit: str
    annualization: str
    goal_kind: str
    goal_code: str
    goal_name: str
    programming: tuple[tuple[int, Decimal], ...]  # (year, programmed), by year
    total: Decimal | None  # the total declared for the whole period, if printed
    objectives: tuple[int, ...]  # numbers of the objectives it feeds

    @property
    def goal_label(self) -> str:
        return f"{self.goal_code}. {self.goal_name}" if self.goal_code else self.goal_name


@dataclass
class Group:
    """Indicators under one heading (a project, a process, an institutional plan, a kind)."""

    key: str
    title: str
    indicators: list[StructureIndicator] = field(default_factory=list)
    budgets: tuple[tuple[int, Decimal], ...] = ()


@dataclass(frozen=True)
class PlanStructure:
    objectives: tuple  # Objective rows (number, short_title, statement)
    projects: tuple[Group, ...]
    processes: tuple[Group, ...]
    institutional_plans: tuple[Group, ...]
    other: tuple[Group, ...]  # sectoral, strategic and other goals, one group per kind

    @property
    def indicator_count(self) -> int:
        groups = self.projects + self.processes + self.institutional_plans + self.other
        return sum(len(g.indicators) for g in groups)


def _code_key(code: str):
    return (0, int(code), "") if code.isdigit() else (1, 0, code)


def load_structure(plan) -> PlanStructure:
    """Six queries: objectives, goals (with project, process and institutional plan),
    indicators, their annual programming, their objective links, the projects' budgets."""
    objectives = list(Objective.objects.filter(plan=plan).order_by("number"))
    indicators = Indicator.objects.prefetch_related("annual_programming").order_by("id")
    goals = list(
        Goal.objects.filter(plan=plan)
        .select_related("investment_project", "process", "institutional_plan")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )
    links = defaultdict(set)
    for indicator_id, number in ObjectiveLink.objects.filter(objective__plan=plan).values_list(
        "indicator_id", "objective__number"
    ):
        links[indicator_id].add(number)
    project_ids = {g.investment_project_id for g in goals if g.investment_project_id}
    budgets = defaultdict(list)
    for budget in ProjectBudget.objects.filter(project__in=project_ids).order_by("year"):
        budgets[budget.project_id].append((budget.year, budget.amount))
    return build(objectives, goals, links, budgets)


def _indicator(indicator, goal, links) -> StructureIndicator:
    return StructureIndicator(
        **same_named(indicator, ("id", "code", "name", "unit", "annualization")),
        goal_kind=goal.kind,
        goal_code=goal.code,
        goal_name=goal.name,
        programming=tuple(
            sorted((p.year, p.programmed) for p in indicator.annual_programming.all())
        ),
        total=indicator.declared_total,
        objectives=tuple(sorted(links.get(indicator.id, ()))),
    )


def build(objectives, goals, links, budgets) -> PlanStructure:
    """Pure grouping of the loaded rows."""
    projects: dict[int, Group] = {}
    processes: dict[int, Group] = {}
    plans: dict[int, Group] = {}
    other: dict[str, Group] = {}
    for goal in sorted(goals, key=lambda g: _code_key(g.code)):
        if goal.investment_project_id:
            p = goal.investment_project
            group = projects.setdefault(
                p.id,
                Group(f"p{p.code}", f"{p.code} {p.name}", budgets=tuple(budgets.get(p.id, ()))),
            )
        elif goal.process_id:
            group = processes.setdefault(
                goal.process_id, Group(f"proc{goal.process.number}", str(goal.process))
            )
        elif goal.institutional_plan_id:
            group = plans.setdefault(
                goal.institutional_plan_id,
                Group(f"ip{goal.institutional_plan_id}", goal.institutional_plan.name),
            )
        else:
            group = other.setdefault(goal.kind, Group(goal.kind, choice_label(GoalKind, goal.kind)))
        group.indicators.extend(_indicator(i, goal, links) for i in goal.indicators.all())
    return PlanStructure(
        objectives=tuple(objectives),
        projects=tuple(sorted(projects.values(), key=lambda g: _code_key(g.key[1:]))),
        processes=tuple(sorted(processes.values(), key=lambda g: _code_key(g.key[4:]))),
        institutional_plans=tuple(sorted(plans.values(), key=lambda g: g.title)),
        other=tuple(other.values()),
    )


def _group_of(structure: PlanStructure):
    for kind, groups in (
        ("proyecto", structure.projects),
        ("proceso", structure.processes),
        ("plan_institucional", structure.institutional_plans),
        ("otra", structure.other),
    ):
        for group in groups:
            yield kind, group


def indicator_records(plan, structure: PlanStructure) -> list[dict]:
    """One row per indicator and programmed year (an indicator without programming: one row
    with an empty year)."""
    rows = []
    for kind, group in _group_of(structure):
        for i in group.indicators:
            for year, programmed in i.programming or ((None, None),):
                rows.append(
                    {
                        "plan": plan.slug,
                        "nombre_plan": plan.name,
                        "agrupacion": kind,
                        "nombre_agrupacion": group.title,
                        "tipo_meta": choice_label(GoalKind, i.goal_kind),
                        "codigo_meta": i.goal_code,
                        "meta": i.goal_name,
                        "codigo_indicador": i.code,
                        "indicador": i.name,
                        "objetivos": ";".join(str(n) for n in i.objectives),
                        "unidad_medida": choice_label(MeasureUnit, i.unit),
                        "anualizacion": choice_label(Annualization, i.annualization),
                        "vigencia": year,
                        "programado_vigencia": programmed,
                        "programado_total": i.total,
                    }
                )
    return rows


def objective_columns(objective) -> dict:
    """The open data columns that name an objective (a structure's or a published one), in
    the structure's dataset and in the published objectives' one."""
    return {
        "objetivo": objective.number,
        "nombre_objetivo": objective.short_title,
        "enunciado_objetivo": objective.statement,
    }


def objective_records(plan, structure: PlanStructure) -> list[dict]:
    return [
        {"plan": plan.slug, "nombre_plan": plan.name, **objective_columns(o)}
        for o in structure.objectives
    ]


def project_records(plan, structure: PlanStructure) -> list[dict]:
    return [
        {
            "plan": plan.slug,
            "codigo_proyecto": group.key[1:],
            "proyecto": group.title.split(" ", 1)[1] if " " in group.title else group.title,
            "vigencia": year,
            "presupuesto": amount,
            "metas": len({i.goal_code for i in group.indicators}),
        }
        for group in structure.projects
        for year, amount in group.budgets or ((None, None),)
    ]
