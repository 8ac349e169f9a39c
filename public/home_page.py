"""The citizens' home: one page of plans under their sector and entity, as plain dictionaries.

The page lists up to ``PAGE_SIZE`` plans; at district scale each may sit under its own entity,
with that entity's mission and vision. Everything a section or a card shows is worked out here
from the page's rows (``ROW_FIELDS``, read as values) and its plans' newest published figures:
once per page for what the cards share (URL pattern, labels, sentences), as finished text for
the rest (headings' ids, «Plan Estratégico Institucional · 2024–2027»); each entity's block
is then written as markup once (``public.home_html``), so that the template only places
strings. What keeps a card cheap (issue 15): rows read as values rather than model
instances, and dictionaries for the template (Django's templates look a name up in a
dictionary directly, while on an object the lookup first fails as an index and raises).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from plan import listing
from plan.choices import COLOUR_HEX, ComplianceColour, PlanKind
from plan.formatting import format_date, format_percent
from public import home_html

# Plans per page. An entity's block (its name, mission, vision, the plan that states them and
# its plans' cards) is about a phone's screen tall, and at district scale nearly every plan has
# its own entity: at 25 a page was 24 screens on a phone (19.487 px at 375 px wide) and
# rendering it from nothing cost 1,4x the seed's page of 3 plans. At 12 the page is half as
# long and costs about what the seed's does (issue 15). A single entity's plans (the
# Secretaría General's PEI, PES and yearly PAI) still fit on one page.
PAGE_SIZE = 12

# What the home reads of each plan (plan.listing.with_sector adds the group_sector_* values).
ROW_FIELDS = (
    "id",
    "slug",
    "kind",
    "name",
    "start_year",
    "end_year",
    "mission",
    "vision",
    "adoption_act",
    "organisation_id",
    "organisation__name",
    "group_sector_id",
    "group_sector_name",
    "group_sector_code",
)


def sections(rows: list[dict], latest: dict[int, dict], language: str) -> list[dict]:
    """The page's sectors (``anchor`` and ``name`` of their heading), each with its entities
    and their plans' cards. ``rows``: the page's plans in ``listing.sector_order``
    (``ROW_FIELDS``); ``latest``: plan id -> its newest published figures
    (``publication.published.latest_figures``)."""
    words = _words(language)
    groups = listing.group(rows, _sector, lambda row: row["organisation_id"])
    page = []
    for s, sector in enumerate(groups, 1):
        entities = [
            _entity(f"organisation-{s}-{e}", entity.items, sector.name, latest, words)
            for e, entity in enumerate(sector.entities, 1)
        ]
        name = sector.name or words["no_sector"]
        page.append({"anchor": f"sector-{s}", "name": name, "entities": entities})
    return page


def _sector(row: dict) -> tuple:
    return row["group_sector_id"], row["group_sector_name"], row["group_sector_code"]


def _words(language: str) -> dict:
    """What every section and card shares, translated once for the page."""
    return {
        "url": listing.slug_url("plan:plan_detail"),
        "kinds": listing.labels(PlanKind),
        "colours": listing.labels(ComplianceColour),
        "as_of": _("cumplimiento del plan al %(date)s"),
        "nothing_due": _("Sin indicadores programados al %(date)s"),
        "no_cutoffs": _("Aún no hay cortes publicados."),
        "according": _("Según el %(plan)s."),
        "according_act": _("Según el %(plan)s (%(act)s)."),
        "no_sector": _("Sin sector"),
        "mission": _("Misión"),
        "vision": _("Visión"),
        "plans": _("Planes"),
        "language": language,
        "dates": {},
    }


def _entity(anchor: str, rows: list[dict], sector_name, latest: dict, words: dict) -> dict:
    """An entity's section: its name (hidden when it repeats the sector's), the mission and
    vision of its first plan that states them, with the sentence that names that plan, and
    its plans' cards."""
    name = rows[0]["organisation__name"]
    about = next((row for row in rows if row["mission"] or row["vision"]), None)
    entity = {"anchor": anchor, "name": name, "name_hidden": name == sector_name, "source": ""}
    if about:
        sentence = words["according_act"] if about["adoption_act"] else words["according"]
        entity |= {
            "mission": about["mission"],
            "vision": about["vision"],
            "source": sentence % {"plan": about["name"], "act": about["adoption_act"]},
        }
    cards = [_card(row, latest.get(row["id"]), words) for row in rows]
    return entity | {"html": home_html.entity(entity, cards, words)}


def _card(row: dict, figures: dict | None, words: dict) -> dict:
    period = f"{row['start_year']}"
    if row["end_year"] != row["start_year"]:
        period += f"–{row['end_year']}"
    card = {
        "url": words["url"](row["slug"]),
        "name": row["name"],
        "about": f"{words['kinds'].get(row['kind'], row['kind'])} · {period}",
        "figure": None,
        "as_of": words["no_cutoffs"],
    }
    if figures is None:
        return card
    date = {"date": _date(figures["cutoff__date"], words["dates"])}
    if figures["plan_compliance"] is None:
        return card | {"as_of": words["nothing_due"] % date}
    colour = figures["plan_colour"]
    return card | {
        "as_of": words["as_of"] % date,
        "figure": format_percent(figures["plan_compliance"], language=words["language"]),
        "colour": words["colours"].get(colour, colour or ""),
        "colour_hex": COLOUR_HEX.get(colour, COLOUR_HEX["grey"]),
    }


def _date(date, formatted: dict) -> str:
    """``format_date`` once per date of the page (its plans mostly share their cutoffs)."""
    if date not in formatted:
        formatted[date] = format_date(date)
    return formatted[date]
