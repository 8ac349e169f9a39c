"""Keep ``Plan.published_changed_at`` current: any change to a plan's cutoffs or snapshots may
change what its public pages show, and the cached pages are keyed on the plan's row
(plan.pagecache). Saves and deletes through the ORM only; bulk ``update()`` calls on cutoffs
or snapshots must call ``touch_plans`` themselves. Every such change, and any save of a plan or
an organisation, also tells this process's page cache to check plans again at once."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from plan import pagecache
from plan.models import Cutoff, Objective, Organisation, Plan, Snapshot


def touch_plans(plan_ids) -> None:
    Plan.objects.filter(pk__in=plan_ids).update(published_changed_at=timezone.now())
    pagecache.changed()


@receiver(post_save, sender=Plan, dispatch_uid="plan-plan-saved")
@receiver(post_save, sender=Organisation, dispatch_uid="plan-organisation-saved")
def plan_changed(sender, instance, **kwargs):
    pagecache.changed()


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
