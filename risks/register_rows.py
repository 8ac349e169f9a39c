"""The risk register's page of rows as plain dictionaries (issue 15).

A page of the register holds up to a hundred risks at district scale. What keeps a row cheap,
as on the citizens' home (public.home_page): the rows are read as values (``ROW``: the columns
a row prints, rather than each risk with eight related model instances) in a query PostgreSQL
plans quickly (``_LOOKUPS``), and everything a row prints is finished here once per page: the
address of a risk from a prefix, the kinds, treatments and zones in the active language with
their colours. The template only places strings; Django's templates look a name up in a
dictionary directly.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.html import format_html
from django.utils.translation import gettext as _

from plan import listing
from plan.models import InvestmentProject, Process, Unit
from risks.choices import RiskKind, RiskZone, Treatment
from risks.models import Assessment

# What the register reads of each risk (with its organisation's and sector's columns:
# plan.listing.entity_columns; ``page_rows`` adds the names and zones of ``_LOOKUPS``).
ROW = (
    "id",
    "code",
    "year",
    "kind",
    "name",
    "treatment",
    "organisation_id",
    "process_id",
    *listing.entity_columns(),
)

# A risk's process or project, unit and zones, each read by its key for the page's rows only
# (a scalar subquery on a primary or unique key). Joined instead, the four tables made
# PostgreSQL weigh seven-way join orders on every request: 12 ms of planning at L for 2 ms of
# execution, against 0,4 ms planning this way (issue 15).
_LOOKUPS = {
    "process_name": (Process, "pk", "process_id", "name"),
    "project_name": (InvestmentProject, "pk", "investment_project_id", "name"),
    "unit_name": (Unit, "pk", "responsible_unit_id", "name"),
    "inherent_zone": (Assessment, "risk_id", "pk", "inherent_zone"),
    "residual_zone": (Assessment, "risk_id", "pk", "residual_zone"),
}


def _lookup(model, key: str, outer: str, column: str) -> Subquery:
    """``column`` of the one ``model`` row whose ``key`` is the risk's ``outer`` (without the
    model's default ordering, which would join and sort)."""
    return Subquery(model.objects.filter(**{key: OuterRef(outer)}).order_by().values(column))


def page_rows(risks: QuerySet) -> QuerySet:
    """One page of the register (the ``arrange`` of plan.listing.paginate: the COUNT is
    asked of ``risks`` without it): by sector and entity, the newest year first, as values."""
    lookups = {name: _lookup(*where) for name, where in _LOOKUPS.items()}
    return (
        risks.annotate(**lookups)
        .order_by(*listing.sector_order(), "-year", "code", "id")
        .values(*ROW, *lookups)
    )


class Organisation(NamedTuple):
    id: int
    name: str
    code: str


def groups(rows: list[dict], sectors: dict) -> list[listing.SectorGroup]:
    """The page's ``rows`` under their sector (named from ``sectors``: ``by_entity``) and
    entity, each row with what it prints (``url``, ``kind_label``, ``owner``, ``unit``,
    ``inherent`` and ``residual`` zones as their badges, ``treatment_label``). Each entity's
    ``organisation`` has its id, name and code. No query."""
    url = listing.number_url("risks:risk_detail")
    kinds, treatments = listing.labels(RiskKind), listing.labels(Treatment)
    unassessed = format_html('<span class="muted">{}</span>', _("Sin valorar"))
    zones = zone_badges()
    for row in rows:
        row["url"] = url(row["id"])
        row["kind_label"] = kinds.get(row["kind"], row["kind"])
        owner = row["process_name"] if row["process_id"] else row["project_name"]
        row["owner"] = owner or ""
        row["unit"] = row["unit_name"] or "—"
        row["inherent"] = zones.get(row["inherent_zone"], unassessed)
        row["residual"] = zones.get(row["residual_zone"], unassessed)
        row["treatment_label"] = treatments.get(row["treatment"], row["treatment"]) or "—"
        row["year_text"] = str(row["year"])
    return by_entity(rows, sectors)


def by_entity(rows: list[dict], sectors: dict) -> list[listing.SectorGroup]:
    """Rows read with ``listing.entity_columns`` under their sector (``label``: its name, from
    ``sectors``: see ``listing.sector_in``, or «Sin sector») and entity (``organisation``)."""
    grouped = listing.group(rows, listing.sector_in(sectors), lambda row: row["organisation_id"])
    no_sector = _("Sin sector")
    for sector in grouped:
        sector.label = sector.name or no_sector
        for entity in sector.entities:
            first = entity.items[0]
            entity.organisation = Organisation(
                first["organisation_id"], first["organisation__name"], first["organisation__code"]
            )
    return grouped


def lookup(name: str, risk: str = "") -> Subquery:
    """One of ``_LOOKUPS`` (``unit_name``, ``residual_zone``…) for a page of risks, or of
    rows that reach their risk through ``risk`` (e.g. "risk__")."""
    model, key, outer, column = _LOOKUPS[name]
    return _lookup(model, key, f"{risk}{outer}", column)


def zone_badges() -> dict[str, str]:
    """Each zone's badge (as ``risks/_zone.html`` prints it) in the active language."""
    return {zone.value: _zone(zone) for zone in RiskZone}


def _zone(zone: RiskZone) -> str:
    """A zone's badge (as ``risks/_zone.html`` prints it), made once per page."""
    return format_html(
        '<span class="zone" style="background: {}; color: {}">{}</span>',
        zone.hex,
        zone.text_hex,
        zone.label,
    )
