"""Pure date and programming arithmetic of the cutoff calendar (no ORM, no HTTP).

- Colombian working days: Monday to Friday except the national holidays, with the moves of
  the Ley Emiliani (Ley 51 de 1983), as the maintained ``holidays`` package knows them.
- The cutoffs of a year from a reporting periodicity: the last day of every month, quarter,
  semester or of the year.
- The default «programado al corte» of an indicator from its yearly programming and its
  annualisation (DOMAIN.md): *suma* is cumulative from January, so the default is the share of
  the year elapsed at the indicator's last reporting date on or before the cutoff; *creciente*,
  *constante* and *decreciente* are levels, so the year's level is due at the indicator's last
  reporting date of the year. Before it, a *constante* level is the same all year, and a
  *creciente* or *decreciente* one is still the previous year's level (unknown: not programmed).
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

import holidays

MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "semiannual": 6, "yearly": 12}
FOUR_PLACES = Decimal("0.0001")


@lru_cache(maxsize=64)
def colombian_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("CO", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in colombian_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The ``days``-th Colombian working day after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            days -= 1
    return current


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_ends(year: int, periodicity: str) -> list[datetime.date]:
    """The cutoffs of ``year`` for a periodicity: quarterly gives 31/03, 30/06, 30/09, 31/12."""
    step = MONTHS_PER_PERIOD[periodicity]
    return [month_end(year, month) for month in range(step, 13, step)]


def usual_periodicity(periodicities: Iterable[str]) -> str:
    """A plan's reporting rhythm: the periodicity of most of its indicators (a tie goes to
    the shorter period; quarterly when there are none)."""
    counts = Counter(p for p in periodicities if p in MONTHS_PER_PERIOD)
    if not counts:
        return "quarterly"
    return max(counts, key=lambda p: (counts[p], -MONTHS_PER_PERIOD[p]))


def reported_months(cutoff: datetime.date, periodicity: str) -> int:
    """Months of the year covered by the indicator's last report due on or before ``cutoff``
    (a yearly indicator at 31/03 has none yet; a quarterly one at 31/05 covers three)."""
    step = MONTHS_PER_PERIOD.get(periodicity, 3)
    months = cutoff.month if cutoff == month_end(cutoff.year, cutoff.month) else cutoff.month - 1
    return months - months % step


def default_programmed(
    annualization: str,
    periodicity: str,
    cutoff: datetime.date,
    yearly: Decimal | None,
    previous_year: Decimal | None = None,
) -> Decimal | None:
    """The suggested «programado al corte», or None when nothing can be suggested."""
    if yearly is None:
        return None
    months = reported_months(cutoff, periodicity)
    if annualization == "suma":
        return (yearly * months / 12).quantize(FOUR_PLACES)
    if months == 12 or annualization == "constante":
        return yearly if months else None
    return previous_year
