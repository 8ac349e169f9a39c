"""The directors' risk alerts as two queries each, whatever the size of the register.

Both lists are QuerySets that the page counts and reads one page of (plan.listing.paginate):
the rules of ``risks.register`` (``without_current_plan``, ``overdue_follow_ups``) written in
SQL, so a district of thousands of risks is never loaded into Python.

- **Without a current action plan**: assessed risks (not placeholders) whose residual zone is
  «Alto» or «Extremo» and that have no action activity ending today or later. The reason is
  «no plan» when they have no activity at all, «plan expired» when every one has ended.
- **Overdue follow-ups**: one row per assessed risk and cutoff of its organisation in its year
  whose reporting deadline has passed, when the risk has no follow-up at that cutoff or it was
  returned and not sent again (a follow-up sent or approved is not overdue).
"""

from __future__ import annotations

import datetime

from django.db.models import F, QuerySet

from risks import due

ALERT_ZONES = due.ALERT_ZONES
_PENDING = "pending_follow_ups__"


def without_current_plan(risks: QuerySet, today: datetime.date) -> QuerySet:
    """The assessed risks of ``risks`` in a high or extreme residual zone with no action
    activity ending ``today`` or later (not ordered: see ``arrange_without_plan``): those
    whose plan, stored on them (``Risk.alert_plan_end``, risks.due), ended before ``today``
    or that have none. One index range, whatever the size of the register."""
    return risks.filter(alert_plan_end__lt=today).order_by()


def overdue_follow_ups(risks: QuerySet, today: datetime.date, year: int | None = None) -> QuerySet:
    """One row per assessed risk of ``risks`` and cutoff of its organisation in its year whose
    deadline is before ``today`` and at which the risk has no follow-up but a returned one:
    its pending follow-ups (``risks.due.PendingFollowUp``, kept by every write) past their
    deadline, one index range whatever the size of the register. The cutoff is in
    ``alert_cutoff_id``, ``alert_cutoff_date``, ``alert_cutoff_deadline``; ``returned`` says
    whether it was returned.

    ``year``: only the risks of that year, asked of the pending rows (a pending cutoff falls
    in its risk's year) so that ``risks`` need not filter it: PostgreSQL, told both that the
    risk is of the year and that it has a pending follow-up, takes them as independent,
    expects a quarter of the rows and reads every risk of the year to join them; asked of
    the pending rows alone, it walks the entities in order and stops after a page."""
    pending = {f"{_PENDING}{name}": value for name, value in _pending(today, year).items()}
    # One filter(): conditions on a reverse relation in separate calls join it again each.
    return (
        risks.filter(**pending)
        .annotate(
            alert_cutoff_id=F(f"{_PENDING}cutoff_id"),
            alert_cutoff_date=F(f"{_PENDING}cutoff_date"),
            alert_cutoff_deadline=F(f"{_PENDING}deadline"),
            returned=F(f"{_PENDING}returned"),
        )
        .order_by()
    )


def overdue_count(risks: QuerySet, today: datetime.date, year: int | None = None) -> int:
    """How many rows ``overdue_follow_ups`` has: asked of the pending rows alone when
    ``risks`` narrows nothing (a reader of the whole district without filters), since every
    pending row has its risk; joined to ``risks`` otherwise. The join read a risk by its key
    for each of the 1.100 pending rows of a year at L, 1 ms of the alerts' page."""
    if risks.query.where:
        return overdue_follow_ups(risks, today, year).count()
    return due.PendingFollowUp.objects.filter(**_pending(today, year)).count()


def _pending(today: datetime.date, year: int | None) -> dict:
    """The conditions on a pending follow-up: past its deadline, of ``year`` if given."""
    conditions = {"deadline__lt": today}
    if year is not None:
        conditions["cutoff_date__gte"] = datetime.date(year, 1, 1)
        conditions["cutoff_date__lt"] = datetime.date(year + 1, 1, 1)
    return conditions
