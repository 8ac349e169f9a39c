"""Directors' pages: live figures at any cutoff (open ones included), for signed-in users who
may read internal pages. Views build one context; the work is in ``dashboards.rows``,
``plan.charts`` and ``indicators.explain``. Query counts are pinned in dashboards/tests.
"""

from __future__ import annotations

from functools import partial

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dashboards import project_progress, scoring
from dashboards import rows as build
from dashboards.access import internal_required
from dashboards.common import cutoff_choices, get_plan, select_cutoff
from dashboards.tables import ObjectiveIndicatorTable
from indicators import explain
from indicators.history import load_plan_history
from indicators.loading import load_plan_at_cutoff
from plan import charts, listing, permissions, scoping, stamped_cache
from plan.choices import CutoffStatus
from plan.formatting import format_date
from plan.forms import CompareForm, selection_status
from plan.models import Cutoff, InvestmentProject, Plan
from public import project_list as project_list_rows
from public import projects


@internal_required
def index(request):
    """The plans the user reads (plan.scoping.plans), by sector and entity, searched by
    name or code, one page at a time, with each plan's newest cutoff: the count, the page's
    plans and their cutoffs, whatever the number of plans. Browsed page by page, the rendered
    list is kept under the district's stamp and the organisations read (plan.stamped_cache):
    one query until something changes."""
    readers = permissions.read_organisations(request.user)
    make_list = partial(_index_list, request)
    context = stamped_cache.kept_list(request, "director-index", make_list, readers)
    context["meta_title"] = _("Tablero directivo")
    return render(request, "dashboards/index.html", context)


def _index_list(request) -> dict:
    plans = scoping.plans(
        request.user,
        permissions.READ,
        listing.with_sector(Plan.objects.select_related("organisation")),
    ).order_by(*listing.sector_order(), "-start_year", "name")
    context = listing.searched_page(request, plans)
    page = context["page"]
    _plan_cards(page.object_list)
    context.update(
        groups=listing.group(page.object_list, listing.plan_sector, lambda p: p.organisation),
        search_label=_("Buscar planes"),
        pagination_label=_("Páginas de planes"),
    )
    return context


def _plan_cards(plans) -> None:
    """Each plan's links and newest cutoff (one query: the newest only, however many cutoffs
    a plan has), what every card shares worked out once (plan.listing, «Rows»)."""
    newest = Cutoff.objects.filter(plan__in=plans).annotate(
        newest=Window(RowNumber(), partition_by=F("plan_id"), order_by=F("date").desc())
    )
    latest = {c.plan_id: c for c in newest.filter(newest=1).only("plan_id", "date", "status")}
    urls = [listing.slug_url(f"dashboards:{name}") for name in ("plan", "indicators", "alerts")]
    statuses, line = listing.labels(CutoffStatus), _("Último corte: %(date)s (%(status)s)")
    for plan in plans:
        plan.url, plan.indicators_url, plan.alerts_url = (url(plan.slug) for url in urls)
        plan.newest_cutoff = cutoff = latest.get(plan.id)
        if cutoff:
            status = statuses.get(cutoff.status, cutoff.status)
            plan.cutoff_line = line % {"date": format_date(cutoff.date), "status": status}


@internal_required
def plan_dashboard(request, slug):
    """Seven queries for the plan at every cutoff (scorecard, projection, trend and
    comparison included)."""
    plan = get_plan(slug, request.user)
    history = load_plan_history(plan)
    cutoffs = [loaded.cutoff for loaded in history.cutoffs]
    form = CompareForm(request.GET or None, cutoff_choices(cutoffs))
    language = get_language()
    context = {
        "plan": plan,
        "form": form,
        "meta_title": _("Tablero: %(plan)s") % {"plan": plan.name},
    }
    if not history.cutoffs:
        # A plan without cutoffs (a new year's PAI) is not a dead end: the planning office
        # gets the way to open its first cutoff.
        context["can_plan"] = scoping.manages(request.user, plan.organisation_id)
        return render(request, "dashboards/plan.html", context, status=selection_status(form))
    current = history.at(form.date("corte")) or history.cutoffs[-1]
    other = history.at(form.date("comparar"))
    if "corte" not in form.data:
        form.initial["corte"] = current.cutoff.date.isoformat()
    projected = scoring.projection(history.cutoffs, current)
    series = build.trend_series(history.cutoffs, _("Plan"))
    context.update(
        current=current,
        other=other if other is not current else None,
        scorecard=scoring.build(history.cutoffs, current, projected),
        show_projection=True,
        objective_query=f"?corte={current.cutoff.date}",
        projection_year=current.cutoff.date.year,
        has_projection=projected is not None,
        trend=charts.trend(series, language) if len(series[0].points) > 1 else None,
        trend_names=[s.name for s in series],
        trend_rows=build.trend_table(series),
    )
    if context["other"]:
        context["objective_changes"] = build.objective_changes(current, other)
        context["indicator_changes"] = build.indicator_changes(current, other)
    return render(request, "dashboards/plan.html", context, status=selection_status(form))


