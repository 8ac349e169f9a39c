"""The stored budget of every year (``BudgetYearTotal``): what the investment project lists
print on top, «suma de los proyectos de inversión», read as one row a year instead of a sum
over every budget of the district (13.207 rows at L, the list's largest query).

Every write of a budget calls ``refresh`` with the years it touched, inside its own
transaction, so a total is never seen apart from the budgets it sums: saves and deletes
through the ORM by plan.signals (a cascade from a project or an organisation once, not once
per budget), bulk writers themselves (synthetic.writer_registers). A writer that bypasses
both must call ``refresh``; ``refresh_all`` mends the table from scratch.

Concurrency. ``refresh`` first inserts the missing rows of its years (``ON CONFLICT DO
NOTHING``), then locks the rows (``SELECT ... FOR UPDATE``, in year order: no deadlock between
two writers), and only then, in later statements, sums the budgets. Under READ COMMITTED
(PostgreSQL's default) each statement sees what was committed when it started, so:

- two writers of the same year are serialised by the row lock, held until commit; the second
  sums in a statement that starts after the first committed, so it sees both budgets and
  writes the right total. Summing in the locking statement itself would not do: an UPDATE
  that waited for a lock re-checks only the locked row, its subquery keeps the snapshot taken
  before the wait, and the second writer would write a total without the first one's budget;
- a year's first budgets: the inserted row is invisible to others until commit, but a second
  insert of the same year waits for the first transaction (unique index) and then does
  nothing, so the second writer still finds, locks and re-sums the committed row;
- the last writer of a year to commit always sums after every other writer of that year has
  committed, so the stored total is the sum of the committed budgets.

SQLite serialises writers (one write transaction at a time), and ``select_for_update`` is a
no-op there.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from plan.models import BudgetYearTotal, ProjectBudget


@transaction.atomic(savepoint=False)  # the writer's transaction, or one of its own
def refresh(years: Iterable[int]) -> None:
    """Recompute the stored totals of ``years`` from the budgets: four statements whatever
    the number of years (insert the missing rows, lock them, sum into them, drop the years
    left without budgets); none for no year."""
    years = sorted({int(year) for year in years})
    if not years:
        return
    BudgetYearTotal.objects.bulk_create(
        [BudgetYearTotal(year=year, amount=Decimal(0), projects=0) for year in years],
        ignore_conflicts=True,
    )
    list(
        BudgetYearTotal.objects.select_for_update()
        .filter(year__in=years)
        .order_by("year")
        .values_list("pk", flat=True)
    )
    of_year = ProjectBudget.objects.filter(year=OuterRef("year")).order_by().values("year")
    BudgetYearTotal.objects.filter(year__in=years).update(
        amount=Coalesce(Subquery(of_year.annotate(s=Sum("amount")).values("s")), Value(Decimal(0))),
        projects=Coalesce(Subquery(of_year.annotate(n=Count("pk")).values("n")), Value(0)),
    )
    BudgetYearTotal.objects.filter(year__in=years, projects=0).delete()


def refresh_all() -> None:
    """Every year's total from the budgets, and no row for a year without budgets."""
    stored = BudgetYearTotal.objects.values_list("year", flat=True)
    refresh({*stored, *ProjectBudget.objects.order_by().values_list("year", flat=True).distinct()})


def totals() -> list[tuple[int, Decimal]]:
    """(year, total budget of every project), by year: one query."""
    return list(BudgetYearTotal.objects.order_by("year").values_list("year", "amount"))


def summed() -> list[tuple[int, Decimal]]:
    """The same figures summed from the budgets (what ``totals`` must equal)."""
    rows = ProjectBudget.objects.order_by("year").values_list("year").annotate(Sum("amount"))
    return list(rows)
