"""Each risk's earliest pending follow-up deadline (``Risk.follow_up_due``), kept current.

A risk is followed at every cutoff of its organisation in its year; a cutoff is *pending* for
it while it has no follow-up there, or only a returned one. The directors' overdue follow-ups
(risks.alerts) are the pending pairs whose deadline has passed. Checking every risk × cutoff
pair of a district against every follow-up made the page grow with the register (issue 15:
19.800 pairs of one year against 78.100 follow-ups); with the earliest pending deadline stored
on the risk, the query reads only the risks that have something pending and, of their cutoffs,
only those due on or after it, then checks those few pairs exactly.

The value is the earliest deadline of the risk's pending cutoffs, or None when none is pending.
Every write that can change it recomputes it in the same transaction (``refresh``):

- saving a risk (its organisation or year may change), a cutoff (its organisation, date or
  deadline) or a follow-up (its status, risk or cutoff): the models' ``save`` (forms, the
  workbook import, the seed, the admin, the services);
- deleting a cutoff or a follow-up, one by one or in bulk: ``post_delete`` (``connect``);
- the bulk writers (the synthetic registers, the tests' factories) call ``refresh`` on what
  they wrote, inside their own transaction.

The alerts still check each pair they read, so a value earlier than the true one only costs
time; it is never later than a pending deadline, which would hide an overdue follow-up.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.signals import post_delete

from risks.choices import FollowUpStatus


def earliest_pending_deadline() -> Subquery:
    """The earliest deadline of the outer risk's cutoffs (its organisation's, in its year)
    with no follow-up but a returned one; NULL when there is none."""
    from risks.models import FollowUp, RiskCutoff

    reported = FollowUp.objects.filter(
        risk=OuterRef(OuterRef("pk")), cutoff=OuterRef("pk")
    ).exclude(status=FollowUpStatus.RETURNED)
    pending = (
        RiskCutoff.objects.filter(
            organisation=OuterRef("organisation"), date__year=OuterRef("year")
        )
        .filter(~Exists(reported))
        .order_by("deadline")
        .values("deadline")[:1]
    )
    return Subquery(pending)


def refresh(risks: QuerySet) -> int:
    """Recompute ``follow_up_due`` of ``risks`` (one UPDATE); the number of risks updated."""
    return risks.order_by().update(follow_up_due=earliest_pending_deadline())


def refresh_risks(ids: Iterable[int | None]) -> None:
    from risks.models import Risk

    ids = {pk for pk in ids if pk is not None}
    if ids:
        refresh(Risk.objects.filter(pk__in=ids))


def refresh_organisations(ids: Iterable[int | None]) -> None:
    """Every risk of the organisations ``ids``: what a cutoff of theirs changes."""
    from risks.models import Risk

    ids = {pk for pk in ids if pk is not None}
    if ids:
        refresh(Risk.objects.filter(organisation_id__in=ids))


def _follow_up_deleted(sender, instance, **kwargs) -> None:
    refresh_risks([instance.risk_id])


def _cutoff_deleted(sender, instance, **kwargs) -> None:
    refresh_organisations([instance.organisation_id])


def connect() -> None:
    """Deletes, one by one or by a QuerySet (the admin's action, a cascade), send
    ``post_delete`` inside their transaction (django.db.models.deletion.Collector)."""
    from risks.models import FollowUp, RiskCutoff

    post_delete.connect(_follow_up_deleted, sender=FollowUp, dispatch_uid="risks.due.follow_up")
    post_delete.connect(_cutoff_deleted, sender=RiskCutoff, dispatch_uid="risks.due.cutoff")
