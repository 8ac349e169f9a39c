"""The district overview by sector (pure): sectors and their roll-up, then a sector's plans
with each objective's published figure, then one plan's objectives.

The figures come from ``dashboards.district_data`` (plain values read from the stored
figures of each publication); this module adds, orders, filters and aligns them. Nothing
here knows about the ORM or HTTP.

The roll-up of a sector (DOMAIN.md defines none): the simple, unweighted mean of the stored
plan compliances (4 decimals) of the sector's plans that have a figure in their newest
publication as of the date, the sector plan (PES) and its entities' plans alike; plans
without a publication or without a figure do not count. It keeps full precision and is shown
like every figure: 2 decimals, rounded half up (plan.formatting).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from publication.snapshots import ObjectiveCell, PlanFigures

COLOURS = ("green", "yellow", "red", "grey")
UNPUBLISHED = "unpublished"  # filter value: plans without a publication as of the date
BY_COMPLIANCE = "compliance"  # lowest compliance first
BY_NAME = "name"  # entity (sector), then plan name
NO_SECTOR = "sin-sector"  # the URL value of the entities without a sector


def rollup(total: Decimal | None, count: int) -> Decimal | None:
    """Simple mean of ``count`` compliances summing ``total``; None without any."""
    if not count or total is None:
        return None
    return Decimal(total) / Decimal(count)


@dataclass(frozen=True)
class Sector:
    code: str  # NO_SECTOR for the entities without a sector
    name: str  # "" for the entities without a sector (the template names them)
    plans: int
    entities: int  # entities with plans (the sector organisation itself aside)
    published: int = 0  # plans with a publication as of the date
    with_figure: int = 0  # of them, with a plan compliance
    total: Decimal | None = None  # sum of those compliances
    colours: dict[str, int] = field(default_factory=dict)

    @property
    def compliance(self) -> Decimal | None:
        return rollup(self.total, self.with_figure)

    @property
    def unpublished(self) -> int:
        return self.plans - self.published


@dataclass(frozen=True)
class Totals:
    plans: int
    published: int
    plan_colours: dict[str, int]
    objective_colours: dict[str, int]

    @property
    def objectives(self) -> int:
        return sum(self.objective_colours.values())


def sectors(plan_rows: list[dict], published: dict) -> list[Sector]:
    """Merge the two aggregates of ``dashboards.district_data.sector_totals`` into one row
    per sector."""
    found = []
    for row in plan_rows:
        pub = published.get(row["key"], {})
        found.append(
            Sector(
                code=row["code"] or NO_SECTOR,
                name=row["sector_name"] or "",
                plans=row["plans"],
                entities=row["entities"],
                published=pub.get("published", 0),
                with_figure=pub.get("with_figure", 0),
                total=pub.get("total"),
                colours={c: pub.get(c, 0) for c in COLOURS},
            )
        )
    return found


def totals(found: list[Sector], objective_colours: dict[str, int]) -> Totals:
    return Totals(
        plans=sum(s.plans for s in found),
        published=sum(s.published for s in found),
        plan_colours={c: sum(s.colours.get(c, 0) for s in found) for c in COLOURS},
        objective_colours={c: objective_colours.get(c, 0) for c in COLOURS},
    )


def order_sectors(found: list[Sector], colour: str = "", order: str = BY_COMPLIANCE):
    """Sectors with at least one plan of ``colour`` (or unpublished), lowest roll-up first
    (sectors without one after) or by name; the entities without a sector last."""
    if colour == UNPUBLISHED:
        found = [s for s in found if s.unpublished]
    elif colour:
        found = [s for s in found if s.colours.get(colour)]
    if order == BY_NAME:
        return sorted(found, key=lambda s: (s.code == NO_SECTOR, s.name.casefold(), s.code))
    return sorted(
        found,
        key=lambda s: (
            s.compliance is None,
            s.compliance if s.compliance is not None else Decimal(0),
            s.code == NO_SECTOR,
            s.name.casefold(),
        ),
    )


@dataclass(frozen=True)
class Row:
    plan: PlanFigures
    cells: tuple[ObjectiveCell | None, ...]  # objective of each number shown; None: no such


def align(plans: list[PlanFigures]) -> tuple[tuple[int, ...], list[Row]]:
    """The objective numbers of these plans as columns, and each plan's cell per number."""
    numbers = tuple(sorted({o.number for p in plans for o in p.objectives}))
    rows = []
    for plan in plans:
        by_number = {o.number: o for o in plan.objectives}
        rows.append(Row(plan, tuple(by_number.get(n) for n in numbers)))
    return numbers, rows


def order_plans(
    rows: list[tuple[int, str, str]],
    newest: dict[int, tuple],
    colour: str = "",
    order: str = BY_COMPLIANCE,
) -> list[int]:
    """Ids of the plans (id, entity, name) whose newest publication (``newest``: id ->
    (compliance, colour)) has ``colour`` (or none: ``UNPUBLISHED``), lowest compliance first
    (published without a figure next, unpublished last) or by entity and name."""
    if colour == UNPUBLISHED:
        rows = [r for r in rows if r[0] not in newest]
    elif colour:
        rows = [r for r in rows if r[0] in newest and newest[r[0]][1] == colour]

    def key(row):
        plan_id, entity, name = row
        by_name = (entity.casefold(), name.casefold(), plan_id)
        if order == BY_NAME:
            return (0, Decimal(0), *by_name)
        compliance = newest.get(plan_id, (None, None))[0]
        if compliance is not None:
            return (0, compliance, *by_name)
        return (1 if plan_id in newest else 2, Decimal(0), *by_name)

    return [row[0] for row in sorted(rows, key=key)]
