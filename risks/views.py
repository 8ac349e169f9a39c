"""Internal pages of the risk map: heat maps, alerts, register, risk sheets and follow-up.

Views are thin: each reads through one loader or QuerySet method, computes with the pure
modules and hands a prepared context to a template that only prints.
"""

from __future__ import annotations

import base64
import hashlib

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from plan import listing, permissions, roles
from plan.access import internal_required, planning_required
from risks import alert_rows, register_rows, table_html, workbook, workbook_export
from risks import alerts as risk_alerts
from risks import assessment as calc
from risks.charts import heat_map_figure
from risks.choices import RiskKind, RiskZone
from risks.filters import RegisterFilterForm, RiskFilterForm, link_entities
from risks.forms import (
    ActionFormSet,
    AssessmentForm,
    ControlFormSet,
    ImportForm,
    RiskForm,
)
from risks.loading import (
    CELL_ROWS,
    assessment_or_none,
    load_cell_risks,
    load_grid,
    load_map_counts,
    load_owner_table,
    load_risk_detail,
)
from risks.methodology import current as current_methodology
from risks.models import Risk
from risks.published import pending_publication, publish_risk
from risks.register import INHERENT, RESIDUAL, zone_totals
from risks.services import (
    Inputs,
    inputs_of,
    methodology_context,
    store_assessment,
    today,
)

REGISTER_PAGE_SIZE = 50  # about eight screens of a phone

STAGE_TITLES = {
    INHERENT: gettext_lazy("Riesgo inherente"),
    RESIDUAL: gettext_lazy("Riesgo residual"),
}


internal = internal_required
planning = planning_required


def followable(user):
    """Risks whose follow-up and action plan ``user`` may write (plan.permissions, REPORT)."""
    return permissions.restrict(Risk.objects.all(), user, permissions.REPORT)


def managed(user, action=permissions.MANAGE):
    """Risks of the organisations whose register ``user`` configures (or reviews)."""
    return permissions.restrict(Risk.objects.all(), user, action)


# --- Heat maps ----------------------------------------------------------------------------


