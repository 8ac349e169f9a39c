"""Reporting pages for the planning office, reporters and directors (under /reporte/).

Every view checks the role on the server and reads through a permission-filtered query; the
workflow rules live in reporting.workflow and every write in reporting.services/importing."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from indicators.models import (
    AnnualProgramming,
    CutoffProgramming,
    Evidence,
    Indicator,
    Measurement,
    ObjectiveLink,
)
from plan import access, listing, permissions, roles, scoping
from plan.choices import CutoffStatus
from plan.models import Cutoff
from reporting import (
    plausibility,
    queries,
    services,
    tables,
    timeline,
    workflow,
)
from reporting.forms import (
    CloseForm,
    MeasurementForm,
    PublishForm,
    ReopenForm,
    ReviewForm,
)
from reporting.numbers import format_for_input
from reporting.publication import publication_preview

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


internal_view = access.internal_required
planning_view = access.planning_required
editor_view = access.reporter_required


def _cutoff(cutoff_id, user, managed: bool = False) -> Cutoff:
    """The cutoff in ``user``'s reading scope (``managed``: whose plan ``user``'s planning
    office manages); 404 outside it, as if it did not exist."""
    try:
        if managed:
            return queries.get_managed_cutoff(cutoff_id, user)
        return queries.get_cutoff(cutoff_id, user)
    except Cutoff.DoesNotExist:
        raise Http404 from None


# --- Overview pages -------------------------------------------------------------------------


@internal_view
def index(request):
    cutoffs = scoping.by_plan(
        Cutoff.objects.select_related("plan").order_by("plan__name", "-date"),
        request.user,
        permissions.READ,
    )
    table = tables.CutoffTable(cutoffs)
    RequestConfig(request, paginate={"per_page": tables.PER_PAGE}).configure(table)
    return render(
        request,
        "reporting/index.html",
        {
            "table": table,
            "is_planning": roles.is_planning(request.user),
            "plans": scoping.plans(request.user, permissions.MANAGE).order_by("name"),
        },
    )


@internal_view
def my_pending(request):
    """A page of the open cutoffs in which the user reports (nearest deadline first), each
    with what is still to report, returned or in review: a fixed number of queries."""
    cutoffs = queries.pending_cutoffs(request.user)
    page = listing.paginate(request, cutoffs, queries.PENDING_CUTOFFS)
    return render(
        request,
        "reporting/my_pending.html",
        {
            "groups": queries.pending_for(request.user, page.object_list),
            "page": page,
            "pagination_label": _("Páginas de cortes abiertos"),
            "is_reporter": roles.is_reporter(request.user),
        },
    )


@internal_view
def cutoff_detail(request, cutoff_id):
    cutoff = _cutoff(cutoff_id, request.user)
    board = queries.cutoff_board(cutoff, request.user)
    return render(
        request,
        "reporting/cutoff_detail.html",
        {
            "cutoff": cutoff,
            "board": board,
            "summary_table": tables.UnitSummaryTable(board.summaries, totals=board.totals),
            "indicator_table": tables.CutoffIndicatorTable(board.rows),
            "timeline": timeline.cutoff_timeline(cutoff, limit=30, user=request.user),
            "is_planning": scoping.manages(request.user, cutoff.plan.organisation_id),
            "can_import": access.may_report(request.user),
            "status_hex": CutoffStatus(cutoff.status).hex,
        },
    )


@internal_view
def cutoff_history(request, cutoff_id):
    cutoff = _cutoff(cutoff_id, request.user)
    return render(
        request,
        "reporting/cutoff_history.html",
        {"cutoff": cutoff, "timeline": timeline.cutoff_timeline(cutoff, user=request.user)},
    )


@internal_view
def indicator_detail(request, indicator_id):
    indicator = get_object_or_404(
        scoping.by_plan(
            roles.indicators_visible_to(request.user), request.user, permissions.READ
        ).select_related("plan", "goal", "responsible_unit"),
        pk=indicator_id,
    )
    drafts_readable = permissions.can(request.user, permissions.READ, indicator)
    measurements = list(
        permissions.restrict(
            Measurement.objects.filter(indicator=indicator), request.user, permissions.READ
        )
        .select_related("cutoff")
        .order_by("-cutoff__date")
    )
    programming = {
        p.cutoff_id: p.programmed for p in CutoffProgramming.objects.filter(indicator=indicator)
    }
    rows = [(m, programming.get(m.cutoff_id)) for m in measurements]
    return render(
        request,
        "reporting/indicator_detail.html",
        {
            "indicator": indicator,
            "rows": rows,
            "annual": AnnualProgramming.objects.filter(indicator=indicator).order_by("year"),
            "links": ObjectiveLink.objects.filter(indicator=indicator)
            .select_related("objective")
            .order_by("year", "objective__number"),
            "cutoffs": Cutoff.objects.filter(plan_id=indicator.plan_id).order_by("-date"),
            "can_edit": roles.indicators_editable_by(request.user).filter(pk=indicator.pk).exists(),
            "timeline": timeline.indicator_timeline(indicator) if drafts_readable else [],
        },
    )


# --- Cutoff workflow ------------------------------------------------------------------------


def _cutoff_action(
    request, cutoff_id, form_class, template_title, run, more_context=None, form_kwargs=None
):
    cutoff = _cutoff(cutoff_id, request.user, managed=True)
    context = {"cutoff": cutoff, "title": template_title}
    context.update(more_context(cutoff) if more_context else {})
    form = form_class(request.POST or None, **(form_kwargs(context) if form_kwargs else {}))
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            run(cutoff, form)
        except workflow.TransitionError as error:
            form.add_error(None, error.message)
        else:
            return redirect("reporting:cutoff_detail", cutoff_id=cutoff.id)
    return render(
        request, "reporting/cutoff_action.html", context, status=400 if form.errors else 200
    )


@planning_view
def cutoff_close(request, cutoff_id):
    def missing(cutoff):
        ids = services.missing_indicator_ids(cutoff)
        return {
            "action": "close",
            "missing": Indicator.objects.filter(id__in=ids).select_related("responsible_unit"),
            "preview": publication_preview(cutoff),
        }

    def run(cutoff, form):
        data = form.cleaned_data
        services.close_cutoff(
            cutoff, request.user, override=data["override"], reason=data["reason"]
        )
        messages.success(request, _("El corte quedó cerrado."))

    return _cutoff_action(request, cutoff_id, CloseForm, _("Cerrar el corte"), run, missing)


@planning_view
def cutoff_publish(request, cutoff_id):
    def run(cutoff, form):
        event = services.publish_cutoff(
            cutoff, request.user, form.cleaned_data["reason"], form.confirmations
        )
        messages.success(
            request,
            _("Corte publicado (versión %(v)s). Las páginas públicas ya muestran estas cifras.")
            % {"v": event.snapshot.version},
        )

    def extra(cutoff):
        return {
            "action": "publish",
            "versions": cutoff.snapshots.count(),
            "preview": publication_preview(cutoff),
        }

    return _cutoff_action(
        request,
        cutoff_id,
        PublishForm,
        _("Publicar el corte"),
        run,
        extra,
        lambda context: {"flags": context["preview"].flags},
    )


@planning_view
def cutoff_reopen(request, cutoff_id):
    def run(cutoff, form):
        services.reopen_cutoff(cutoff, request.user, form.cleaned_data["reason"])
        messages.success(request, _("El corte quedó abierto de nuevo."))

    return _cutoff_action(
        request, cutoff_id, ReopenForm, _("Reabrir el corte"), run, lambda c: {"action": "reopen"}
    )


# --- Measurements ---------------------------------------------------------------------------


@editor_view
def measurement_edit(request, cutoff_id, indicator_id):
    cutoff = _cutoff(cutoff_id, request.user)
    indicator = get_object_or_404(
        roles.indicators_editable_by(request.user)
        .filter(plan_id=cutoff.plan_id)
        .select_related("goal", "responsible_unit")
        .distinct(),
        pk=indicator_id,
    )
    data = queries.measurement_form_data(cutoff, indicator)
    status = data.measurement.status if data.measurement else None
    actor = services.actor_for(request.user, indicator, cutoff.plan.organisation_id)
    editable = workflow.can_edit(actor, status, cutoff.status)
    initial = {}
    if data.measurement:
        initial = {
            "executed": format_for_input(data.measurement.executed, get_language() or "es"),
            "analysis": data.measurement.analysis,
        }
    form = MeasurementForm(
        request.POST or None, request.FILES or None, form_data=data, initial=initial
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in (workflow.SAVE, workflow.SUBMIT):
            return HttpResponse(status=400)
        if form.is_valid():
            try:
                services.save_measurement(cutoff, indicator, request.user, form.to_input(), action)
            except workflow.TransitionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Reporte enviado a revisión.")
                    if action == workflow.SUBMIT
                    else _("Borrador guardado."),
                )
                return redirect(
                    "reporting:measurement_edit", cutoff_id=cutoff.id, indicator_id=indicator.id
                )
    return render(
        request,
        "reporting/measurement_form.html",
        {
            "cutoff": cutoff,
            "indicator": indicator,
            "data": data,
            "form": form,
            "editable": editable,
            "warnings": _plausibility_warnings(form, data, indicator),
        },
        status=400 if form.errors else 200,
    )


def _plausibility_warnings(form, data, indicator) -> list[str]:
    """The checks before publishing, on the value typed (or stored): warnings, not errors."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    executed = cleaned.get("executed")
    if executed is None and data.measurement is not None:
        executed = data.measurement.executed
    return plausibility.measurement_warnings(
        executed,
        indicator.unit,
        data.programmed_year,
        data.programmed_cutoff,
        data.previous.executed if data.previous else None,
        indicator.direction,
    )


@planning_view
@require_POST
def measurement_review(request, measurement_id):
    measurement = get_object_or_404(
        permissions.restrict(
            Measurement.objects.select_related("cutoff"), request.user, permissions.REVIEW
        ),
        pk=measurement_id,
    )
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        services.review_measurement(
            measurement, request.user, form.cleaned_data["action"], form.cleaned_data["comment"]
        )
    except workflow.TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Reporte aprobado.")
            if form.cleaned_data["action"] == workflow.APPROVE
            else _("Reporte devuelto a la dependencia."),
        )
    return redirect(f"{_cutoff_url(measurement.cutoff_id)}#m-{measurement.indicator_id}")


def _cutoff_url(cutoff_id):
    from django.urls import reverse

    return reverse("reporting:cutoff_detail", kwargs={"cutoff_id": cutoff_id})


@internal_view
def evidence_download(request, evidence_id):
    evidence = get_object_or_404(
        permissions.restrict(Evidence.objects.all(), request.user, permissions.READ),
        pk=evidence_id,
        kind="file",
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )
