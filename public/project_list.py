"""The investment project lists (public and directors'): one compact card per project.

A card says what a person scanning the list needs, on a phone too: the project's code and
name (a link to its page, ``public.projects`` builds that page's goals table), its budget by
year in one line and how many goals it has. The page reads its rows as values
(``ROW_FIELDS``, the goals counted in the same query) and their budgets in one more query;
the cards are plain dictionaries of finished text, what they share worked out once per page
(plan.listing, «Rows»): a page of 25 projects costs about what a page of 7 does, whatever
the number of goals and indicators behind them (issue 15).

Progress is not on the cards: it needs every indicator of the page's goals (some 300 rows at
district scale), so it stays on each project's page.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.models import Goal
from plan import listing
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


def page_budgets(rows: list[dict]) -> dict[int, list[tuple]]:
    """Project id -> its (year, amount) budgets in year order, for a page's rows: one query
    (none for an empty page)."""
    found: dict[int, list[tuple]] = defaultdict(list)
    if not rows:
        return found
    budgets = (
        ProjectBudget.objects.filter(project_id__in=[row["id"] for row in rows])
        .order_by("project_id", "year")
        .values_list("project_id", "year", "amount")
    )
    for project_id, year, amount in budgets:
        found[project_id].append((year, amount))
    return found


def project_url(viewname: str):
    """``reverse(viewname, args=[organisation code, project code])`` for every card of a page
    at the cost of one reverse (the project code quoted as ``reverse`` quotes it)."""
    pattern = reverse(viewname, args=[_ORGANISATION_MARK, _CODE_MARK])

    def url(organisation: str, code: str) -> str:
        path = pattern.replace(_ORGANISATION_MARK, organisation)
        return path.replace(_CODE_MARK, quote(code, safe="!$&'()*+,;=~:@"))

    return url


def grouped(rows: list[dict], budgets: dict, viewname: str, language: str) -> list:
    """The page's cards under their sector and entity headers (plan.listing.group), as
    ``includes/sector_groups.html`` prints them: each entity's ``organisation`` has a
    ``name``, each of its ``items`` is a card."""
    words = _words(viewname, language)
    organisations: dict[int, dict] = {}

    def organisation(card: dict) -> dict:
        key = card["organisation_id"]
        if key not in organisations:
            organisations[key] = {"id": key, "name": card["organisation_name"]}
        return organisations[key]

    cards = [_card(row, budgets.get(row["id"], ()), words) for row in rows]
    return listing.group(cards, _sector, organisation)


def _sector(card: dict) -> tuple:
    return card["sector"]


def _words(viewname: str, language: str) -> dict:
    """What every card shares, translated once for the page."""
    return {
        "url": project_url(viewname),
        "title": _("Proyecto %(code)s: %(name)s"),
        "budget": _("Presupuesto %(year)s: %(amount)s"),
        "no_budget": _("Presupuesto no publicado"),
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


def _card(row: dict, budgets, words: dict) -> dict:
    line, language = words["budget"], words["language"]
    budget = [
        line % {"year": year, "amount": format_money_millions(amount, language)}
        for year, amount in budgets
    ] or [words["no_budget"]]
    return {
        "organisation_id": row["organisation_id"],
        "organisation_name": row["organisation__name"],
        "sector": (row["group_sector_id"], row["group_sector_name"], row["group_sector_code"]),
        "code": row["code"],
        "title": words["title"] % {"code": row["code"], "name": row["name"]},
        "url": words["url"](row["organisation__code"], row["code"]),
        "budgets": budget,
        "goals": _goals(row["goal_count"], words),
    }
