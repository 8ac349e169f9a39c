"""The district overview's queries, by sector (``dashboards.district`` is the pure part).

Every function reads the stored figures of each plan's newest publication as of a date
(``plan.models.Snapshot`` and ``ObjectiveFigure``, never the payloads), within the plans the
user reads (``plan.permissions.read_plans_q``, the rule of the directors' pages too: a filter
on Plan, None means every plan), in a fixed number of queries whatever the number of plans:

- ``sector_totals``: two aggregate queries (plans per sector; their publications per sector);
- ``objective_colours``: one aggregate query;
- ``sector_plans``: a sector's plans and their newest figures as plain values (two queries),
  ordered and filtered by dashboards.district; ``page_plans``: one page of them (three);
- ``one_plan`` and ``objective_cells``: one plan and its objectives (one query each).

A plan belongs to the sector of its organisation: an entity's sector, or the sector
organisation itself for the plans it owns (the sector plan, PES). Entities without a sector
have the key None («Sin sector»).
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)

from plan import search_text
from plan.choices import ComplianceColour, CutoffStatus, OrganisationKind
from plan.models import ObjectiveFigure, Plan, Snapshot
from publication.published import newest_as_of, objective_cells
from publication.snapshots import ObjectiveCell, PlanFigures

COLOURS = tuple(ComplianceColour.values)


def _sector_of(organisation: str, field: str):
    """The sector's ``field`` (id, code, name) of the organisation at path ``organisation``."""
    return Case(
        When(
            **{f"{organisation}__kind": OrganisationKind.SECTOR}, then=F(f"{organisation}__{field}")
        ),
        default=F(f"{organisation}__sector__{field}"),
        output_field=IntegerField() if field == "id" else CharField(),
    )


def plans_in(readable: Q | None) -> QuerySet:
    """The plans the user reads (``readable``: ``permissions.read_plans_q``; None: every plan)."""
    plans = Plan.objects.all()
    if readable is not None:
        plans = plans.filter(readable)
    return plans


def _newest(date: datetime.date) -> QuerySet:
    """The newest published snapshot as of ``date`` of the plan of the outer query."""
    return Snapshot.objects.filter(
        cutoff__plan=OuterRef("pk"),
        cutoff__status=CutoffStatus.PUBLISHED,
        cutoff__date__lte=date,
    ).order_by("-cutoff__date", "-version")


def _newest_ids(date: datetime.date, readable: Q | None) -> QuerySet:
    """Ids of each readable plan's newest published snapshot as of ``date`` (a subquery: one
    window over the published snapshots, not one correlated lookup per plan)."""
    snapshots = newest_as_of(date)
    if readable is not None:
        snapshots = snapshots.filter(cutoff__plan_id__in=plans_in(readable).values("pk"))
    return snapshots.values("pk")


def sector_totals(date: datetime.date, readable: Q | None) -> tuple[list[dict], dict]:
    """(plans per sector: key, code, name, plans, entities), {sector key: publications: published,
    with a figure, the sum of their plan compliances, and one count per colour}."""
    plans = list(
        plans_in(readable)
        .annotate(
            key=_sector_of("organisation", "id"),
            code=_sector_of("organisation", "code"),
            sector_name=_sector_of("organisation", "name"),
        )
        .values("key", "code", "sector_name")
        .annotate(
            plans=Count("pk"),
            entities=Count(
                "organisation_id",
                distinct=True,
                filter=Q(organisation__kind=OrganisationKind.ENTITY),
            ),
        )
        .order_by()
    )
    colours = {c: Count("pk", filter=Q(plan_colour=c)) for c in COLOURS}
    published = {
        row.pop("key"): row
        for row in Snapshot.objects.filter(pk__in=_newest_ids(date, readable))
        .annotate(key=_sector_of("cutoff__plan__organisation", "id"))
        .values("key")
        .annotate(
            published=Count("pk"),
            with_figure=Count("plan_compliance"),
            total=Sum("plan_compliance"),
            **colours,
        )
        .order_by()
    }
    return plans, published


