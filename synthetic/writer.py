"""Writes synthetic plans into the database: bulk inserts, and COPY on PostgreSQL for the
large tables (programming and measurements), so size L loads in minutes."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable

from django.db import connection, models, transaction
from django.utils import timezone

from indicators.models import (
    AnnualProgramming,
    CutoffProgramming,
    Goal,
    Indicator,
    Measurement,
    ObjectiveLink,
)
from plan import list_order
from plan.choices import OrganisationKind
from plan.models import Cutoff, Objective, Organisation, Plan, Unit
from synthetic.design import PlanDesign


def _copy_text(value) -> str:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _field_default(field: models.Field, now: datetime.datetime):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def copy_rows(model: type[models.Model], rows: Iterable[dict]) -> int:
    """Insert ``rows`` (attname -> value) into ``model``'s table; unspecified fields take their
    defaults. COPY on PostgreSQL, bulk_create elsewhere. Returns the number of rows."""
    # The database computes its generated columns (plan.search_text) itself.
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key or f.generated)]
    now = timezone.now()
    defaults = {f.attname: _field_default(f, now) for f in fields}
    if connection.vendor != "postgresql":
        objects = [model(**{**defaults, **row}) for row in rows]
        model.objects.bulk_create(objects, batch_size=2000)
        return len(objects)
    buffer = io.StringIO()
    count = 0
    for row in rows:
        values = (row.get(f.attname, defaults[f.attname]) for f in fields)
        buffer.write("\t".join(_copy_text(v) for v in values) + "\n")
        count += 1
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN",
            buffer,
        )
    return count


@transaction.atomic
def write_plans(
    designs: list[PlanDesign], open_last: bool = True, renumber: bool = True
) -> dict[str, int]:
    """Create the plans of ``designs``; the last cutoff of each is left open, the rest
    published (snapshots are made apart, by ``publish_latest``). An entity's projects, risk
    register and accountability strategy come with its plan (synthetic.writer_registers).
    ``renumber=False`` leaves the district's list order (plan.list_order) to the caller: a
    caller writing many batches renumbers once at the end, since each renumbering rewrites
    the place of every organisation after the new ones (at L, 22 batches left the
    organisations' table ten times its size)."""
    plans, units, objective_ids, goal_ids = _plans(designs)
    if renumber:
        list_order.renumber()  # bulk writes send no signal
    indicators = _indicators(plans, units, designs, goal_ids)
    cutoffs = _cutoffs(plans, designs, open_last)
    cutoff_ids = {(c.plan_id, c.date): c.id for c in cutoffs}
    pairs = []  # (plan, design of indicator, indicator id)
    position = 0
    for p, d in zip(plans, designs, strict=True):
        for i in d.indicators:
            pairs.append((p, i, indicators[position].id))
            position += 1
    counts = {"plans": len(plans), "indicators": len(indicators), "cutoffs": len(cutoffs)}
    counts |= _copy_figures(pairs, objective_ids, cutoff_ids)
    from synthetic.writer_registers import write_registers  # it uses copy_rows from here

    return counts | write_registers(plans, designs, goal_ids)


def _plans(designs: list[PlanDesign]):
    """Organisations, their planning units, plans, objectives and goals (one per objective)."""
    organisations = Organisation.objects.bulk_create(
        Organisation(code=d.slug, name=d.organisation, kind=d.organisation_kind) for d in designs
    )
    _place_in_sectors(organisations, designs)
    units = Unit.objects.bulk_create(
        Unit(organisation=o, code="OAP", name="Oficina Asesora de Planeación")
        for o in organisations
    )
    plans = Plan.objects.bulk_create(
        Plan(
            organisation=o,
            slug=d.slug,
            kind=d.kind,
            name=d.name,
            start_year=d.cutoff_dates[0].year,
            end_year=d.cutoff_dates[-1].year,
            mission=d.mission,
            vision=d.vision,
            indicator_set_rule=("all_of_year", "programmed_in_year", "programmed_at_cutoff")[
                d.number % 3
            ],
        )
        for o, d in zip(organisations, designs, strict=True)
    )
    objectives = Objective.objects.bulk_create(
        Objective(plan=p, number=o.number, short_title=o.short_title, statement=o.statement)
        for p, d in zip(plans, designs, strict=True)
        for o in d.objectives
    )
    objective_ids = {(o.plan_id, o.number): o.id for o in objectives}
    goals = Goal.objects.bulk_create(
        Goal(
            plan=p,
            kind="strategic",
            code=str(o.number),
            name=f"Cumplir el plan de trabajo del objetivo «{o.short_title}»",
        )
        for p, d in zip(plans, designs, strict=True)
        for o in d.objectives
    )
    goal_ids = {(g.plan_id, int(g.code)): g.id for g in goals}
    return plans, units, objective_ids, goal_ids


def _place_in_sectors(organisations: list[Organisation], designs: list[PlanDesign]) -> None:
    """Set each organisation's sector: a sector organisation among these plans' own, one
    already stored (the seed's Sector Gestión Pública) or a new one (a municipality's
    department, which owns no plan)."""
    kind = OrganisationKind.SECTOR
    wanted = {d.sector for d in designs if d.sector}
    known = {o.name: o for o in organisations if o.kind == kind and o.name in wanted}
    known |= {
        o.name: o for o in Organisation.objects.filter(kind=kind, name__in=wanted - known.keys())
    }
    missing = sorted(wanted - known.keys())
    taken = Organisation.objects.filter(code__startswith="sintetico-sector-").count()
    known |= {
        o.name: o
        for o in Organisation.objects.bulk_create(
            Organisation(code=f"sintetico-sector-{taken + n:03d}", name=name, kind=kind)
            for n, name in enumerate(missing, 1)
        )
    }
    placed = []
    for organisation, design in zip(organisations, designs, strict=True):
        if design.sector:
            organisation.sector = known[design.sector]
            placed.append(organisation)
    Organisation.objects.bulk_update(placed, ["sector"], batch_size=500)


def _indicators(plans, units, designs, goal_ids) -> list[Indicator]:
    return Indicator.objects.bulk_create(
        (
            Indicator(
                plan=p,
                goal_id=goal_ids[p.id, i.objectives[0][0]],
                code=str(i.number),
                name=i.name,
                unit=i.unit,
                annualization=i.annualization,
                direction=i.direction,
                responsible_unit=u,
            )
            for p, u, d in zip(plans, units, designs, strict=True)
            for i in d.indicators
        ),
        batch_size=5000,
    )


def _cutoffs(plans, designs, open_last: bool) -> list[Cutoff]:
    return Cutoff.objects.bulk_create(
        Cutoff(
            plan=p,
            date=date,
            status="open" if open_last and date == d.cutoff_dates[-1] else "published",
        )
        for p, d in zip(plans, designs, strict=True)
        for date in d.cutoff_dates
    )


def _copy_figures(pairs, objective_ids, cutoff_ids) -> dict[str, int]:
    """Links, yearly and cutoff programming and measurements, copied in bulk."""
    counts = {}
    counts["links"] = copy_rows(
        ObjectiveLink,
        (
            {
                "objective_id": objective_ids[p.id, number],
                "indicator_id": ind_id,
                "year": year,
                "weight": weight,
            }
            for p, i, ind_id in pairs
            for year in i.annual
            for number, weight in i.objectives
        ),
    )
    counts["annual_programming"] = copy_rows(
        AnnualProgramming,
        (
            {"indicator_id": ind_id, "year": year, "programmed": value}
            for p, i, ind_id in pairs
            for year, value in i.annual.items()
        ),
    )
    counts["cutoff_programming"] = copy_rows(
        CutoffProgramming,
        (
            {"indicator_id": ind_id, "cutoff_id": cutoff_ids[p.id, date], "programmed": prog}
            for p, i, ind_id in pairs
            for date, (prog, _, _) in i.cutoffs.items()
        ),
    )
    counts["measurements"] = copy_rows(
        Measurement,
        _measurement_rows(pairs, cutoff_ids),
    )
    return counts


def _measurement_rows(pairs, cutoff_ids) -> Iterable[dict]:
    for p, i, ind_id in pairs:
        for date, (_, executed, analysis) in i.cutoffs.items():
            if executed is not None:
                yield {
                    "indicator_id": ind_id,
                    "cutoff_id": cutoff_ids[p.id, date],
                    "executed": executed,
                    "analysis": analysis,
                }


def publish_latest(slugs: Iterable[str], progress: Callable[[int], None] | None = None) -> int:
    """Publish (store the snapshot of) the latest published cutoff of each plan."""
    from publication.publishing import publish

    done = 0
    for slug in slugs:
        cutoff = (
            Cutoff.objects.filter(plan__slug=slug, status="published")
            .select_related("plan")
            .order_by("-date")
            .first()
        )
        if cutoff is not None and not cutoff.snapshots.exists():
            publish(cutoff)
            done += 1
            if progress:
                progress(done)
    return done
