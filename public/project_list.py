"""The investment project lists (public and directors'): one compact card per project.

A card says what a person scanning the list needs, on a phone too: the project's code and
name (a link to its page, ``public.projects`` builds that page's goals table), its budget in
one line (the year's, or the sum of its years: each year's is on its page) and how many goals
it has. The page reads its rows as values (``ROW_FIELDS``, the goals counted in the same
query) and their budgets summed in one more query;
the sections and cards are plain dictionaries of finished text, what they share worked out
once per page (plan.listing, «Rows»), each entity's cards written as markup once (``_CARD``)
and placed by the template without an include per entity:
a page of 25 projects costs about what a page of 7 does, whatever the number of goals and
indicators behind them (issue 15).

Progress is not on the cards: it needs every indicator of the page's goals (some 300 rows at
district scale), so it stays on each project's page.
"""

from __future__ import annotations

from urllib.parse import quote

from django.db.models import Count, Max, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.models import Goal
from plan import fast_html, listing
from plan.formatting import format_money_millions
from plan.models import ProjectBudget

# What a card reads of each project (plan.listing.with_sector adds the group_sector_* values).
ROW_FIELDS = (
    "id",
    "code",
    "name",
    "organisation_id",
    "organisation__code",
    "organisation__name",
    "group_sector_id",
    "group_sector_name",
    "group_sector_code",
    "goal_count",
)

# Marks the URL of a project page is reversed with once per page (a slug and a code that no
# fixed part of the URL contains).
_ORGANISATION_MARK, _CODE_MARK = "-organisation-mark-", "-code-mark-"


def summary_rows(projects):
    """One page of a project list (the ``arrange`` of plan.listing.paginate: the COUNT is
    asked of ``projects`` as they are): by sector and entity, then code, as ``ROW_FIELDS``
    values, each project's goals counted by a subquery of its own rows."""
    goals = (
        Goal.objects.filter(investment_project=OuterRef("pk"))
        .order_by()
        .values("investment_project")
        .annotate(count=Count("pk"))
        .values("count")
    )
    ordered = listing.with_sector(projects).annotate(goal_count=Coalesce(Subquery(goals), 0))
    return ordered.order_by(*listing.sector_order(), "code").values(*ROW_FIELDS)


def page_budgets(rows: list[dict]) -> dict[int, tuple]:
    """Project id -> (first year, last year, total) of its budgets, for a page's rows: one
    grouped query (none for an empty page)."""
    if not rows:
        return {}
    budgets = (
        ProjectBudget.objects.filter(project_id__in=[row["id"] for row in rows])
        .order_by()
        .values("project_id")
        .annotate(first=Min("year"), last=Max("year"), total=Sum("amount"))
        .values_list("project_id", "first", "last", "total")
    )
    return {project_id: (first, last, total) for project_id, first, last, total in budgets}


def project_url(viewname: str):
    """``reverse(viewname, args=[organisation code, project code])`` for every card of a page
    at the cost of one reverse (the project code quoted as ``reverse`` quotes a ``path``
    argument: «/» kept)."""
    pattern = reverse(viewname, args=[_ORGANISATION_MARK, _CODE_MARK])

    def url(organisation: str, code: str) -> str:
        path = pattern.replace(_ORGANISATION_MARK, organisation)
        return path.replace(_CODE_MARK, quote(code, safe="!$&'()*+,;=/~:@"))

    return url


def sections(rows: list[dict], budgets: dict, viewname: str, language: str) -> list[dict]:
    """The page's sectors (``anchor`` and ``name`` of their heading), each with its entities
    (their heading hidden when it repeats the sector's: the sector's own organisation) and
    their cards, in the order of ``rows`` (plan.listing.group)."""
    words = _words(viewname, language)
    cards = [_card(row, budgets.get(row["id"]), words) for row in rows]
    page = []
    for s, sector in enumerate(listing.group(cards, _sector, _organisation), 1):
        name = sector.name or words["no_sector"]
        entities = [
            {
                "anchor": f"entity-{s}-{e}",
                "name": entity.items[0]["organisation_name"],
                "name_hidden": entity.items[0]["organisation_name"] == sector.name,
                "cards_html": fast_html.rows(_CARD, map(_card_values, entity.items)),
            }
            for e, entity in enumerate(sector.entities, 1)
        ]
        page.append({"anchor": f"sector-{s}", "name": name, "entities": entities})
    return page


# A card's markup, written once per page for all its cards (issue 15: through the template
# engine each value cost about 20 Python calls).
_CARD = (
    '\n    <li class="card project-card">\n      <h4><a href="{}">{}</a></h4>\n'
    '      <p class="project-budget" data-testid="budget-line">{}</p>\n'
    '      <p class="small muted">{}</p>\n    </li>'
)


def _card_values(card: dict) -> tuple:
    return card["url"], card["title"], card["budget"], card["goals"]


def _sector(card: dict) -> tuple:
    return card["sector"]


def _organisation(card: dict) -> int:
    return card["organisation_id"]


def _words(viewname: str, language: str) -> dict:
    """What every card shares, translated once for the page."""
    return {
        "url": project_url(viewname),
        "title": _("Proyecto %(code)s: %(name)s"),
        "budget": _("Presupuesto %(year)s: %(amount)s"),
        "budgets": _("Presupuesto %(first)s–%(last)s: %(amount)s en total"),
        "no_budget": _("Presupuesto no publicado"),
        "no_sector": _("Sin sector"),
        "goals": {},  # count -> «3 metas», worked out once per count of the page
        "language": language,
    }


def _goals(count: int, words: dict) -> str:
    known = words["goals"]
    if count not in known:
        if count:
            text = ngettext("%(count)s meta", "%(count)s metas", count)
            known[count] = text % {"count": count}
        else:
            known[count] = _("Sin metas publicadas")
    return known[count]


def _budget(budget: tuple | None, words: dict) -> str:
    """«Presupuesto 2024: $20.149 millones», or the sum of several years in one line."""
    if budget is None:
        return words["no_budget"]
    first, last, total = budget
    amount = format_money_millions(total, words["language"])
    if first == last:
        return words["budget"] % {"year": first, "amount": amount}
    return words["budgets"] % {"first": first, "last": last, "amount": amount}


def _card(row: dict, budget: tuple | None, words: dict) -> dict:
    return {
        "organisation_id": row["organisation_id"],
        "organisation_name": row["organisation__name"],
        "sector": (row["group_sector_id"], row["group_sector_name"], row["group_sector_code"]),
        "code": row["code"],
        "title": words["title"] % {"code": row["code"], "name": row["name"]},
        "url": words["url"](row["organisation__code"], row["code"]),
        "budget": _budget(budget, words),
        "goals": _goals(row["goal_count"], words),
    }