@internal_required
def objective(request, slug, number):
    plan = get_plan(slug, request.user)
    cutoffs, form, cutoff = select_cutoff(request, plan)
    if cutoff is None:
        raise Http404(_("Este plan aún no tiene cortes."))
    data = load_plan_at_cutoff(cutoff)
    found = next((o for o in data.objectives if o.number == number), None)
    if found is None:
        raise Http404(_("Este plan no tiene ese objetivo."))
    result = data.result.objectives[found.id]
    rows = [r for r in build.indicator_rows(data) if r.objective_id == found.id]
    pairs = build.programmed_executed_pairs(rows)
    labels = {i.id: build.indicator_label(i) for i in data.indicators.values()}
    return render(
        request,
        "dashboards/objective.html",
        {
            "plan": plan,
            "form": form,
            "cutoff": cutoff,
            "objective": found,
            "result": result,
            "rows": rows,
            "table": ObjectiveIndicatorTable(
                rows,
                plan_slug=plan.slug,
                caption=_("Indicadores al %(date)s") % {"date": format_date(cutoff.date)},
            ),
            "pairs": list(zip(pairs, rows, strict=True)),
            "chart": charts.programmed_vs_executed(pairs, get_language()),
            "panel": explain.objective_panel(result, labels, get_language()),
            "rule_explanation": explain.RULE_EXPLANATIONS.get(plan.indicator_set_rule, ""),
            "meta_title": _("Objetivo %(number)d · %(plan)s")
            % {"number": number, "plan": plan.name},
        },
        status=selection_status(form),
    )


@internal_required
def alerts(request, slug):
    """Seven queries: the plan, its cutoffs, then the plan at the cutoffs of the chosen one's
    year up to it (load_plan_history with the cutoffs given), for the alerts and the
    year-end projection."""
    plan = get_plan(slug, request.user)
    cutoffs, form, cutoff = select_cutoff(request, plan)
    context = {"plan": plan, "form": form, "cutoff": cutoff}
    if cutoff is not None:
        year = [c for c in cutoffs if c.date.year == cutoff.date.year and c.date <= cutoff.date]
        history = load_plan_history(plan, year)
        current = history.cutoffs[-1]
        projected = scoring.projection(history.cutoffs, current)
        context["alerts"] = build.alerts(current)
        context["projection_year"] = cutoff.date.year
        if projected is not None:
            objectives, indicators = scoring.outlook(current, projected)
            context.update(
                projected=projected,
                objective_outlook=objectives,
                indicator_outlook=indicators,
            )
    context["meta_title"] = _("Alertas · %(plan)s") % {"plan": plan.name}
    return render(request, "dashboards/alerts.html", context, status=selection_status(form))


def _scoped_projects(user):
    """The projects of the organisations ``user`` reads (plan.scoping), inside the query."""
    readable = scoping.organisations(user, permissions.READ).values("id")
    return InvestmentProject.objects.filter(organisation_id__in=readable)


def _read_projects(user):
    """The projects ``user`` reads, inside the query; None when that is every project."""
    if permissions.read_organisations(user) is None:
        return None
    return permissions.restrict(InvestmentProject.objects.all(), user, permissions.READ)


@internal_required
def project_list(request):
    """The projects the user reads (the organisations of plan.scoping) by sector and entity,
    searched by name or code, one page at a time, a card each (public.project_list): the
    count, the page's projects (their goals counted), their budgets and the budget totals,
    whatever the number of projects: the stored totals (plan.budget_totals) for whoever reads
    the whole district, otherwise summed over the projects read."""
    context = listing.searched_page(
        request,
        _scoped_projects(request.user),
        projects.SEARCH_ON,
        arrange=project_list_rows.summary_rows,
    )
    rows = context["page"].object_list
    budgets = project_list_rows.page_budgets(rows)
    context.update(
        sections=project_list_rows.sections(rows, budgets, "dashboards:project", get_language()),
        totals=projects.budget_totals(_read_projects(request.user)),
        search_label=_("Buscar proyectos"),
        pagination_label=_("Páginas de proyectos"),
        meta_title=_("Proyectos de inversión (tablero)"),
    )
    return render(request, "dashboards/projects.html", context)


@internal_required
def project(request, organisation: str, code: str):
    """One project the user reads, in full, with the live progress of its goals: the five
    queries of ``projects.project_detail``, then the newest cutoff of each plan of its goals,
    its programming and its measurements for them. Outside the user's scope, or unknown: 404."""
    found = projects.project_detail(_scoped_projects(request.user), organisation, code)
    if not found:
        raise Http404(_("No existe ese proyecto de inversión."))
    progress = project_progress.live_progress(found)
    (shown,) = projects.labelled(projects.build(found, progress))
    title = _("Proyecto %(code)s: %(name)s") % {"code": shown.code, "name": shown.name}
    context = {"project": shown, "meta_title": title}
    return render(request, "dashboards/project.html", context)