def _cell_param(text: str, grid) -> tuple[str, tuple[int, int]] | None:
    """«residual-3-4» -> ("residual", (3, 4)) if the cell exists."""
    parts = (text or "").split("-")
    if len(parts) != 3 or parts[0] not in (INHERENT, RESIDUAL):
        return None
    try:
        cell = (int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return (parts[0], cell) if cell in grid.zones else None


def _cell_url(request, stage, cell) -> str:
    query = request.GET.copy()
    query["celda"] = f"{stage}-{cell[0]}-{cell[1]}"
    return f"?{query.urlencode()}#riesgos-de-la-celda"


def _heat_map(request, grid, counts, stage, selected):
    urls = {cell: _cell_url(request, stage, cell) for cell in grid.zones}
    zones = {code: RiskZone(code) for code in RiskZone.values}
    rows = [
        {
            "probability": p,
            "cells": [
                {
                    "impact": i,
                    "zone": zones[grid.zones[(p.position, i.position)]],
                    "count": counts.get((p.position, i.position), 0),
                    "url": urls[(p.position, i.position)],
                    "selected": selected == (stage, (p.position, i.position)),
                }
                for i in grid.impact_levels
            ],
        }
        for p in reversed(grid.probability_levels)
    ]
    title = str(STAGE_TITLES[stage])
    figure = heat_map_figure(
        probability_levels=[(p.position, p.name) for p in grid.probability_levels],
        impact_levels=[(i.position, i.name) for i in grid.impact_levels],
        zones=grid.zones,
        counts=counts,
        urls=urls,
        zone_order=RiskZone.values,
        zone_labels={code: zones[code].label for code in zones},
        zone_colours={code: (zones[code].hex, zones[code].text_hex) for code in zones},
        axis_titles=(_("Impacto"), _("Probabilidad")),
        count_label=_("Riesgos"),
    )
    totals = zone_totals(counts, grid.zones)
    return {
        "stage": stage,
        "title": title,
        "figure": figure,
        "figure_id": f"mapa-{stage}",
        "rows": rows,
        "impact_levels": grid.impact_levels,
        "zone_totals": [(zones[code], totals.get(code, 0)) for code in reversed(RiskZone.values)],
        "assessed": sum(counts.values()),
    }


@internal
def dashboard(request):
    """The two heat maps of the risks the user reads, counted in SQL; a chosen cell's first
    risks; the table by process or project once the filters narrow to one entity (across
    entities its process names would repeat, one row per process of every entity)."""
    base = Risk.objects.visible_to(request.user)
    form = RiskFilterForm(request.GET, base, user=request.user)
    risks = form.apply(base)
    counts = load_map_counts(risks)
    grid = load_grid()
    selected = _cell_param(request.GET.get("celda", ""), grid)
    maps = [
        _heat_map(request, grid, counts.cells[stage], stage, selected)
        for stage in (INHERENT, RESIDUAL)
    ]
    cell_risks, cell_label, cell_count = [], None, 0
    if selected:
        stage, (p, i) = selected
        cell_risks = load_cell_risks(risks, stage, (p, i))
        cell_count = counts.cells[stage].get((p, i), 0)
        cell_label = {
            "stage": str(STAGE_TITLES[stage]),
            "probability": next(x for x in grid.probability_levels if x.position == p),
            "impact": next(x for x in grid.impact_levels if x.position == i),
            "zone": RiskZone(grid.zones[(p, i)]),
        }
    one_entity = form.is_valid() and bool(form.cleaned_data.get("entidad"))
    context = {
        "form": form,
        "maps": maps,
        "total": counts.total,
        "unassessed": counts.unassessed,
        "counts": counts,
        "selected": selected,
        "cell_label": cell_label,
        "cell_risks": cell_risks,
        "cell_count": cell_count,
        "cell_rows": CELL_ROWS,
        "owner_table": load_owner_table(risks) if one_entity else None,
        "methodology": grid.methodology,
        "query": request.GET.urlencode(),
    }
    return render(request, "risks/dashboard.html", context)


# The alerts' two lists, one shown at a time (?lista=): both counted, one page read.
WITHOUT_PLAN, OVERDUE = "sin-plan", "vencidos"


@internal
def alerts(request):
    """Two lists counted in SQL (risks.alerts), one of them shown a page at a time by sector
    and entity: high and extreme risks without a current action plan (the default) and
    overdue follow-ups (``?lista=vencidos``). Both counts head the page, each a link to its
    list, so a director sees both at once; on a phone the second list no longer waits below
    25 rows of the first."""
    base = Risk.objects.visible_to(request.user)
    form = RegisterFilterForm(request.GET, base, user=request.user)
    risks, day = form.apply(base), today()
    year = form.cleaned_data.get("vigencia") if form.is_valid() else None
    all_years = form.apply(base, year=False)
    shown = OVERDUE if request.GET.get("lista") == OVERDUE else WITHOUT_PLAN
    without_plan = risk_alerts.without_current_plan(risks, day)
    counts = {
        WITHOUT_PLAN: without_plan.count(),
        OVERDUE: risk_alerts.overdue_follow_ups(all_years, day, year).count(),
    }
    if shown == OVERDUE:
        rows, arrange = (
            risk_alerts.overdue_follow_ups(all_years, day, year),
            alert_rows.overdue_page,
        )
    else:
        rows, arrange = without_plan, alert_rows.without_plan_page
    page = listing.paginate(request, rows, arrange=arrange, count=counts[shown])
    context = {
        "form": form,
        "shown": shown,
        "showing_overdue": shown == OVERDUE,
        "page": page,
        "tabs": alert_rows.tabs(request.GET, counts, shown),
        "body": table_html.alert_body(shown == OVERDUE, page.object_list, form.sectors),
        # The headings name the zones as their badges do (RiskZone's labels).
        "alert_zones": {"high": RiskZone.HIGH.label, "extreme": RiskZone.EXTREME.label},
    }
    return render(request, "risks/alerts.html", context)


# --- Register -----------------------------------------------------------------------------


@internal
def register(request):
    """The risks the user reads, filtered and searched, by sector and entity, fifty at a time
    under their headers."""
    base = Risk.objects.visible_to(request.user)
    form = RegisterFilterForm(request.GET, base, user=request.user)
    risks = form.apply(base)
    page = listing.paginate(request, risks, REGISTER_PAGE_SIZE, arrange=register_rows.page_rows)
    query = request.GET.copy()
    query.pop("pagina", None)
    groups = register_rows.groups(page.object_list, form.sectors)
    if not form.data.get("entidad"):
        link_entities(groups, request.GET)
    context = {
        "form": form,
        "page": page,
        "body": table_html.register_body(groups, _("Ver solo los riesgos de esta entidad")),
        "query": query.urlencode(),
        "can_edit": roles.is_planning(request.user),
    }
    return render(request, "risks/register.html", context)


@internal
def risk_detail(request, pk):
    risk = get_object_or_404(
        Risk.objects.visible_to(request.user)
        .with_assessment()
        .select_related("assessment__methodology", "assessment__reputational_impact"),
        pk=pk,
    )
    detail = load_risk_detail(risk)
    can_follow = permissions.can(request.user, permissions.REPORT, risk)
    treatment_warnings = []
    if risk.treatment and detail.assessment is not None:
        treatment_warnings = calc.treatment_problems(
            risk.kind,
            detail.assessment.residual_zone,
            risk.treatment,
            bool(detail.actions),
            detail.assessment.methodology.acceptance_zones,
        )
    awaiting = risk.kind == RiskKind.CORRUPTION and pending_publication(risk)
    reported = {f.cutoff_id: f for f in detail.follow_ups}
    cutoff_rows = [(c, reported.get(c.id)) for c in detail.cutoffs]
    context = {
        "risk": risk,
        "detail": detail,
        "stored": detail.assessment,
        "inherent_zone": RiskZone(detail.assessment.inherent_zone) if detail.assessment else None,
        "residual_zone": RiskZone(detail.assessment.residual_zone) if detail.assessment else None,
        "can_edit": permissions.can(request.user, permissions.MANAGE, risk),
        "can_follow": can_follow and detail.assessment is not None,
        "cutoff_rows": cutoff_rows,
        "treatment_warnings": treatment_warnings,
        "awaiting_publication": awaiting,
        "published": risk.published_versions.select_related("written_by", "published_by").last(),
    }
    return render(request, "risks/risk_detail.html", context)


@planning
@require_POST
def risk_publish(request, pk):
    """The planning office publishes a new or changed corruption risk on the public map."""
    risk = get_object_or_404(
        managed(request.user, permissions.REVIEW).filter(kind=RiskKind.CORRUPTION), pk=pk
    )
    if pending_publication(Risk.objects.for_public_corruption_map().get(pk=pk)):
        publish_risk(risk, request.user)
        messages.success(request, _("Riesgo publicado en el mapa de riesgos de corrupción."))
    else:
        messages.info(request, _("El riesgo publicado ya es igual al actual."))
    return redirect("risks:risk_detail", pk=pk)


def _methodology_or_404():
    methodology = current_methodology()
    if methodology is None:
        raise Http404(_("No hay una metodología de riesgos vigente."))
    return methodology


@planning
@require_http_methods(["GET", "POST"])
def risk_edit(request, pk=None):
    risk = None
    if pk is not None:
        risk = get_object_or_404(
            managed(request.user).select_related("assessment__methodology"), pk=pk
        )
    stored = assessment_or_none(risk) if risk else None
    methodology = stored.methodology if stored else _methodology_or_404()
    has_plan = risk is not None and risk.actions.exists()
    form = RiskForm(
        request.POST or None,
        instance=risk,
        acceptance_zones=methodology.acceptance_zones,
        has_action_plan=has_plan,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Riesgo guardado."))
        return redirect("risks:risk_detail", pk=saved.pk)
    return render(request, "risks/risk_form.html", {"form": form, "risk": risk})


@planning
@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk):
    risk = get_object_or_404(managed(request.user).with_assessment(), pk=pk)
    stored = assessment_or_none(risk)
    ctx = methodology_context(_methodology_or_404())
    questions = ctx.questions
    initial = {}
    if stored is not None:
        previous = inputs_of(stored)
        initial = {
            "exposure_frequency": previous.frequency,
            "economic_impact_smlmv": previous.economic_smlmv,
            "reputational_impact": previous.reputational,
            "corruption_yes_answers": list(previous.yes_answers),
        }
    form = AssessmentForm(
        request.POST or None,
        initial=initial,
        kind=risk.kind,
        impact_levels=list(ctx.impact.values()),
        questions=questions,
    )
    formset = ControlFormSet(request.POST or None, instance=risk, prefix="controles")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        inputs = Inputs(
            frequency=data["exposure_frequency"],
            economic_smlmv=data.get("economic_impact_smlmv"),
            reputational=data.get("reputational_impact") or None,
            yes_answers=tuple(data.get("corruption_yes_answers") or ()),
        )
        try:
            with transaction.atomic():
                formset.save()
                controls = list(risk.controls.order_by("order"))
                store_assessment(risk, ctx, inputs, controls, request.user)
        except calc.AssessmentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Valoración guardada."))
            return redirect(
                "risks:risk_detail", pk=risk.pk
            )  # warns if the treatment no longer fits
    context = {"risk": risk, "form": form, "formset": formset, "methodology": ctx.row}
    return render(request, "risks/assessment_form.html", context)


@internal
@require_http_methods(["GET", "POST"])
def action_plan_edit(request, pk):
    risk = get_object_or_404(followable(request.user), pk=pk)
    formset = ActionFormSet(request.POST or None, instance=risk, prefix="actividades")
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("Plan de acción guardado."))
        return redirect("risks:risk_detail", pk=risk.pk)
    return render(request, "risks/action_plan_form.html", {"risk": risk, "formset": formset})


