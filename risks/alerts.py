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

from django.db.models import QuerySet

from risks import due

ALERT_ZONES = due.ALERT_ZONES


def without_current_plan(risks: QuerySet, today: datetime.date) -> QuerySet:
    """The assessed risks of ``risks`` in a high or extreme residual zone with no action
    activity ending ``today`` or later (not ordered: see ``arrange_without_plan``): those
    whose plan, stored on them (``Risk.alert_plan_end``, risks.due), ended before ``today``
    or that have none. One index range, whatever the size of the register."""
    return risks.filter(alert_plan_end__lt=today).order_by()


def overdue_follow_ups(risks: QuerySet, today: datetime.date, year: int | None = None) -> QuerySet:
    """The pending follow-ups (``risks.due.PendingFollowUp``, kept by every write) of the
    risks of ``risks`` whose deadline is before ``today``: one row per assessed risk and
    cutoff of its organisation in its year at which the risk has no follow-up but a returned
    one. ``year``: only the cutoffs of that year (a pending cutoff falls in its risk's year).

    Read from the pending rows, which store their risk's organisation: the page walks the
    district's entities in order straight to their few pending rows (an index on the
    organisation and the cutoff) instead of probing each of their risks for one (622 probes
    for a page of 25 at L). ``risks`` narrows them only when it filters anything (a
    semi-join); a reader of the whole district without filters reads the pending rows alone.
    """
    pending = due.PendingFollowUp.objects.filter(**_pending(today, year))
    if risks.query.where:
        pending = pending.filter(risk__in=risks)
    return pending.order_by()


def _pending(today: datetime.date, year: int | None) -> dict:
    """The conditions on a pending follow-up: past its deadline, of ``year`` if given."""
    conditions = {"deadline__lt": today}
    if year is not None:
        conditions["cutoff_date__gte"] = datetime.date(year, 1, 1)
        conditions["cutoff_date__lt"] = datetime.date(year + 1, 1, 1)
    return conditions
