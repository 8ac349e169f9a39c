"""Writing a parsed plan-structure workbook to the database, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import (
    AnnualProgramming,
    CutoffProgramming,
    Goal,
    Indicator,
    ObjectiveLink,
)
from plan import roles, scoping
from plan.choices import CutoffStatus
from plan.models import Cutoff, Objective, Organisation, Plan, Unit
from reporting import structure_checks
from reporting.structure_parse import parse_structure
from reporting.structure_workbook import PLAN_SHEET, SHEETS
from reporting.xlsx import WorkbookError

# --- Writing --------------------------------------------------------------------------------


@dataclass
class SheetCount:
    sheet: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class StructureResult:
    plan_slug: str = ""
    counts: dict[str, SheetCount] = field(default_factory=dict)
    errors: list[WorkbookError] = field(default_factory=list)
    warnings: list[WorkbookError] = field(default_factory=list)  # accepted, shown
    existing_plan: str = ""  # name of the plan the «Identificador» already belongs to

    @property
    def updates_existing(self) -> bool:
        """The file would change a plan that already exists (shown before confirming)."""
        return bool(self.existing_plan) and self.changed > 0

    @property
    def changed(self) -> int:
        return sum(c.new + c.updated for c in self.counts.values())


class _Rollback(Exception):
    pass


def _upsert(model, count: SheetCount, user, lookup: dict, values: dict):
    """get-or-create by ``lookup``, update ``values`` if they differ; count what happened."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj._history_user = user
        obj.save()
        count.new += 1
        return obj
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if changed:
        for k, v in changed.items():
            setattr(obj, k, v)
        obj._history_user = user
        obj.save()
        count.updated += 1
    else:
        count.unchanged += 1
    return obj


def run_structure_import(
    content: bytes,
    user,
    *,
    dry_run: bool = False,
    progress: Callable[[str, int], None] | None = None,
    update_existing: bool = False,
) -> StructureResult:
    """Check and (unless ``dry_run`` or any error) write the structure, all or nothing. A
    file whose «Identificador» is an existing plan's changes that plan only with
    ``update_existing``: a workbook copied from another plan never updates it silently."""
    parsed = parse_structure(content)
    result = StructureResult(plan_slug=parsed.plan.get("slug", ""), errors=list(parsed.errors))
    if not roles.is_planning(user):
        result.errors.append(
            WorkbookError(
                "", None, "", _("Solo la Oficina Asesora de Planeación configura planes.")
            )
        )
    if result.errors:
        return result
    counts = {
        key: SheetCount(title)
        for key, title in [("plan", PLAN_SHEET)] + [(k, v[0]) for k, v in SHEETS.items()]
    }
    result.counts = counts
    errors = result.errors
    try:
        with transaction.atomic():
            existing = Plan.objects.filter(slug=result.plan_slug).first()
            result.existing_plan = existing.name if existing else ""
            _write(parsed, user, counts, errors, progress, result.warnings)
            if result.updates_existing and not (update_existing or dry_run):
                errors.append(_existing_plan_error(result))
            if errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result


def _existing_plan_error(result: StructureResult) -> WorkbookError:
    return WorkbookError(
        PLAN_SHEET,
        3,
        "B (Valor)",
        _(
            "El identificador «%(slug)s» ya es del plan «%(name)s»: este libro lo "
            "actualizaría. Si copió el libro de otro plan, cambie el identificador; si quiere "
            "actualizar ese plan, confírmelo."
        )
        % {"slug": result.plan_slug, "name": result.existing_plan},
    )


def _scope_error(user, organisation, slug) -> str | None:
    """The plan's organisation (and an existing plan's) must be one the user's planning
    office manages (plan.scoping): nothing of another entity's plan is written."""
    existing = Plan.objects.filter(slug=slug).values_list("organisation_id", flat=True).first()
    for org_id in (organisation.id, existing):
        if org_id is not None and not scoping.manages(user, org_id):
            return _(
                "El plan es de una organización que no está a cargo de su oficina de "
                "planeación: no se carga."
            )
    return None


