"""The cutoff calendar's pure arithmetic: Colombian working days and default programming."""

import datetime
from decimal import Decimal

import pytest

from plan import cutoff_calendar as cal

D = datetime.date


def test_working_days_skip_colombian_holidays_with_the_ley_emiliani_moves():
    # 01/05 (Día del Trabajo) and 13/05/2024 (Ascensión, moved to Monday) are holidays.
    assert cal.add_working_days(D(2024, 4, 30), 10) == D(2024, 5, 16)
    # Reyes 2024 falls on Saturday 06/01 and moves to Monday 08/01.
    assert not cal.is_working_day(D(2024, 1, 8))
    assert cal.is_working_day(D(2024, 1, 9))
    # Holy week: Thursday and Friday; 31/03/2024 is a Sunday.
    assert cal.add_working_days(D(2024, 3, 27), 1) == D(2024, 4, 1)
    # Across the year end: 25/12 and 01/01 are holidays; Reyes moves to Monday 06/01/2025.
    assert cal.add_working_days(D(2024, 12, 31), 3) == D(2025, 1, 7)
    assert cal.add_working_days(D(2024, 5, 2), 0) == D(2024, 5, 2)


def test_period_ends_for_each_periodicity():
    assert cal.period_ends(2024, "quarterly") == [
        D(2024, 3, 31),
        D(2024, 6, 30),
        D(2024, 9, 30),
        D(2024, 12, 31),
    ]
    assert cal.period_ends(2024, "semiannual") == [D(2024, 6, 30), D(2024, 12, 31)]
    assert cal.period_ends(2024, "yearly") == [D(2024, 12, 31)]
    monthly = cal.period_ends(2024, "monthly")
    assert len(monthly) == 12 and monthly[1] == D(2024, 2, 29)
    pai = ["monthly"] * 8 + ["quarterly"] * 71 + ["yearly"] * 35
    assert cal.usual_periodicity(pai) == "quarterly"
    assert cal.usual_periodicity(["yearly", "monthly"]) == "monthly"
    assert cal.usual_periodicity([]) == "quarterly"


@pytest.mark.parametrize(
    ("annualization", "periodicity", "cutoff", "previous", "expected"),
    [
        ("suma", "quarterly", D(2024, 3, 31), None, Decimal("25.0000")),
        ("suma", "quarterly", D(2024, 9, 30), None, Decimal("75.0000")),
        ("suma", "quarterly", D(2024, 5, 31), None, Decimal("25.0000")),
        ("suma", "yearly", D(2024, 9, 30), None, Decimal("0.0000")),
        ("suma", "monthly", D(2024, 5, 31), None, Decimal("41.6667")),
        ("suma", "semiannual", D(2024, 12, 31), None, Decimal("100.0000")),
        ("constante", "quarterly", D(2024, 3, 31), None, Decimal(100)),
        ("constante", "yearly", D(2024, 3, 31), None, None),
        ("constante", "yearly", D(2024, 12, 31), None, Decimal(100)),
        ("creciente", "quarterly", D(2024, 12, 31), Decimal(60), Decimal(100)),
        ("creciente", "quarterly", D(2024, 6, 30), Decimal(60), Decimal(60)),
        ("creciente", "quarterly", D(2024, 6, 30), None, None),
        ("decreciente", "quarterly", D(2024, 12, 31), Decimal(120), Decimal(100)),
        ("decreciente", "quarterly", D(2024, 3, 31), Decimal(120), Decimal(120)),
    ],
)
def test_default_programming_follows_the_annualisation(
    annualization, periodicity, cutoff, previous, expected
):
    got = cal.default_programmed(annualization, periodicity, cutoff, Decimal(100), previous)
    assert got == expected


def test_no_yearly_programming_means_no_default():
    assert cal.default_programmed("suma", "quarterly", D(2024, 3, 31), None) is None
