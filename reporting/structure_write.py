"""Writing a parsed plan-structure workbook to the database, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
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
    organisation = Organisation.objects.filter(code=parsed.plan["organisation"]).first()
    if organisation is None:
        errors.append(
            WorkbookError(
                PLAN_SHEET,
                None,
                "B (Valor)",
                _("La organización «%(c)s» no existe.") % {"c": parsed.plan["organisation"]},
            )
        )
        return
    if scope_error := _scope_error(user, organisation, parsed.plan["slug"]):
        errors.append(WorkbookError(PLAN_SHEET, None, "B (Valor)", scope_error))
        return
    writer = _Writer(parsed, user, counts, errors)
    plan = writer.plan(organisation)
    objectives = writer.objectives(plan)
    indicators = writer.indicators(plan, organisation, progress)
    if errors:
        return
    writer.links(objectives, indicators)
    writer.annual(indicators)
    writer.cutoff_programming(writer.cutoffs(plan), indicators)
    if not errors:
        structure_checks.check_written(
            parsed, plan, objectives, indicators, writer.touched, errors, warnings
        )


@dataclass
class _Writer:
    """Writes the sheets of a parsed structure in order, counting what changed."""

    parsed: object
    user: object
    counts: dict[str, SheetCount]
    errors: list[WorkbookError]
    touched: set = field(default_factory=set)  # indicator keys the file creates or changes

    def upsert(self, key: str, model, lookup: dict, values: dict):
        return _upsert(model, self.counts[key], self.user, lookup, values)

    def changed(self, key: str) -> int:
        return self.counts[key].new + self.counts[key].updated

    def plan(self, organisation) -> Plan:
        p = self.parsed.plan
        values = {
            "organisation": organisation,
            **{k: p[k] for k in ("kind", "name", "start_year", "end_year")},
            "indicator_set_rule": p["indicator_set_rule"],
            "cap_progress": p["cap_progress"],
            **{k: p.get(k, "") for k in ("mission", "vision", "adoption_act")},
        }
        return self.upsert("plan", Plan, {"slug": p["slug"]}, values)

    def objectives(self, plan: Plan) -> dict[int, Objective]:
        return {
            o["number"]: self.upsert(
                "objectives",
                Objective,
                {"plan": plan, "number": o["number"]},
                {k: o[k] for k in ("short_title", "statement", "weight")},
            )
            for o in self.parsed.objectives
        }

    def indicators(self, plan: Plan, organisation, progress) -> dict[str, Indicator]:
        goals = {
            key: self.upsert(
                "goals", Goal, {"plan": plan, **{k: g[k] for k in ("kind", "code", "name")}}, {}
            )
            for key, g in self.parsed.goals.items()
        }
        units = ReportingUnits(organisation)
        indicators = {}
        for n, (key, i) in enumerate(self.parsed.indicators.items(), start=1):
            if progress and n % 200 == 0:
                progress(SHEETS["indicators"][0], n)
            unit, problem = (
                units.find(i["responsible_unit"]) if i["responsible_unit"] else (None, "")
            )
            if problem:
                self.errors.append(_unit_error(i, problem))
                continue
            before = self.changed("indicators")
            indicators[key] = self.upsert(
                "indicators",
                Indicator,
                {"plan": plan, "goal": goals[i["goal"]], "code": i["code"], "name": i["name"]},
                {
                    **{k: i[k] for k in ("unit", "annualization", "direction", "periodicity")},
                    "responsible_unit": unit,
                    "declared_total": i["declared_total"],
                },
            )
            if self.changed("indicators") > before:
                self.touched.add(key)
        return indicators

    def links(self, objectives, indicators) -> None:
        for link in self.parsed.links:
            self.upsert(
                "links",
                ObjectiveLink,
                {
                    "objective": objectives[link["objective"]],
                    "indicator": indicators[link["indicator"]],
                    "year": link["year"],
                },
                {"weight": link["weight"]},
            )

    def annual(self, indicators) -> None:
        for a in self.parsed.annual:
            before = self.changed("annual")
            self.upsert(
                "annual",
                AnnualProgramming,
                {"indicator": indicators[a["indicator"]], "year": a["year"]},
                {"programmed": a["programmed"]},
            )
            if self.changed("annual") > before:
                self.touched.add(a["indicator"])

    def cutoffs(self, plan: Plan) -> dict:
        cutoffs = {}
        for c in self.parsed.cutoffs:
            values = {"deadline": c["deadline"]}
            if not Cutoff.objects.filter(plan=plan, date=c["date"]).exists():
                values["status"] = CutoffStatus.OPEN
            lookup = {"plan": plan, "date": c["date"]}
            cutoffs[c["date"]] = self.upsert("cutoffs", Cutoff, lookup, values)
        return cutoffs

    def cutoff_programming(self, cutoffs, indicators) -> None:
        for cp in self.parsed.cutoff_programming:
            cutoff = cutoffs[cp["date"]]
            indicator = indicators[cp["indicator"]]
            existing = CutoffProgramming.objects.filter(indicator=indicator, cutoff=cutoff).first()
            if cutoff.status != CutoffStatus.OPEN and (
                existing is None or existing.programmed != cp["programmed"]
            ):
                self.errors.append(_locked(cp))
                continue
            self.upsert(
                "cutoff_programming",
                CutoffProgramming,
                {"indicator": indicator, "cutoff": cutoff},
                {"programmed": cp["programmed"]},
            )


class ReportingUnits:
    """The units that may report in a plan of ``organisation``, named as in the «Dependencia»
    column: a unit of the plan's own organisation by its code (or ORGANIZACIÓN/DEPENDENCIA,
    the notation of ``grant_role --unit``), and, in a sector's plan (PES), a unit of one of
    the sector's entities as ENTIDAD/DEPENDENCIA. One query (and one more to explain a
    refusal)."""

    def __init__(self, organisation: Organisation):
        self.organisation = organisation
        self.units = {}
        for unit in Unit.objects.filter(
            Q(organisation=organisation) | Q(organisation__sector=organisation)
        ).select_related("organisation"):
            self.units[f"{unit.organisation.code}/{unit.code}"] = unit
            if unit.organisation_id == organisation.pk:
                self.units[unit.code] = unit

    def find(self, name: str) -> tuple[Unit | None, str]:
        """(the unit called ``name``, "") or (None, why it may not report in the plan)."""
        unit = self.units.get(name)
        if unit is not None:
            return unit, ""
        org_code, _sep, _unit = name.rpartition("/")
        if org_code and org_code != self.organisation.code and not self._in_sector(org_code):
            return None, _(
                "La dependencia «%(c)s» no es de %(org)s ni de una entidad de su sector: no "
                "puede reportar en este plan."
            ) % {"c": name, "org": self.organisation.name}
        return None, _("La dependencia «%(c)s» no existe en la organización.") % {"c": name}

    def _in_sector(self, code: str) -> bool:
        return Organisation.objects.filter(code=code, sector=self.organisation).exists()


def _unit_error(i: dict, problem: str) -> WorkbookError:
    return WorkbookError(SHEETS["indicators"][0], i["row"], "Dependencia", problem)


def _locked(cp: dict) -> WorkbookError:
    return WorkbookError(
        SHEETS["cutoff_programming"][0],
        cp["row"],
        "Programado",
        _("El corte %(d)s está cerrado o publicado: su programación está bloqueada.")
        % {"d": cp["date"].strftime("%d/%m/%Y")},
    )