def _write(parsed, user, counts, errors, progress, warnings):
    p = parsed.plan
    organisation = Organisation.objects.filter(code=p["organisation"]).first()
    if organisation is None:
        errors.append(
            WorkbookError(
                PLAN_SHEET,
                None,
                "B (Valor)",
                _("La organización «%(c)s» no existe.") % {"c": p["organisation"]},
            )
        )
        return
    if scope_error := _scope_error(user, organisation, p["slug"]):
        errors.append(WorkbookError(PLAN_SHEET, None, "B (Valor)", scope_error))
        return
    plan = _upsert(
        Plan,
        counts["plan"],
        user,
        {"slug": p["slug"]},
        {
            "organisation": organisation,
            "kind": p["kind"],
            "name": p["name"],
            "start_year": p["start_year"],
            "end_year": p["end_year"],
            "indicator_set_rule": p["indicator_set_rule"],
            "cap_progress": p["cap_progress"],
            "mission": p.get("mission", ""),
            "vision": p.get("vision", ""),
            "adoption_act": p.get("adoption_act", ""),
        },
    )
    objectives = {}
    for o in parsed.objectives:
        objectives[o["number"]] = _upsert(
            Objective,
            counts["objectives"],
            user,
            {"plan": plan, "number": o["number"]},
            {"short_title": o["short_title"], "statement": o["statement"], "weight": o["weight"]},
        )
    goals = {
        key: _upsert(
            Goal,
            counts["goals"],
            user,
            {"plan": plan, "kind": g["kind"], "code": g["code"], "name": g["name"]},
            {},
        )
        for key, g in parsed.goals.items()
    }
    units = {u.code: u for u in Unit.objects.filter(organisation=organisation)}
    indicators = {}
    touched = set()  # indicators the file creates or changes (new data, not history)
    for n, (key, i) in enumerate(parsed.indicators.items(), start=1):
        if progress and n % 200 == 0:
            progress(SHEETS["indicators"][0], n)
        unit = None
        if i["responsible_unit"]:
            unit = units.get(i["responsible_unit"])
            if unit is None:
                errors.append(
                    WorkbookError(
                        SHEETS["indicators"][0],
                        i["row"],
                        "Dependencia",
                        _("La dependencia «%(c)s» no existe en la organización.")
                        % {"c": i["responsible_unit"]},
                    )
                )
                continue
        before = counts["indicators"].new + counts["indicators"].updated
        indicators[key] = _upsert(
            Indicator,
            counts["indicators"],
            user,
            {"plan": plan, "goal": goals[i["goal"]], "code": i["code"], "name": i["name"]},
            {
                "unit": i["unit"],
                "annualization": i["annualization"],
                "direction": i["direction"],
                "responsible_unit": unit,
                "periodicity": i["periodicity"],
                "declared_total": i["declared_total"],
            },
        )
        if counts["indicators"].new + counts["indicators"].updated > before:
            touched.add(key)
    if errors:
        return
    for link in parsed.links:
        _upsert(
            ObjectiveLink,
            counts["links"],
            user,
            {
                "objective": objectives[link["objective"]],
                "indicator": indicators[link["indicator"]],
                "year": link["year"],
            },
            {"weight": link["weight"]},
        )
    for a in parsed.annual:
        before = counts["annual"].new + counts["annual"].updated
        _upsert(
            AnnualProgramming,
            counts["annual"],
            user,
            {"indicator": indicators[a["indicator"]], "year": a["year"]},
            {"programmed": a["programmed"]},
        )
        if counts["annual"].new + counts["annual"].updated > before:
            touched.add(a["indicator"])
    cutoffs = {}
    for c in parsed.cutoffs:
        cutoff = Cutoff.objects.filter(plan=plan, date=c["date"]).first()
        if cutoff is None:
            cutoffs[c["date"]] = _upsert(
                Cutoff,
                counts["cutoffs"],
                user,
                {"plan": plan, "date": c["date"]},
                {"deadline": c["deadline"], "status": CutoffStatus.OPEN},
            )
        else:
            cutoffs[c["date"]] = _upsert(
                Cutoff,
                counts["cutoffs"],
                user,
                {"plan": plan, "date": c["date"]},
                {"deadline": c["deadline"]},
            )
    for cp in parsed.cutoff_programming:
        cutoff = cutoffs[cp["date"]]
        indicator = indicators[cp["indicator"]]
        existing = CutoffProgramming.objects.filter(indicator=indicator, cutoff=cutoff).first()
        if cutoff.status != CutoffStatus.OPEN and (
            existing is None or existing.programmed != cp["programmed"]
        ):
            errors.append(
                WorkbookError(
                    SHEETS["cutoff_programming"][0],
                    cp["row"],
                    "Programado",
                    _("El corte %(d)s está cerrado o publicado: su programación está bloqueada.")
                    % {"d": cp["date"].strftime("%d/%m/%Y")},
                )
            )
            continue
        _upsert(
            CutoffProgramming,
            counts["cutoff_programming"],
            user,
            {"indicator": indicator, "cutoff": cutoff},
            {"programmed": cp["programmed"]},
        )
    if not errors:
        structure_checks.check_written(
            parsed, plan, objectives, indicators, touched, errors, warnings
        )
