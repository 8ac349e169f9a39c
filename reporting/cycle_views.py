"""Pages of the planning office's cycle (under /reporte/): the cutoff calendar of a plan, the
«programado al corte» grid of a cutoff and review at scale. Writes go through reporting.cycle."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.choices import MeasurementStatus
from indicators.models import Measurement
from plan import cutoff_calendar, permissions, scoping
from plan.models import Unit
from reporting import cycle
from reporting.cycle_forms import BulkReviewForm, OneCutoffForm, YearCutoffsForm, parse_programming
from reporting.grid_pages import attempt, render_grid
from reporting.numbers import format_for_input
from reporting.setup_forms import grid_cell
from reporting.views import _cutoff, planning_view
from reporting.workflow import TransitionError


@planning_view
def plan_calendar(request, slug):
    plan = get_object_or_404(scoping.plans(request.user, permissions.MANAGE), slug=slug)
    periodicity = cycle.plan_periodicity(plan)
    data = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if data else None
    year_form = YearCutoffsForm(
        data if which == "year" else None, plan=plan, periodicity=periodicity
    )
    one_form = OneCutoffForm(data if which == "one" else None)
    form = year_form if which == "year" else one_form if which == "one" else None
    if form is not None and form.is_valid():
        if which == "year":
            d = form.cleaned_data
            dates = cutoff_calendar.period_ends(d["year"], d["periodicity"])
        else:
            dates = [form.cleaned_data["date"]]
        try:
            result = cycle.create_cutoffs(
                plan, dates, request.user, form.cleaned_data["working_days"]
            )
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            _report_created(request, result)
            return redirect("reporting:plan_calendar", slug=plan.slug)
    return render(
        request,
        "reporting/plan_calendar.html",
        {
            "plan": plan,
            "cutoffs": plan.cutoffs.order_by("date"),
            "year_form": year_form,
            "one_form": one_form,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _report_created(request, result) -> None:
    if result.created:
        messages.success(
            request,
            _("Cortes creados: %(d)s.")
            % {"d": ", ".join(f"{c.date:%d/%m/%Y}" for c in result.created)},
        )
    if result.existing:
        messages.info(
            request,
            _("Ya existían: %(d)s.") % {"d": ", ".join(f"{d:%d/%m/%Y}" for d in result.existing)},
        )


@planning_view
def cutoff_programming(request, cutoff_id):
    cutoff = _cutoff(cutoff_id, request.user, managed=True)
    lines = cycle.programming_lines(cutoff)
    errors, problem = {}, None
    if request.method == "POST":
        if request.POST.get("action") == "defaults":
            values = {line.indicator.id: line.default for line in lines}
        else:
            values, errors = parse_programming(request.POST, lines)
        if not errors:
            changed, problem = attempt(lambda: cycle.save_programming(cutoff, values, request.user))
            if problem is None:
                messages.success(
                    request, _("Programación guardada: %(n)s cambios.") % {"n": changed}
                )
                return redirect("reporting:cutoff_programming", cutoff_id=cutoff.id)
    language = get_language() or "es"
    rows = [
        {
            "line": line,
            **grid_cell(
                request, f"p-{line.indicator.id}", line.current, errors.get(line.indicator.id)
            ),
            "default": format_for_input(line.default, language),
        }
        for line in lines
    ]
    context = {"cutoff": cutoff, "rows": rows, "errors": errors}
    return render_grid(request, "reporting/cutoff_programming.html", context, errors, problem)


@planning_view
def cutoff_review(request, cutoff_id):
    cutoff = _cutoff(cutoff_id, request.user, managed=True)
    rows = (
        Measurement.objects.filter(
            cutoff=cutoff,
            status__in=(MeasurementStatus.SUBMITTED, MeasurementStatus.APPROVED),
        )
        .select_related("indicator__responsible_unit", "submitted_by")
        .order_by("indicator__responsible_unit__name", "indicator__code", "indicator_id")
    )
    unit_id = request.GET.get("dependencia") or ""
    status = request.GET.get("estado") or MeasurementStatus.SUBMITTED
    if status not in (MeasurementStatus.SUBMITTED, MeasurementStatus.APPROVED):
        status = MeasurementStatus.SUBMITTED
    rows = rows.filter(status=status)
    units = list(
        Unit.objects.filter(indicators__plan_id=cutoff.plan_id).distinct().order_by("name")
    )
    # Only a unit of this plan filters; anything else (a huge number, text) shows every unit.
    if unit_id in {str(unit.id) for unit in units}:
        rows = rows.filter(indicator__responsible_unit_id=int(unit_id))
    else:
        unit_id = ""
    rows = list(rows)
    form = BulkReviewForm(request.POST or None, eligible_ids=[m.id for m in rows])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = cycle.review_many(cutoff, request.user, d["ids"], d["action"], d["comment"])
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            _report_review(request, result, d["action"])
            return redirect(request.get_full_path())
    return render(
        request,
        "reporting/cutoff_review.html",
        {
            "cutoff": cutoff,
            "rows": rows,
            "form": form,
            "units": units,
            "unit_id": unit_id,
            "status": status,
            "statuses": [
                (s, MeasurementStatus(s).label)
                for s in (MeasurementStatus.SUBMITTED, MeasurementStatus.APPROVED)
            ],
            "four_eyes": cycle.four_eyes(),
            "user_id": request.user.id,
        },
        status=400 if form.errors else 200,
    )


def _report_review(request, result, action) -> None:
    if result.done:
        text = (
            _("%(n)s reportes aprobados.")
            if action == "approve"
            else _("%(n)s reportes devueltos a las dependencias.")
        )
        messages.success(request, text % {"n": len(result.done)})
    if result.own:
        messages.warning(
            request,
            _(
                "No se aprobaron %(n)s reportes que usted mismo envió (cuatro ojos: quien "
                "envía un reporte no lo aprueba): %(names)s. Otra persona de Planeación "
                "debe aprobarlos."
            )
            % {"n": len(result.own), "names": result.own_names()},
        )
