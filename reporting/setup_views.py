"""Plan set-up pages for the planning office (under /reporte/planes/): create a plan or copy
one's structure, edit objectives, goals and indicators, weights per year and the yearly
programming. Writes go through ModelForms and reporting.setup."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from indicators.models import Goal, Indicator
from plan import permissions, scoping
from plan.forms import save_form
from plan.models import Objective, Plan
from reporting import setup, structure_workbook
from reporting.grid_pages import attempt, render_grid
from reporting.setup_forms import (
    GoalForm,
    IndicatorForm,
    ObjectiveForm,
    PlanEditForm,
    PlanForm,
    grid_cell,
    parse_grid,
)
from reporting.views import XLSX, planning_view
from reporting.workflow import TransitionError


def _plan(request, slug, queryset=None) -> Plan:
    """The plan whose organisation ``request.user``'s planning office manages; 404 outside."""
    plans = scoping.plans(request.user, permissions.MANAGE, queryset)
    return get_object_or_404(plans, slug=slug)


@planning_view
def structure_template(request):
    """The blank structure workbook: drop-downs and an instructions sheet."""
    response = HttpResponse(structure_workbook.export_structure(None), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="plantilla-estructura.xlsx"'
    return response


@planning_view
def plan_new(request):
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                plan = form.save(commit=False)
                plan._history_user = request.user
                plan.save()
                if form.cleaned_data["source"]:
                    n = setup.copy_structure(form.cleaned_data["source"], plan, request.user)
                    messages.info(request, _("Estructura copiada: %(n)s indicadores.") % {"n": n})
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Plan creado."))
            return redirect("reporting:plan_setup", slug=plan.slug)
    return render(
        request,
        "reporting/setup_form.html",
        {"form": form, "title": _("Crear un plan")},
        status=400 if form.errors else 200,
    )


@planning_view
def plan_setup(request, slug):
    plan = _plan(request, slug, Plan.objects.select_related("organisation"))
    form = PlanEditForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan = save_form(request, form, _("Datos del plan guardados."), _history_user=request.user)
        return redirect("reporting:plan_setup", slug=plan.slug)
    return render(
        request,
        "reporting/plan_setup.html",
        {
            "plan": plan,
            "form": form,
            "objectives": plan.objectives.order_by("number"),
            "goals": Goal.objects.filter(plan=plan).order_by("kind", "code", "id"),
            "indicators": Indicator.objects.filter(plan=plan)
            .select_related("responsible_unit")
            .order_by("code", "id"),
        },
        status=400 if form.errors else 200,
    )


def _edit(request, plan, model, form_class, pk, title, form_kwargs=None):
    instance = get_object_or_404(model, plan=plan, pk=pk) if pk else model(plan=plan)
    form = form_class(request.POST or None, instance=instance, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        save_form(request, form, _("Guardado."), plan=plan, _history_user=request.user)
        return redirect("reporting:plan_setup", slug=plan.slug)
    return render(
        request,
        "reporting/setup_form.html",
        {"form": form, "title": title, "plan": plan},
        status=400 if form.errors else 200,
    )


@planning_view
def objective_edit(request, slug, pk=None):
    plan = _plan(request, slug)
    return _edit(request, plan, Objective, ObjectiveForm, pk, _("Objetivo"))


@planning_view
def goal_edit(request, slug, pk=None):
    plan = _plan(request, slug)
    return _edit(request, plan, Goal, GoalForm, pk, _("Meta"))


@planning_view
def indicator_edit(request, slug, pk=None):
    plan = _plan(request, slug)
    return _edit(request, plan, Indicator, IndicatorForm, pk, _("Indicador"), {"plan": plan})


@planning_view
def plan_weights(request, slug, year):
    plan = _plan(request, slug)
    if year not in plan.years:
        return redirect("reporting:plan_weights", slug=plan.slug, year=plan.start_year)
    grid = setup.weight_grid(plan, year)
    keys = [(o.id, i.id) for o, rows in grid for i, _w in rows]
    errors, problem = {}, None
    if request.method == "POST":
        values, errors = parse_grid(request.POST, "w", keys)
        if not errors:
            notes, problem = attempt(lambda: setup.save_weights(plan, year, values, request.user))
            if problem is None:
                messages.success(request, _("Ponderaciones de %(y)s guardadas.") % {"y": year})
                for note in notes:
                    messages.info(request, note)
                return redirect("reporting:plan_weights", slug=plan.slug, year=year)
    objectives = [
        {
            "objective": o,
            "rows": [
                {
                    "indicator": i,
                    **grid_cell(request, f"w-{o.id}-{i.id}", w, errors.get((o.id, i.id))),
                }
                for i, w in rows
            ],
        }
        for o, rows in grid
    ]
    context = {"plan": plan, "year": year, "objectives": objectives}
    return render_grid(request, "reporting/plan_weights.html", context, errors, problem)


@planning_view
def plan_programming(request, slug):
    plan = _plan(request, slug)
    grid = setup.programming_grid(plan)
    years = list(plan.years)
    keys = [(i.id, y) for i, _p in grid for y in years]
    errors, problem = {}, None
    if request.method == "POST":
        values, errors = parse_grid(request.POST, "a", keys)
        declared, declared_errors = parse_grid(request.POST, "t", [i.id for i, _p in grid])
        errors.update({(k, "t"): v for k, v in declared_errors.items()})
        if not errors:
            warnings, problem = attempt(
                lambda: setup.save_yearly_programming(plan, values, declared, request.user)
            )
            if problem is None:
                messages.success(request, _("Programación anual guardada."))
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect("reporting:plan_programming", slug=plan.slug)
    cell = partial(grid_cell, request)
    rows = [
        {
            "indicator": i,
            "cells": [cell(f"a-{i.id}-{y}", yearly.get(y), errors.get((i.id, y))) for y in years],
            "total": cell(f"t-{i.id}", i.declared_total, errors.get((i.id, "t"))),
        }
        for i, yearly in grid
    ]
    context = {"plan": plan, "years": years, "rows": rows, "errors": errors}
    return render_grid(request, "reporting/plan_programming.html", context, errors, problem)
