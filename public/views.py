"""Citizens' pages: no sign-in, published cutoffs only, figures read from the snapshots.

Each view builds one context; the pure work lives in ``publication.snapshots``, ``plan.charts``,
``public.projects`` and ``indicators.explain``. Query counts are pinned in
tests/test_public_pages.py. The plan, objective, indicator and methodology pages use Django's
caching (plan.public_cache): conditional responses, and their expensive part built in a
``_..._page`` function only when its template fragment is not in the cache; a hit runs no
query (the plan's row is kept for ``PLAN_TTL`` seconds).
"""

from __future__ import annotations

import datetime
from functools import partial

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators import explain
from indicators.compliance import LAG
from plan import charts, listing, scorecard, stamped_cache
from plan.choices import ComplianceColour
from plan.formatting import format_date, format_percent
from plan.forms import CutoffForm, cutoff_label, selection_status
from plan.models import InvestmentProject, Plan
from plan.public_cache import public_plan_page, render_public
from public import home_page, projects, structure
from public import project_list as project_list_rows
from public.tables import structure_sections
from publication.published import (
    latest_figures,
    load_published,
    load_published_history,
    published_trend,
)


def _requested_date(request, key: str = "corte") -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(request.GET.get(key, ""))
    except ValueError:
        return None


def _published_context(request, plan: Plan) -> dict:
    """The published cutoffs of the plan, the selected one's figures and the selector."""
    published = load_published(plan, _requested_date(request))
    form = CutoffForm(
        request.GET if "corte" in request.GET else None,
        [(c.date, cutoff_label(c.date)) for c in published.cutoffs],
        initial={"corte": published.selected.date.isoformat()} if published.selected else {},
    )
    form.is_valid()
    return {"plan": plan, "published": published, "cutoff": published.selected, "form": form}


def home(request):
    """The list is rendered from three queries whatever the number of plans (the count, one
    page of plans by sector and entity, searched by name or code, and their newest
    publications); browsed page by page, it is kept under the district's stamp
    (plan.stamped_cache), so a visit costs one query until something changes."""
    context = stamped_cache.kept_list(request, "home", partial(_home_list, request))
    context |= {
        "meta_title": _("Avance de los planes estratégicos"),
        "meta_description": _(
            "Cumplimiento publicado de los planes estratégicos, objetivo por objetivo, "
            "con datos abiertos para descargar."
        ),
    }
    return render(request, "plan/home.html", context)


def _home_rows(plans):
    """What the home's cards read of a page of plans, in order: values with their entity and
    sector (kept out of the COUNT: plan.listing.paginate)."""
    ordered = listing.with_sector(plans).order_by(*listing.sector_order(), "-start_year", "name")
    return ordered.values(*home_page.ROW_FIELDS)


def _home_list(request) -> dict:
    plans, per_page = Plan.objects.all(), home_page.PAGE_SIZE
    context = listing.searched_page(request, plans, per_page=per_page, arrange=_home_rows)
    rows = context["page"].object_list
    latest = latest_figures([row["id"] for row in rows])
    context.update(
        sections=home_page.sections(rows, latest, get_language()),
        search_label=_("Buscar planes"),
        pagination_label=_("Páginas de planes"),
    )
    return context


@public_plan_page
def plan_detail(request, plan):
    context = {"plan": plan, "meta_title": plan.name}
    return render_public(
        request, "plan/plan_detail.html", context, lambda: _plan_page(request, plan)
    )


def _plan_page(request, plan) -> dict:
    context = _published_context(request, plan)
    cutoff = context["cutoff"]
    description = _("Objetivos, indicadores y cumplimiento publicado de %(plan)s.") % {
        "plan": plan.name
    }
    if cutoff:
        # Earlier published cutoffs from their stored figures, the selected one from its
        # payload (full precision, corrections included).
        trend = published_trend(context["published"].cutoffs, cutoff.date)[:-1]
        context["scorecard"] = scorecard.build(
            [*trend, scorecard.from_published(cutoff)],
            (plan.green_from, plan.yellow_from),
            scorecard.published_lagging(cutoff, LAG),
        )
        description = f"{plan.name}: {context['scorecard'].sentence}"
        # Links to objectives keep the cutoff only when the visitor chose one.
        context["objective_query"] = f"?corte={cutoff.date}" if "corte" in request.GET else ""
    else:
        context["structure"] = loaded = structure.load_structure(plan)
        context["structure_sections"] = structure_sections(loaded)
    context.update(meta_description=description, status=selection_status(context["form"]))
    return context


@public_plan_page
def objective_detail(request, plan, number):
    return render_public(
        request,
        "plan/objective_detail.html",
        {"plan": plan},
        lambda: _objective_page(request, plan, number),
        meta=("meta_title", "meta_description"),
    )


def _objective_page(request, plan, number) -> dict:
    context = _published_context(request, plan)
    cutoff = context["cutoff"]
    objective = cutoff.objective(number) if cutoff else None
    if objective is None:
        raise Http404(_("Este plan no tiene ese objetivo publicado."))
    labels = {i.id: i.label for i in cutoff.indicators.values()}
    context.update(
        objective=objective,
        rows=[(term, cutoff.indicators.get(term.indicator_id)) for term in objective.terms],
        panel=explain.objective_panel(objective, labels, get_language()),
        rule_explanation=explain.RULE_EXPLANATIONS.get(cutoff.rule, ""),
        meta_title=_("Objetivo %(number)d: %(title)s")
        % {
            "number": objective.number,
            "title": objective.short_title,
        },
        meta_description=_compliance_sentence(objective.compliance, cutoff.date)
        + " "
        + objective.statement[:200],
        status=selection_status(context["form"]),
    )
    return context