def objective_colours(date: datetime.date, readable: Q | None, sector=None) -> dict[str, int]:
    """Objectives of the chosen publications by colour (every sector, or the sector whose key
    is ``sector``; ``NO_SECTOR`` for entities without one)."""
    figures = ObjectiveFigure.objects.filter(snapshot_id__in=_newest_ids(date, readable))
    if sector is not None:
        figures = figures.annotate(key=_sector_of("snapshot__cutoff__plan__organisation", "id"))
        if sector == NO_SECTOR:
            figures = figures.filter(key__isnull=True)
        else:
            figures = figures.filter(key=sector)
    counts = dict(figures.values("colour").annotate(n=Count("pk")).values_list("colour", "n"))
    return {c: counts.get(c, 0) for c in COLOURS}


NO_SECTOR = "sin-sector"  # the entities without a sector (as in dashboards.district)


def one_plan(date: datetime.date, readable: Q | None, slug: str) -> Plan | None:
    """The plan ``slug`` if ``readable``, with its entity and sector and its
    newest publication as of ``date`` (snapshot_id, published_on, version, compliance, colour;
    None without one). One query."""
    newest = _newest(date)
    return (
        plans_in(readable)
        .filter(slug=slug)
        .annotate(
            snapshot_id=Subquery(newest.values("pk")[:1]),
            published_on=Subquery(newest.values("cutoff__date")[:1]),
            version=Subquery(newest.values("version")[:1]),
            compliance=Subquery(newest.values("plan_compliance")[:1]),
            colour=Subquery(newest.values("plan_colour")[:1]),
        )
        .select_related("organisation__sector")
        .first()
    )


def as_figures(plans, cells: dict[int, tuple[ObjectiveCell, ...]]) -> list[PlanFigures]:
    """Plans of ``one_plan`` (organisation selected) as the figures the overview shows."""
    return [
        PlanFigures(
            plan_id=p.pk,
            slug=p.slug,
            name=p.name,
            organisation=p.organisation.name,
            date=p.published_on,
            version=p.version,
            compliance=p.compliance,
            colour=p.colour or ComplianceColour.GREY,
            objectives=cells.get(p.snapshot_id, ()),
        )
        for p in plans
    ]


def sector_plans(
    date: datetime.date, readable: Q | None, *, sector=None, search: str = ""
) -> tuple[list[tuple[int, str, str]], dict[int, tuple]]:
    """The plans of a sector (its id; ``NO_SECTOR``; None: every sector) matching ``search``
    as every list's search does (plan.search_text: each word, accents and case aside, in the
    plan's name or slug, its entity's name or code or its sector's) as (id, entity, name),
    and {plan id: (compliance, colour)} of those with a publication as of ``date``. Two
    queries of plain values, one of them a single window over the published snapshots: the
    order and the filter are pure (dashboards.district.order_plans), the page is read by
    ``page_plans``."""
    plans = plans_in(readable).annotate(key=_sector_of("organisation", "id"))
    if sector == NO_SECTOR:
        plans = plans.filter(key__isnull=True)
    elif sector is not None:
        plans = plans.filter(key=sector)
    plans = search_text.matching(plans, search)
    rows = list(plans.values_list("pk", "organisation__name", "name"))
    newest = {
        plan_id: (compliance, colour)
        for plan_id, compliance, colour in newest_as_of(date)
        .filter(cutoff__plan_id__in=plans.values("pk"))
        .values_list("cutoff__plan_id", "plan_compliance", "plan_colour")
    }
    return rows, newest


def page_plans(date: datetime.date, ids: list[int]) -> list[PlanFigures]:
    """The plans ``ids`` (in that order) with their newest publication as of ``date`` and its
    objectives' figures. Three queries."""
    plans = {p.pk: p for p in Plan.objects.filter(pk__in=ids).select_related("organisation")}
    snapshots = {s.cutoff.plan_id: s for s in newest_as_of(date).filter(cutoff__plan_id__in=ids)}
    cells = objective_cells(s.pk for s in snapshots.values())
    found = []
    for pk in ids:
        plan, snapshot = plans[pk], snapshots.get(pk)
        found.append(
            PlanFigures(
                plan_id=pk,
                slug=plan.slug,
                name=plan.name,
                organisation=plan.organisation.name,
                date=snapshot.cutoff.date if snapshot else None,
                version=snapshot.version if snapshot else None,
                compliance=snapshot.plan_compliance if snapshot else None,
                colour=snapshot.plan_colour if snapshot else ComplianceColour.GREY,
                objectives=cells.get(snapshot.pk, ()) if snapshot else (),
            )
        )
    return found