SESSION_KEY = "risks_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@internal
def export(request):
    base = Risk.objects.visible_to(request.user)
    form = RiskFilterForm(request.GET, base, user=request.user)
    risks = (
        form.apply(base)
        .for_register()
        .select_related("assessment__reputational_impact")
        .prefetch_related("controls", "actions")
    )
    response = HttpResponse(workbook_export.export_workbook(risks), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mapa-de-riesgos.xlsx"'
    return response


@planning
@require_http_methods(["GET", "POST"])
def import_workbook(request):
    methodology = _methodology_or_404()
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form, "errors": [], "preview": None}
    if request.method == "POST" and request.POST.get("accion") == "confirmar":
        return _confirm_import(request, methodology)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["workbook"].read()
        organisation = form.cleaned_data["organisation"]
        ctx = methodology_context(methodology)
        result = workbook.parse_workbook(
            content, ctx.plain, workbook.lookups_for(organisation, methodology)
        )
        if result.ok:
            request.session[SESSION_KEY] = {
                "organisation": organisation.pk,
                "content": base64.b64encode(content).decode(),
                "digest": hashlib.sha256(content).hexdigest(),
            }
            context["preview"] = [
                (r, RiskZone(r.evaluation.inherent.zone), RiskZone(r.evaluation.residual.zone))
                for r in result.risks
            ]
            context["organisation"] = organisation
            context["digest"] = hashlib.sha256(content).hexdigest()
        else:
            context["errors"] = workbook.error_lines(result.errors)
    return render(request, "risks/import.html", context)


def _confirm_import(request, methodology):
    from plan.models import Organisation

    stored = request.session.get(SESSION_KEY)
    if not stored or stored.get("digest") != request.POST.get("digest"):
        messages.error(request, _("La vista previa venció: cargue el libro de nuevo."))
        return redirect("risks:import")
    content = base64.b64decode(stored["content"])
    organisation = get_object_or_404(
        permissions.restrict(Organisation.objects.all(), request.user, permissions.MANAGE),
        pk=stored["organisation"],
    )
    ctx = methodology_context(methodology)
    result = workbook.parse_workbook(
        content, ctx.plain, workbook.lookups_for(organisation, methodology)
    )
    if not result.ok:
        errors = workbook.error_lines(result.errors)
        return render(
            request,
            "risks/import.html",
            {"form": ImportForm(user=request.user), "errors": errors, "preview": None},
        )
    created, updated = workbook.apply_import(result, organisation, ctx, request.user)
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("Libro importado: %(created)s riesgos nuevos y %(updated)s actualizados.")
        % {"created": created, "updated": updated},
    )
    return redirect("risks:register")
