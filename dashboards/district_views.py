"""The district overview, by sector with drill-down (``/tablero/distrito/``):

1. sectors and their roll-up (``?fecha=&semaforo=&orden=``);
2. a sector's plans with each objective's published figure (``&sector=<code>`` or
   ``sin-sector``), or the plans matching a search in every sector (``&buscar=``);
3. one plan's objectives (``&plan=<slug>``), each opening the director's objective page.

Every level reads the stored figures of each plan's newest publication as of the date, within
the plans the user reads (plan.permissions.read_plans_q, the rule of the directors' pages:
every plan listed here opens there and the other way round), in a fixed number of queries
whatever the number of plans (pinned in dashboards/tests/test_district.py).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
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
from plan.models import Organisation

PAGE_SIZE = 50


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


@internal_required
def district(request):
    form = DistrictForm(request.GET or None)
    choice = form.choices()
    scope = permissions.read_plans_q(request.user)
    context = {"form": form, "choice": choice, "base": _base(choice), "top": drill(_base(choice))}
    if choice.plan:
        return _plan(request, context, scope)
    if choice.sector or choice.search:
        return _plans(request, context, scope)
    return _sectors(request, context, scope)


def _sectors(request, context, scope):
    """Five queries: session, user, groups (and the user's assignments when scoped); plans
    per sector; publications per sector; objectives by colour."""
    choice = context["choice"]
    plan_rows, published = queries.sector_totals(choice.date, scope)
    found = overview.sectors(plan_rows, published)
    totals = overview.totals(found, queries.objective_colours(choice.date, scope))
    rows = overview.order_sectors(found, choice.colour, choice.order)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context.update(
        level="sectors",
        totals=totals,
        page=page,
        table=SectorTable(
            page.object_list,
            query=context["base"],
            caption=_caption(page, _("Sectores %(first)s a %(last)s de %(total)s")),
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


def _plans(request, context, scope):
    """A sector's plans (or a search's): the sector; its plans and their newest publications
    (plain values, ordered and filtered in dashboards.district); the page's plans, their
    publications and objective figures (plus the user's queries)."""
    choice = context["choice"]
    key, name = _sector(choice.sector) if choice.sector else (None, "")
    rows, newest = queries.sector_plans(choice.date, scope, sector=key, search=choice.search)
    ids = overview.order_plans(rows, newest, choice.colour, choice.order)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("pagina"))
    numbers, rows = overview.align(queries.page_plans(choice.date, list(page.object_list)))
    context.update(
        level="plans",
        sector_name=name,
        page=page,
        table=SectorPlanTable(
            rows,
            numbers=numbers,
            query={**context["base"], "sector": choice.sector},
            caption=_caption(page, _("Planes %(first)s a %(last)s de %(total)s")),
        ),
        sector_url=drill(context["base"], sector=choice.sector),
        meta_title=name or _("Resumen del distrito"),
    )
    if key is not None and not choice.search:
        context["sector_objectives"] = queries.objective_colours(choice.date, scope, key)
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
