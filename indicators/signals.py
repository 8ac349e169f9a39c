"""A change to a plan's structure (its goals, indicators, weights and yearly programming) may
change what its public pages show, the structure of a plan without a published cutoff
included: bump the plan's stamp so its cached public pages (plan.public_cache) are made again
at once. Saves and deletes through the ORM; the structure workbook and the set-up pages save
row by row."""

from __future__ import annotations

from indicators.models import AnnualProgramming, Goal, Indicator, ObjectiveLink
from plan.signals import on_change, own_plan_changed, touch_plans

on_change(Goal, Indicator)(own_plan_changed)


@on_change(ObjectiveLink, AnnualProgramming)
def indicator_plan_changed(sender, instance, **kwargs):
    touch_plans(Indicator.objects.filter(pk=instance.indicator_id).values("plan_id"))
