"""The district overview, by sector with drill-down (``/tablero/distrito/``):

1. sectors and their roll-up (``?fecha=&semaforo=&orden=``);
2. a sector's plans with each objective's published figure (``&sector=<code>`` or
   ``sin-sector``), or the plans matching a search in every sector (``&q=``; the
   old ``&buscar=`` redirects there);
3. one plan's objectives (``&plan=<slug>``), each opening the director's objective page.

Every level reads the stored figures of each plan's newest publication as of the date, within
the plans the user reads (plan.permissions.read_plans_q, the rule of the directors' pages:
every plan listed here opens there and the other way round), in a fixed number of queries
whatever the number of plans (pinned in dashboards/tests/test_district.py). The aggregates
over every plan are kept in the cache until the district's stamp changes
(plan.stamped_cache), so the page does not grow with the district.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dashboards import district as overview
from dashboards import district_data as queries
from dashboards.access import internal_required
from dashboards.district_tables import (
    PlanObjectiveTable,
    SectorPlanTable,
    SectorTable,
    drill,
)
from dashboards.forms import DistrictForm
from plan import permissions
from plan.choices import OrganisationKind
from plan.formatting import format_number
from plan.listing import PAGE_SIZE
from plan.models import Organisation
from plan.public_cache import Deferred
from plan.stamped_cache import TIMEOUT, key, remembered, stamp

OLD_SEARCH = "buscar"  # the search parameter's name until it became «q», like the other lists


def _caption(page, what: str) -> str:
    language = get_language()
    return what % {
        "first": format_number(page.start_index(), 0, language),
        "last": format_number(page.end_index(), 0, language),
        "total": format_number(page.paginator.count, 0, language),
    }


def _base(choice) -> dict:
    """What every drill-down link keeps: the date, the filter and the order."""
    return {"fecha": choice.date.isoformat(), "semaforo": choice.colour, "orden": choice.order}


def _renamed_search(request):
    """The address with the old search parameter «buscar» renamed «q» (a permanent redirect:
    bookmarks and shared links keep working), or None when it has none."""
    if OLD_SEARCH not in request.GET:
        return None
    query = request.GET.copy()
    old = query.pop(OLD_SEARCH)
    query.setlist("q", query.getlist("q") or old)
    return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}")


@internal_required
def district(request):
    renamed = _renamed_search(request)
    if renamed is not None:
        return renamed
    form = DistrictForm(request.GET or None)
    choice = form.choices()
    scope = permissions.read_plans_q(request.user)
    context = {"form": form, "choice": choice, "base": _base(choice), "top": drill(_base(choice))}
    context["table_timeout"] = TIMEOUT
    if choice.plan:
        return _plan(request, context, scope)
    if choice.sector or choice.search:
        return _plans(request, context, scope)
    return _sectors(request, context, scope)


def _readers(request) -> frozenset[int] | None:
    """What the plans the user reads (``read_plans_q``) are made of, for the cache keys: the
    organisations read (their plans, and the plans their units report in). No query but a
    Reportante's units, read once per request."""
    return permissions.read_organisations(request.user)


def _table(level: str, district_stamp, date, readers, parts: tuple, page) -> dict:
    """The ``{% cache %}`` arguments of a level's rendered table in district.html: its key
    (what the rows depend on: stamp, date, organisations read, the level's arguments, the
    page shown and the language) and the cache; a search is rendered and stored nowhere."""
    if parts is None:
        return {"table_key": "-", "table_cache": "uncached"}
    found = key(f"{level}-table", district_stamp, date, readers, (*parts, page.number))
    return {"table_key": f"{found}:{get_language()}", "table_cache": "default"}


def _sector_figures(date, scope) -> tuple[list, dict]:
    """(the sectors with their roll-ups, the objectives by colour): three aggregate queries."""
    plan_rows, published = queries.sector_totals(date, scope)
    return overview.sectors(plan_rows, published), queries.objective_colours(date, scope)


