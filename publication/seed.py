"""Loads the seed files of ``fixtures/seed/`` (format in fixtures/README.md).

Loading is idempotent (update_or_create on natural keys) and atomic per file.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from indicators.choices import MeasurementStatus
from indicators.models import (
    AnnualProgramming,
    CutoffProgramming,
    Goal,
    Indicator,
    Measurement,
    ObjectiveLink,
)
from plan.choices import CutoffStatus
from plan.immutability import loading_history
from plan.models import (
    Cutoff,
    InstitutionalPlan,
    InvestmentProject,
    Objective,
    Organisation,
    Plan,
    Process,
    ProjectBudget,
    Unit,
)
from publication.publishing import publish

SEED_DIR = Path(settings.BASE_DIR) / "fixtures" / "seed"


class SeedError(ValueError):
    pass


def decimal(value, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise SeedError(f"{where}: «{value}» no es un número") from None


def read_seed(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)  # noqa: S506 - the safe loader, in C


def seed_files() -> list[Path]:
    return sorted(SEED_DIR.glob("*.yaml"))


def load_all() -> list[Plan]:
    """The plans of fixtures/seed/*.yaml (only the plans; see load_everything)."""
    return [load_seed(read_seed(path)) for path in seed_files()]


def load_app_seeds() -> list[str]:
    """Seed data of other apps, after the plans: an app config may define ``load_seed()``
    (returning a one-line summary) to load its own files."""
    from django.apps import apps

    hooks = [getattr(config, "load_seed", None) for config in apps.get_app_configs()]
    return [hook() for hook in hooks if callable(hook)]


def load_everything() -> dict[str, list]:
    """Every seed: the plans first, then the apps that refer to them. Idempotent."""
    return {"plans": load_all(), "summaries": load_app_seeds()}


@transaction.atomic
def load_seed(data: dict) -> Plan:
    organisation, units, processes = _organisation(data)
    plan = _load_plan(organisation, data["plan"])
    objectives = _objectives(plan, data)
    projects = _projects(organisation, data)
    goals = _goals(plan, organisation, data, units, processes, projects)
    indicators = {}
    for i in data.get("indicators") or []:
        indicators[i["key"]] = _load_indicator(plan, i, goals, units, objectives)
    for c in data.get("cutoffs") or []:
        cutoff = _load_cutoff(plan, c, indicators)
        if cutoff.status == CutoffStatus.PUBLISHED and not cutoff.snapshots.exists():
            publish(cutoff)
    return plan


def _organisation(data: dict):
    """The organisation, its units by code and its processes by number."""
    org_data = data["organisation"]
    organisation = _organisation_row(org_data)
    units = {
        u["code"]: Unit.objects.update_or_create(
            organisation=organisation, code=u["code"], defaults={"name": u["name"]}
        )[0]
        for u in data.get("units") or []
    }
    processes = {
        p["number"]: Process.objects.update_or_create(
            organisation=organisation, number=p["number"], defaults={"name": p["name"]}
        )[0]
        for p in data.get("processes") or []
    }
    return organisation, units, processes


def _objectives(plan: Plan, data: dict) -> dict:
    return {
        o["number"]: Objective.objects.update_or_create(
            plan=plan,
            number=o["number"],
            defaults={
                "short_title": o["short_title"],
                "statement": o["statement"],
                "weight": decimal(o.get("weight", 1), f"objetivo {o['number']}"),
            },
        )[0]
        for o in data.get("objectives") or []
    }


def _projects(organisation: Organisation, data: dict) -> dict:
    """Investment projects by code, with their yearly budgets."""
    projects = {}
    for p in data.get("investment_projects") or []:
        project, _ = InvestmentProject.objects.update_or_create(
            organisation=organisation,
            code=str(p["code"]),
            defaults={"name": p["name"], "general_objective": p.get("general_objective") or ""},
        )
        for year, amount in (p.get("budgets") or {}).items():
            ProjectBudget.objects.update_or_create(
                project=project,
                year=int(year),
                defaults={"amount": decimal(amount, f"presupuesto {p['code']}")},
            )
        projects[project.code] = project
    return projects


def _goals(plan: Plan, organisation: Organisation, data: dict, units, processes, projects) -> dict:
    """The institutional plans, then the goals by key."""
    institutional_plans = {
        ip["name"]: InstitutionalPlan.objects.update_or_create(
            organisation=organisation,
            name=ip["name"],
            defaults={"unit": units.get(ip.get("unit"))},
        )[0]
        for ip in data.get("institutional_plans") or []
    }
    goals = {}
    for g in data.get("goals") or []:
        goals[g["key"]], _ = Goal.objects.update_or_create(
            plan=plan,
            kind=g["kind"],
            code=str(g.get("code") or ""),
            name=g["name"],
            defaults={
                "investment_project": projects.get(str(g.get("investment_project") or "")),
                "process": processes.get(g.get("process")),
                "institutional_plan": institutional_plans.get(g.get("institutional_plan")),
            },
        )
    return goals


def _organisation_row(org_data: dict) -> Organisation:
    """The organisation, and the sector it belongs to (created if the sector's own seed has
    not been loaded yet)."""
    defaults = {"name": org_data["name"], "kind": org_data["kind"]}
    sector = org_data.get("sector")
    if sector:
        defaults["sector"], _ = Organisation.objects.get_or_create(
            code=sector["code"], defaults={"name": sector["name"], "kind": "sector"}
        )
    organisation, _ = Organisation.objects.update_or_create(
        code=org_data["code"], defaults=defaults
    )
    return organisation


def _load_plan(organisation: Organisation, p: dict) -> Plan:
    plan, _ = Plan.objects.update_or_create(
        slug=p["slug"],
        defaults={
            "organisation": organisation,
            "kind": p["kind"],
            "name": p["name"],
            "start_year": p["start_year"],
            "end_year": p["end_year"],
            "mission": p.get("mission") or "",
            "vision": p.get("vision") or "",
            "adoption_act": p.get("adoption_act") or "",
            "methodology_notes": p.get("methodology_notes") or "",
            "indicator_set_rule": p["indicator_set_rule"],
            "cap_progress": bool(p.get("cap_progress", False)),
            "declared_total_weight": Decimal(str(p.get("declared_total_weight", 100))),
        },
    )
    return plan


def _load_indicator(plan, i: dict, goals, units, objectives) -> Indicator:
    where = f"indicador {i['key']}"
    if i["goal"] not in goals:
        raise SeedError(f"{where}: la meta «{i['goal']}» no existe")
    declared = i.get("declared_total")
    indicator, _ = Indicator.objects.update_or_create(
        plan=plan,
        goal=goals[i["goal"]],
        code=str(i.get("code") or ""),
        name=i["name"],
        defaults={
            "unit": i["unit"],
            "annualization": i["annualization"],
            "direction": i.get("direction", "higher"),
            "responsible_unit": units.get(i.get("responsible_unit")),
            "periodicity": i.get("periodicity", "quarterly"),
            "declared_total": decimal(declared, where) if declared is not None else None,
            "notes": i.get("notes") or "",
        },
    )
    for year, programmed in (i.get("programming") or {}).items():
        AnnualProgramming.objects.update_or_create(
            indicator=indicator,
            year=int(year),
            defaults={"programmed": decimal(programmed, where)},
        )
    for link in i.get("links") or []:
        if link["objective"] not in objectives:
            raise SeedError(f"{where}: el objetivo {link['objective']} no existe")
        ObjectiveLink.objects.update_or_create(
            objective=objectives[link["objective"]],
            indicator=indicator,
            year=int(link["year"]),
            defaults={"weight": decimal(link["weight"], where)},
        )
    return indicator


def _load_cutoff(plan: Plan, c: dict, indicators: dict) -> Cutoff:
    """A cutoff as its report published it: historical data (plan.immutability)."""
    with loading_history():
        return _load_cutoff_rows(plan, c, indicators)


def _load_cutoff_rows(plan: Plan, c: dict, indicators: dict) -> Cutoff:
    date = c["date"]
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    cutoff, _ = Cutoff.objects.update_or_create(
        plan=plan, date=date, defaults={"status": c.get("status", "open")}
    )
    for row in c.get("rows") or []:
        where = f"corte {date}, indicador {row['indicator']}"
        if row["indicator"] not in indicators:
            raise SeedError(f"{where}: el indicador no existe")
        indicator = indicators[row["indicator"]]
        CutoffProgramming.objects.update_or_create(
            indicator=indicator,
            cutoff=cutoff,
            defaults={"programmed": decimal(row["programmed"], where)},
        )
        if row.get("executed") is not None:
            Measurement.objects.update_or_create(
                indicator=indicator,
                cutoff=cutoff,
                defaults={
                    "executed": decimal(row["executed"], where),
                    "analysis": row.get("analysis") or "",
                    # a published report: the planning office's approved figure
                    "status": MeasurementStatus.APPROVED,
                },
            )
    return cutoff


def published_figures(data: dict) -> list[tuple[datetime.date, int, Decimal | None]]:
    """(cutoff date, objective number, published compliance or None) from a seed file."""
    rows = []
    for p in data.get("published") or []:
        date = p["cutoff"]
        if isinstance(date, str):
            date = datetime.date.fromisoformat(date)
        value = p["compliance"]
        rows.append((date, int(p["objective"]), None if value is None else Decimal(str(value))))
    return rows