def _compliance_sentence(compliance, date) -> str:
    if compliance is None:
        return _("Sin indicadores programados al corte del %(date)s.") % {"date": format_date(date)}
    return _("Cumplimiento de %(value)s al %(date)s.") % {
        "value": format_percent(compliance, 2, get_language()),
        "date": format_date(date),
    }


@public_plan_page(reads=())
def indicator_detail(request, plan, indicator_id):
    return render_public(
        request,
        "plan/indicator_detail.html",
        {"plan": plan},
        lambda: _indicator_page(plan, indicator_id),
        meta=("meta_title", "meta_description"),
    )


def _indicator_page(plan, indicator_id) -> dict:
    history = [c for c in load_published_history(plan) if indicator_id in c.indicators]
    if not history:
        raise Http404(_("Este indicador no tiene cortes publicados."))
    latest = history[0]
    indicator = latest.indicators[indicator_id]
    rows = [(c, c.indicators[indicator_id]) for c in history]
    chart = charts.history(
        [charts.Point(c.date, i.programmed_cutoff, i.executed) for c, i in reversed(rows)],
        get_language(),
    )
    return {
        "indicator": indicator,
        "latest": latest,
        "feeds": latest.objectives_fed_by(indicator_id),
        "rows": rows,
        "has_analysis": any(i.analysis or i.evidence_url for _c, i in rows),
        "chart": chart,
        "meta_title": indicator.label,
        "meta_description": _("Avance al corte de %(value)s al %(date)s (%(plan)s).")
        % {
            "value": format_percent(indicator.progress_at_cutoff, 2, get_language())
            or _("sin dato"),
            "date": format_date(latest.date),
            "plan": plan.name,
        },
        "status": 200,
    }


@public_plan_page
def methodology(request, plan):
    context = {
        "plan": plan,
        "meta_title": _("Cómo se mide %(plan)s") % {"plan": plan.name},
        "meta_description": _(
            "Cómo se calcula el cumplimiento de cada objetivo: un promedio ponderado del avance "
            "de sus indicadores, con un ejemplo del propio plan."
        ),
    }
    return render_public(
        request,
        "plan/methodology.html",
        context,
        lambda: _methodology_page(request, plan),
        meta=(),
    )


def _methodology_page(request, plan) -> dict:
    context = _published_context(request, plan)
    cutoff = context["cutoff"]
    example = None
    if cutoff:
        candidates = [o for o in cutoff.objectives if len(o.included_terms) >= 2]
        if candidates:
            objective = max(
                candidates, key=lambda o: (len(o.terms) > len(o.included_terms), len(o.terms))
            )
            labels = {i.id: i.label for i in cutoff.indicators.values()}
            example = {
                "objective": objective,
                "panel": explain.objective_panel(objective, labels, get_language()),
            }
    context.update(
        example=example,
        rule_explanation=explain.RULE_EXPLANATIONS.get(plan.indicator_set_rule, ""),
        formula=explain.plan_formula(plan.indicator_set_rule, plan.declared_total_weight),
        colours=[
            (ComplianceColour.GREEN, plan.green_from),
            (ComplianceColour.YELLOW, plan.yellow_from),
        ],
        status=selection_status(context["form"]),
    )
    return context


def project_list(request):
    """Four queries whatever the number of projects: the count and one page of them by sector
    and entity, searched by name or code (their goals counted), the page's budgets and the
    stored budget totals of every year (plan.budget_totals). One card per project
    (public.project_list)."""
    context = listing.searched_page(
        request,
        InvestmentProject.objects.all(),
        projects.SEARCH_ON,
        arrange=project_list_rows.summary_rows,
    )
    rows = context["page"].object_list
    budgets = project_list_rows.page_budgets(rows)
    context.update(
        sections=project_list_rows.sections(rows, budgets, "plan:project_detail", get_language()),
        totals=projects.budget_totals(None),
        search_label=_("Buscar proyectos"),
        pagination_label=_("Páginas de proyectos"),
        meta_title=_("Proyectos de inversión"),
        meta_description=_(
            "Proyectos de inversión con su presupuesto por vigencia y la programación y el "
            "avance publicado de sus metas."
        ),
    )
    return render(request, "plan/projects.html", context)


def project_detail(request, organisation: str, code: str):
    """One project of an organisation (its code) in full: six queries whatever the project
    (the project, its budgets, goals, their indicators and programming, the newest
    publications of their plans); an unknown code answers 404."""
    found = projects.project_detail(InvestmentProject.objects.all(), organisation, code)
    if not found:
        raise Http404(_("No existe ese proyecto de inversión."))
    (project,) = projects.labelled(projects.public_projects(found))
    title = _("Proyecto %(code)s: %(name)s") % {"code": project.code, "name": project.name}
    context = {
        "project": project,
        "meta_title": title,
        "meta_description": _(
            "Presupuesto por vigencia, metas, programación y avance publicado del proyecto de "
            "inversión %(code)s."
        )
        % {"code": project.code},
    }
    return render(request, "plan/project_detail.html", context)