def _sectors(request, context, scope):
    """The user's queries (session, user, groups, and the assignments when scoped); the
    district's stamp; on a cache miss, the three aggregates of ``_sector_figures``."""
    choice = context["choice"]
    district_stamp, readers = stamp(), _readers(request)
    found, colours = remembered(
        key("sectors", district_stamp, choice.date, readers),
        lambda: _sector_figures(choice.date, scope),
    )
    totals = overview.totals(found, colours)
    rows = overview.order_sectors(found, choice.colour, choice.order)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    table = SectorTable(
        page.object_list,
        query=context["base"],
        caption=_caption(page, _("Sectores %(first)s a %(last)s de %(total)s")),
    )
    context.update(
        level="sectors",
        totals=totals,
        page=page,
        page_table={"table": table},
        **_table(
            "sectors", district_stamp, choice.date, readers, (choice.colour, choice.order), page
        ),
        meta_title=_("Resumen del distrito"),
    )
    return render(request, "dashboards/district.html", context)


def _sector(code: str):
    """(key for plan.district, name) of the sector asked for; 404 when there is none."""
    if code == overview.NO_SECTOR:
        return queries.NO_SECTOR, _("Sin sector")
    found = Organisation.objects.filter(code=code, kind=OrganisationKind.SECTOR).first()
    if found is None:
        raise Http404(_("No hay un sector con ese código."))
    return found.pk, found.name


def _ordered_plans(choice, scope, sector) -> list[int]:
    """Ids of the sector's plans (or the search's) in the order and filter chosen: two
    queries of plain values, ordered and filtered in dashboards.district."""
    rows, newest = queries.sector_plans(choice.date, scope, sector=sector, search=choice.search)
    return overview.order_plans(rows, newest, choice.colour, choice.order)


def _plans(request, context, scope):
    """A sector's plans (or a search's): the user's queries; the sector; the district's
    stamp; on a cache miss, the ordered plans (``_ordered_plans``) and the sector's objectives
    by colour; the page's plans, their publications and objective figures (three)."""
    choice = context["choice"]
    sector, name = _sector(choice.sector) if choice.sector else (None, "")
    district_stamp, readers = stamp(), _readers(request)
    # A search (any text typed) is computed every time and kept nowhere.
    parts = None if choice.search else (sector, choice.colour, choice.order)
    ids = remembered(
        parts and key("plans", district_stamp, choice.date, readers, parts),
        lambda: _ordered_plans(choice, scope, sector),
    )
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("pagina"))

    def page_table() -> dict:
        numbers, rows = overview.align(queries.page_plans(choice.date, list(page.object_list)))
        table = SectorPlanTable(
            rows,
            numbers=numbers,
            query={**context["base"], "sector": choice.sector},
            caption=_caption(page, _("Planes %(first)s a %(last)s de %(total)s")),
        )
        return {"table": table}

    context.update(
        level="plans",
        sector_name=name,
        page=page,
        page_table=Deferred(page_table),  # read only when the rendered table is not kept
        **_table("plans", district_stamp, choice.date, readers, parts, page),
        sector_url=drill(context["base"], sector=choice.sector),
        meta_title=name or _("Resumen del distrito"),
    )
    if sector is not None and not choice.search:
        context["sector_objectives"] = remembered(
            key("sector-objectives", district_stamp, choice.date, readers, (sector,)),
            lambda: queries.objective_colours(choice.date, scope, sector),
        )
    return render(request, "dashboards/district.html", context)


def _plan(request, context, scope):
    """One plan in the scope (404 outside it) with its newest publication, and its
    objectives' stored figures (plus the user's queries)."""
    choice = context["choice"]
    found = queries.one_plan(choice.date, scope, choice.plan)
    if found is None:
        raise Http404(_("Ese plan no existe o no está entre los que usted puede leer."))
    cells = queries.objective_cells([found.snapshot_id] if found.snapshot_id else [])
    figures = queries.as_figures([found], cells)[0]
    organisation = found.organisation
    sector = organisation if organisation.kind == OrganisationKind.SECTOR else organisation.sector
    context.update(
        level="plan",
        plan=figures,
        sector_name=sector.name if sector else _("Sin sector"),
        sector_url=drill(context["base"], sector=sector.code if sector else overview.NO_SECTOR),
        table=PlanObjectiveTable(
            figures.objectives,
            slug=figures.slug,
            date=figures.date,
            caption=_("Objetivos de %(plan)s") % {"plan": figures.name},
        ),
        meta_title=figures.name,
    )
    return render(request, "dashboards/district.html", context)
