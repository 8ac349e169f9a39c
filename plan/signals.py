"""Keep ``Plan.published_changed_at`` current: any change to a plan, its organisation, its
cutoffs or snapshots may change what its public pages show, and their cache keys, ETags and
Last-Modified are built from that stamp (plan.public_cache); a change to an investment project
or its budget bumps its organisation's plans, since the project lists keep their budget totals
under the district's stamp (plan.stamped_cache). Saves and deletes through the ORM
only; bulk ``update()`` calls must call ``touch_plans`` themselves. Saving or deleting an
organisation also renumbers the district's list order (plan.list_order)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from plan import list_order
from plan.models import (
    Cutoff,
    InvestmentProject,
    Objective,
    Organisation,
    Plan,
    ProjectBudget,
    Snapshot,
)
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
    list_order.renumber()


@receiver(post_delete, sender=Organisation, dispatch_uid="plan-organisation-deleted")
def organisation_deleted(sender, instance, **kwargs):
    list_order.renumber()


def on_change(*senders):
    """Connect the decorated handler to the saves and the deletes of each of ``senders``."""

    def connect(handler):
        for sender in senders:
            uid = f"{handler.__name__}-{sender._meta.label_lower}"
            post_save.connect(handler, sender=sender, dispatch_uid=f"{uid}-saved")
            post_delete.connect(handler, sender=sender, dispatch_uid=f"{uid}-deleted")
        return handler

    return connect


def own_plan_changed(sender, instance, **kwargs):
    """A row that belongs to one plan (``plan_id``) was saved or deleted."""
    touch_plans([instance.plan_id])


on_change(Objective, Cutoff)(own_plan_changed)


@on_change(Snapshot)
def snapshot_changed(sender, instance, **kwargs):
    touch_plans(Cutoff.objects.filter(pk=instance.cutoff_id).values("plan_id"))


@on_change(InvestmentProject, ProjectBudget)
def project_changed(sender, instance, **kwargs):
    """A project or a budget was saved or deleted: the plans of the project's organisation
    (and a new generation, for an organisation without plans)."""
    if sender is InvestmentProject:
        organisations = [instance.organisation_id]
    else:
        project = InvestmentProject.objects.filter(pk=instance.project_id)
        organisations = project.values("organisation_id")
    touch_plans(Plan.objects.filter(organisation_id__in=organisations).values("id"))


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
