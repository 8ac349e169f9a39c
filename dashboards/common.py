"""What every directors' page starts with: the plan and the cutoff asked for."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from plan import permissions, scoping
from plan.choices import CutoffStatus
from plan.forms import CutoffForm, cutoff_label
from plan.models import Cutoff, Plan


def get_plan(slug: str, user) -> Plan:
    """The plan if ``user`` reads it (plan.scoping, action READ); 404 outside the scope."""
    plans = scoping.plans(user, permissions.READ, Plan.objects.select_related("organisation"))
    return get_object_or_404(plans, slug=slug)


def cutoff_choices(cutoffs) -> list:
    """Newest first, with their status: "31/03/2026 (Publicado)"."""
    return [
        (c.date, cutoff_label(c.date, CutoffStatus(c.status).label))
        for c in sorted(cutoffs, key=lambda c: c.date, reverse=True)
    ]


def select_cutoff(request, plan: Plan, form_class=CutoffForm):
    """The plan's cutoffs (one query), the GET form and the chosen cutoff (newest by
    default or when the requested date is not one of the plan's)."""
    cutoffs = list(Cutoff.objects.filter(plan=plan).order_by("date"))
    for cutoff in cutoffs:
        cutoff.plan = plan
    form = form_class(request.GET or None, cutoff_choices(cutoffs))
    chosen = form.date()
    cutoff = next((c for c in cutoffs if c.date == chosen), cutoffs[-1] if cutoffs else None)
    if cutoff and "corte" not in form.data:
        form.initial["corte"] = cutoff.date.isoformat()
    return cutoffs, form, cutoff
