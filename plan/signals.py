"""Keep ``Plan.published_changed_at`` current: any change to a plan, its organisation, its
cutoffs or snapshots may change what its public pages show, and their cache keys, ETags and
Last-Modified are built from that stamp (plan.public_cache); a change to an investment project
or its budget bumps its organisation's plans, whose public structure prints the projects with
their budgets (public.structure). Saves and deletes through the ORM only; bulk ``update()``
calls must call ``touch_plans`` themselves. Saving or deleting an organisation also renumbers
the district's list order (plan.list_order). Saving or deleting a budget refreshes the stored
totals of its years in the same transaction (plan.budget_totals; ``budget_deleted``)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from plan import budget_totals, list_order
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
def project_changed(sender, instance, origin=None, **kwargs):
    """A project or a budget was saved or deleted: the plans of the project's organisation
    (and a new generation, for an organisation without plans). Not for each budget deleted
    with its project or organisation: that row's own signal bumps the same plans."""
    if sender is InvestmentProject:
        organisations = [instance.organisation_id]
    elif not _budgets_deleted(origin):  # None on a save
        return
    else:
        project = InvestmentProject.objects.filter(pk=instance.project_id)
        organisations = project.values("organisation_id")
    touch_plans(Plan.objects.filter(organisation_id__in=organisations).values("id"))


@receiver(pre_save, sender=ProjectBudget, dispatch_uid="plan-budget-saving")
def budget_saving(sender, instance, raw=False, using=None, **kwargs):
    """The year the budget had (its total counts it there), its row locked until commit."""
    years = ProjectBudget.objects.using(using).select_for_update().filter(pk=instance.pk)
    instance._years_before = (
        set() if instance.pk is None else set(years.values_list("year", flat=True))
    )


@receiver(post_save, sender=ProjectBudget, dispatch_uid="plan-budget-saved")
def budget_saved(sender, instance, **kwargs):
    budget_totals.refresh(getattr(instance, "_years_before", set()) | {instance.year})


def _budgets_deleted(origin) -> bool:
    """Whether a deletion started from budgets (one, or a queryset), not from their owner
    (a collector run without an origin counts as one: nothing would refresh its years)."""
    if origin is None:
        return True
    if isinstance(origin, QuerySet):
        return origin.model is ProjectBudget
    return isinstance(origin, ProjectBudget)


def _deletion(using, origin) -> dict:
    """What one deletion (``origin``: the instance or queryset whose ``delete()`` runs) has
    left to refresh, kept on the connection (one per thread)."""
    connection = transaction.get_connection(using)
    state = getattr(connection, "_tablero_budget_deletion", None)
    if state is None or state["origin"] is not origin:
        state = {"origin": origin, "years": set(), "done": False}
        connection._tablero_budget_deletion = state
    return state


@receiver(post_delete, sender=ProjectBudget, dispatch_uid="plan-budget-deleted")
def budget_deleted(sender, instance, using=None, origin=None, **kwargs):
    """A budget deleted by itself (or by a queryset of budgets) refreshes its year at once.
    One removed with its project or organisation waits for that row's own post_delete, which
    Django sends after those of the rows that depend on it: the years of a whole cascade are
    refreshed in four statements, not four per budget. Should the project's come first (an
    unsortable cascade), each budget refreshes its own year: correct either way."""
    state = None if _budgets_deleted(origin) else _deletion(using, origin)
    if state is None or state["done"]:
        budget_totals.refresh([instance.year])
    else:
        state["years"].add(instance.year)


@receiver(post_delete, sender=InvestmentProject, dispatch_uid="plan-project-budgets-deleted")
@receiver(post_delete, sender=Organisation, dispatch_uid="plan-organisation-budgets-deleted")
def owner_deleted(sender, instance, using=None, origin=None, **kwargs):
    state = _deletion(using, origin)
    budget_totals.refresh(state["years"])
    state["years"].clear()
    state["done"] = True


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
