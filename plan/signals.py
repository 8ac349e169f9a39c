"""Keep ``Plan.published_changed_at`` current: any change to a plan, its organisation, its
cutoffs or snapshots may change what its public pages show, and their cache keys, ETags and
Last-Modified are built from that stamp (plan.public_cache). Saves and deletes through the ORM
only; bulk ``update()`` calls must call ``touch_plans`` themselves."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from plan.models import Cutoff, Objective, Organisation, Plan, Snapshot
from plan.public_cache import forget_plans


def touch_plans(plan_ids) -> None:
    Plan.objects.filter(pk__in=plan_ids).update(published_changed_at=timezone.now())
    forget_plans()


@receiver(post_save, sender=Plan, dispatch_uid="plan-plan-saved")
def plan_changed(sender, instance, **kwargs):
    # Written by an update so that a save with update_fields bumps it too; the instance keeps
    # the new value, so saving it again never writes an older stamp back.
    instance.published_changed_at = timezone.now()
    Plan.objects.filter(pk=instance.pk).update(published_changed_at=instance.published_changed_at)
    forget_plans()


@receiver(post_save, sender=Organisation, dispatch_uid="plan-organisation-saved")
def organisation_changed(sender, instance, **kwargs):
    Plan.objects.filter(organisation=instance).update(published_changed_at=timezone.now())
    forget_plans()


@receiver(post_save, sender=Objective, dispatch_uid="plan-objective-saved")
@receiver(post_delete, sender=Objective, dispatch_uid="plan-objective-deleted")
@receiver(post_save, sender=Cutoff, dispatch_uid="plan-cutoff-saved")
@receiver(post_delete, sender=Cutoff, dispatch_uid="plan-cutoff-deleted")
def cutoff_changed(sender, instance, **kwargs):
    touch_plans([instance.plan_id])


@receiver(post_save, sender=Snapshot, dispatch_uid="plan-snapshot-saved")
@receiver(post_delete, sender=Snapshot, dispatch_uid="plan-snapshot-deleted")
def snapshot_changed(sender, instance, **kwargs):
    touch_plans(Cutoff.objects.filter(pk=instance.cutoff_id).values("plan_id"))


# Publications are immutable (plan.immutability): the deletion collector sends pre_delete for
# every row it removes, cascades and bulk actions included.
def _connect_immutability_guards():
    from django.db.models.signals import pre_delete

    from indicators.models import Measurement
    from plan import immutability
    from plan.models import CutoffEvent, ObjectiveFigure

    for model in (Snapshot, ObjectiveFigure, CutoffEvent):
        pre_delete.connect(
            immutability.refuse_delete, sender=model, dispatch_uid=f"immutable-{model.__name__}"
        )
    pre_delete.connect(
        immutability.check_measurement_delete,
        sender=Measurement,
        dispatch_uid="immutable-measurement",
    )


_connect_immutability_guards()
