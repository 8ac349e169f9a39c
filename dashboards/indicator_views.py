"""Directors' indicator pages: the filterable, exportable table at a cutoff and one
indicator's history across every cutoff."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from dashboards import rows as build
from dashboards.access import internal_required
from dashboards.common import get_plan, select_cutoff
from dashboards.filters import IndicatorFilter
from dashboards.tables import IndicatorTable
from indicators import validation
from indicators.history import load_plan_history
from indicators.loading import load_plan_at_cutoff
from opendata import writers
from plan import charts
from plan.forms import selection_status

EXPORT_TYPES = (writers.CSV, writers.XLSX)
PER_PAGE = 25


@internal_required
def indicator_table(request, slug):
    """Plan, cutoffs, the loader's six queries and the filter's one: nine queries."""
    plan = get_plan(slug, request.user)
    cutoffs, form, cutoff = select_cutoff(request, plan)
    if cutoff is None:
        return render(
            request,
            "dashboards/indicators.html",
            {"plan": plan, "form": form},
            status=selection_status(form),
        )
    data = load_plan_at_cutoff(cutoff)
    filterset = IndicatorFilter(request.GET or None, data_at_cutoff=data)
    allowed = set(filterset.qs.values_list("id", flat=True))
    number = filterset.objective_number()
    rows = [
        r
        for r in build.indicator_rows(data)
        if r.indicator_id in allowed and (number is None or r.objective_number == number)
    ]
    table = IndicatorTable(rows, plan_slug=plan.slug)
    table.caption = _("Indicadores al %(date)s") % {"date": cutoff.date.strftime("%d/%m/%Y")}
    fmt = request.GET.get("exportar")
    if fmt in EXPORT_TYPES and selection_status(form) == 200:
        RequestConfig(request, paginate=False).configure(table)
        return writers.download(
            fmt,
            table.export_columns(),
            table.export_rows(),
            f"{plan.slug}_{cutoff.date.isoformat()}_indicadores.{fmt}",
            header="label",
            title=_("Indicadores"),
        )
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query["exportar"] = "csv"
    export_csv = query.urlencode()
    query["exportar"] = "xlsx"
    return render(
        request,
        "dashboards/indicators.html",
        {
            "plan": plan,
            "form": form,
            "cutoff": cutoff,
            "filter": filterset,
            "table": table,
            "export_csv": export_csv,
            "export_xlsx": query.urlencode(),
            "meta_title": _("Indicadores · %(plan)s") % {"plan": plan.name},
        },
        status=selection_status(form),
    )


@internal_required
def indicator_detail(request, slug, indicator_id):
    """Plan and the history loader's seven queries."""
    plan = get_plan(slug, request.user)
    history = load_plan_history(plan)
    indicator = history.indicators.get(indicator_id)
    if indicator is None:
        raise Http404(_("Este plan no tiene ese indicador."))
    rows = [
        (loaded.cutoff, build.indicator_row(loaded, indicator_id))
        for loaded in reversed(history.cutoffs)
    ]
    links = [link for link in history.links if link.indicator_id == indicator_id]
    return render(
        request,
        "dashboards/indicator.html",
        {
            "plan": plan,
            "indicator": indicator,
            "label": build.indicator_label(indicator),
            "rows": rows,
            "links": links,
            "annual": sorted(history.annual.get(indicator_id, {}).items()),
            "annualisation_warnings": validation.annualisation_problems(
                indicator.annualization,
                history.annual.get(indicator_id, {}),
                indicator.declared_total,
            ),
            "chart": charts.history(
                [
                    charts.Point(cutoff.date, row.programmed_cutoff, row.executed)
                    for cutoff, row in reversed(rows)
                ],
                get_language(),
            ),
            "meta_title": build.indicator_label(indicator),
        },
    )
