"""A change to a plan's structure (its goals, indicators, weights and yearly programming) may
change what its public pages show, the structure of a plan without a published cutoff
included: bump the plan's stamp so its cached public pages (plan.public_cache) are made again
at once. Saves and deletes through the ORM; the structure workbook and the set-up pages save
row by row."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from indicators.models import AnnualProgramming, Goal, Indicator, ObjectiveLink
from plan.signals import touch_plans


@receiver(post_save, sender=Goal, dispatch_uid="indicators-goal-saved")
@receiver(post_delete, sender=Goal, dispatch_uid="indicators-goal-deleted")
@receiver(post_save, sender=Indicator, dispatch_uid="indicators-indicator-saved")
@receiver(post_delete, sender=Indicator, dispatch_uid="indicators-indicator-deleted")
def own_plan_changed(sender, instance, **kwargs):
    touch_plans([instance.plan_id])


@receiver(post_save, sender=ObjectiveLink, dispatch_uid="indicators-link-saved")
@receiver(post_delete, sender=ObjectiveLink, dispatch_uid="indicators-link-deleted")
@receiver(post_save, sender=AnnualProgramming, dispatch_uid="indicators-annual-saved")
@receiver(post_delete, sender=AnnualProgramming, dispatch_uid="indicators-annual-deleted")
def indicator_plan_changed(sender, instance, **kwargs):
    touch_plans(Indicator.objects.filter(pk=instance.indicator_id).values("plan_id"))
