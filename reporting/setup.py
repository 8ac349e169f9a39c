"""Plan set-up by the planning office without the admin: copy a plan's structure into a new
plan or period, weights per year and yearly programming in grids. Each write is one
transaction, checks the role and records who did it; the checks are those of the structure
workbook (plan.validation)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators import validation
from indicators.models import AnnualProgramming, Goal, Indicator, ObjectiveLink
from plan import permissions, roles, scoping
from plan.choices import IndicatorSetRule
from plan.models import Plan
from reporting.workflow import TransitionError


def require_planning(user, plan: Plan | None = None) -> None:
    """The planning office, of an organisation that owns ``plan`` (plan.scoping)."""
    if not roles.is_planning(user):
        raise TransitionError(_("Solo la Oficina Asesora de Planeación configura planes."))
    if plan is not None and not scoping.manages(user, plan.organisation_id):
        raise TransitionError(
            _("Este plan no pertenece a una organización a cargo de su oficina de planeación.")
        )


def _save(obj, user, exclude=None):
    try:
        obj.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        raise TransitionError("; ".join(error.messages)) from None
    obj._history_user = user
    obj.save()
    return obj


@transaction.atomic
def copy_structure(source: Plan, target: Plan, user) -> int:
    """Objectives, goals, indicators, weights and yearly programming of ``source`` into the
    empty plan ``target``, moved by the difference of their start years (a PAI 2024 gives the
    PAI 2025); years that fall outside ``target`` are left out. No cutoffs, no reports.
    Returns how many indicators were copied."""
    require_planning(user, target)
    if not scoping.plans(user, permissions.READ).filter(pk=source.pk).exists():
        raise TransitionError(_("No puede copiar la estructura de un plan fuera de su alcance."))
    if target.indicators.exists() or target.objectives.exists():
        raise TransitionError(_("Solo se copia la estructura en un plan vacío."))
    shift = target.start_year - source.start_year
    years = set(target.years)
    objectives = {
        o.id: _save(_copy(o, plan=target), user) for o in source.objectives.order_by("number")
    }
    goals = {
        g.id: _save(_copy(g, plan=target), user)
        for g in Goal.objects.filter(plan=source).order_by("id")
    }
    indicators = {
        i.id: _save(_copy(i, plan=target, goal=goals[i.goal_id], declared_total=None), user)
        for i in Indicator.objects.filter(plan=source).order_by("id")
    }
    for link in ObjectiveLink.objects.filter(objective__plan=source):
        if link.year + shift in years:
            copied = _copy(
                link,
                objective=objectives[link.objective_id],
                indicator=indicators[link.indicator_id],
                year=link.year + shift,
            )
            _save(copied, user)
    for p in AnnualProgramming.objects.filter(indicator__plan=source):
        if p.year + shift in years:
            _save(_copy(p, indicator=indicators[p.indicator_id], year=p.year + shift), user)
    return len(indicators)


def _copy(obj, **changes):
    """An unsaved copy of ``obj`` (same field values, no id) with ``changes``."""
    values = {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.editable
    }
    copy = type(obj)(**values)
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


# --- Weights per year -----------------------------------------------------------------------


def weight_grid(plan: Plan, year: int):
    """(objective, [(indicator, weight or None)]) for every pair linked in any year (3
    queries): a new year starts from the pairs of the others."""
    objectives = list(plan.objectives.order_by("number"))
    pairs = defaultdict(dict)
    for link in (
        ObjectiveLink.objects.filter(objective__plan=plan)
        .select_related("indicator")
        .order_by("indicator__code", "indicator_id", "year")
    ):
        row = pairs[link.objective_id].setdefault(link.indicator_id, [link.indicator, None])
        if link.year == year:
            row[1] = link.weight
    return [(o, [tuple(r) for r in pairs[o.id].values()]) for o in objectives]


def apply_grid(existing: dict, values: Mapping, field: str, new_row, user, exclude=None) -> int:
    """Write a grid of cells into ``existing`` rows (by key): None deletes the row, an equal
    value leaves it, anything else is validated (but the fields in ``exclude``) and saved (with
    history by ``user``). Returns how many rows changed."""
    changed = 0
    for key, value in values.items():
        row = existing.get(key)
        if value is None:
            if row is not None:
                row._history_user = user
                row.delete()
                del existing[key]
                changed += 1
            continue
        if row is not None and getattr(row, field) == value:
            continue
        row = row or new_row(key)
        setattr(row, field, value)
        existing[key] = _save(row, user, exclude)
        changed += 1
    return changed


@transaction.atomic
def save_weights(
    plan: Plan, year: int, values: Mapping[tuple[int, int], Decimal | None], user
) -> list[str]:
    """Store the weights of ``year`` (None: the indicator does not feed that objective that
    year); with the rule «all indicators of the year», every objective with weights must sum
    to 100 (rounding accepted). All or nothing; returns the accepted rounding notes."""
    require_planning(user, plan)
    if year not in plan.years:
        raise TransitionError(_("La vigencia %(y)s no es del plan.") % {"y": year})
    objective_ids = set(plan.objectives.values_list("id", flat=True))
    indicator_ids = set(plan.indicators.values_list("id", flat=True))
    if any(o not in objective_ids or i not in indicator_ids for o, i in values):
        raise TransitionError(_("Hay objetivos o indicadores que no son de este plan."))
    existing = {
        (link.objective_id, link.indicator_id): link
        for link in ObjectiveLink.objects.select_for_update(of=("self",)).filter(
            objective__plan=plan, year=year
        )
    }
    apply_grid(
        existing,
        values,
        "weight",
        lambda key: ObjectiveLink(objective_id=key[0], indicator_id=key[1], year=year),
        user,
    )
    return _weight_notes(plan, existing.values())


def _weight_notes(plan: Plan, links) -> list[str]:
    by_objective = defaultdict(list)
    for link in links:
        by_objective[link.objective_id].append(link.weight)
    if plan.indicator_set_rule != IndicatorSetRule.ALL_OF_YEAR:
        return []
    numbers = dict(plan.objectives.values_list("id", "number"))
    notes, problems = [], []
    for objective_id, weights in sorted(by_objective.items(), key=lambda kv: numbers[kv[0]]):
        check = validation.weight_sum_check(weights)
        label = _("Objetivo %(n)s") % {"n": numbers[objective_id]}
        if check.message:
            problems.append(f"{label}: {check.message}")
        elif check.note:
            notes.append(f"{label}: {check.note}")
    if problems:
        raise TransitionError(" ".join(problems))
    return notes


# --- Yearly programming ---------------------------------------------------------------------


def programming_grid(plan: Plan):
    """Indicators with their yearly programming by year (2 queries)."""
    indicators = list(plan.indicators.order_by("code", "id"))
    yearly = defaultdict(dict)
    for indicator_id, year, programmed in AnnualProgramming.objects.filter(
        indicator__plan=plan
    ).values_list("indicator_id", "year", "programmed"):
        yearly[indicator_id][year] = programmed
    return [(i, yearly[i.id]) for i in indicators]


@transaction.atomic
def save_yearly_programming(
    plan: Plan,
    values: Mapping[tuple[int, int], Decimal | None],
    declared: Mapping[int, Decimal | None],
    user,
) -> list[str]:
    """Store the yearly programming and the declared totals, all or nothing. A total that
    contradicts the annualisation is accepted and returned as a warning for each indicator
    (DOMAIN.md: flagged, never silently accepted)."""
    require_planning(user, plan)
    indicators = {i.id: i for i in plan.indicators.select_for_update(of=("self",))}
    if any(i not in indicators for i, _y in values) or any(i not in indicators for i in declared):
        raise TransitionError(_("Hay indicadores que no son de este plan."))
    if any(y not in plan.years for _i, y in values):
        raise TransitionError(_("Hay vigencias fuera del periodo del plan."))
    existing = {
        (p.indicator_id, p.year): p
        for p in AnnualProgramming.objects.select_for_update(of=("self",)).filter(
            indicator__plan=plan
        )
    }
    apply_grid(
        existing,
        values,
        "programmed",
        lambda key: AnnualProgramming(indicator_id=key[0], year=key[1]),
        user,
    )
    for indicator_id, total in declared.items():
        indicator = indicators[indicator_id]
        if indicator.declared_total != total:
            indicator.declared_total = total
            _save(indicator, user)
    yearly = defaultdict(dict)
    for (indicator_id, year), row in existing.items():
        yearly[indicator_id][year] = row.programmed
    warnings = []
    for indicator_id, indicator in indicators.items():
        for message in validation.annualisation_problems(
            indicator.annualization, yearly.get(indicator_id, {}), indicator.declared_total
        ):
            warnings.append(f"{indicator.code or indicator.name[:60]}: {message}")
    return warnings
