"""The multi-year total an annualisation type implies, and the check of a declared total
against the yearly programming (pure; DOMAIN.md, "Annualisation types").

Re-exported by ``indicators.compliance`` (``compliance.check_total``), which the validators of
structures call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)

# Annualisation types (indicators.choices.Annualization).
SUMA = "suma"
CRECIENTE = "creciente"
CONSTANTE = "constante"
DECRECIENTE = "decreciente"


@dataclass(frozen=True)
class TotalCheck:
    expected: Decimal | None
    declared: Decimal | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def levels_of(annualization: str, yearly: Mapping[int, Decimal]) -> list[Decimal]:
    """The yearly values that are levels of the annualisation, oldest first. Years with 0
    before the first programmed year are not levels (not started), nor, except for
    «decreciente», years with 0 after it (creciente 30, 60, 100, 0, 0: the goal was reached).
    A «decreciente» level that falls to 0 is its best level («cero hallazgos»)."""
    values = [yearly[year] for year in sorted(yearly)]
    while values and values[0] == ZERO:
        values.pop(0)
    if annualization == DECRECIENTE:
        return values
    return [v for v in values if v != ZERO]


def expected_total(annualization: str, yearly: Mapping[int, Decimal]) -> Decimal | None:
    """The multi-year total that the annualisation type implies (DOMAIN.md): suma, the sum of
    the years; creciente, the last (highest) level; constante, the level; decreciente, the
    last (lowest) level. None without programming."""
    if annualization not in (SUMA, CRECIENTE, CONSTANTE, DECRECIENTE):
        raise ValueError(f"unknown annualisation type: {annualization!r}")
    if not yearly:
        return None
    if annualization == SUMA:
        return sum(yearly.values(), ZERO)
    levels = levels_of(annualization, yearly)
    if not levels:
        return ZERO
    if annualization == CRECIENTE:
        return max(levels)
    if annualization == DECRECIENTE:
        return min(levels)
    return levels[-1]


def _contradicts(annualization: str, expected: Decimal, declared: Decimal, partial: bool) -> bool:
    """Whether the declared total contradicts the programming. With ``partial`` programming
    (some years of the total's period are not programmed here) only an impossible total
    counts: a sum or a creciente level already above it, a decreciente level already below
    it, a constante level different from it."""
    if not partial or annualization == CONSTANTE:
        return declared != expected
    if annualization == DECRECIENTE:
        return declared > expected
    return declared < expected


def check_total(
    annualization: str,
    yearly: Mapping[int, Decimal],
    declared: Decimal | None,
    *,
    partial: bool = False,
) -> TotalCheck:
    """Flag a declared total, or yearly levels, that contradict the annualisation type.

    Problem codes: ``total_mismatch``, ``not_increasing``, ``not_decreasing``, ``not_constant``.
    ``partial``: the programming covers only part of the period the declared total refers to
    (``programming_is_partial``); the total is then only checked for what is impossible.
    """
    expected = expected_total(annualization, yearly)
    problems = []
    if (
        declared is not None
        and expected is not None
        and _contradicts(annualization, expected, declared, partial)
    ):
        problems.append("total_mismatch")
    levels = levels_of(annualization, yearly)
    pairs = list(zip(levels, levels[1:], strict=False))
    if annualization == CRECIENTE and any(b < a for a, b in pairs):
        problems.append("not_increasing")
    if annualization == DECRECIENTE and any(b > a for a, b in pairs):
        problems.append("not_decreasing")
    if annualization == CONSTANTE and len(set(levels)) > 1:
        problems.append("not_constant")
    return TotalCheck(expected, declared, tuple(problems))


def programming_is_partial(period: Iterable[int], yearly: Mapping[int, Decimal]) -> bool:
    """Whether yearly programming cannot show a whole declared total: a year of the plan's
    period has no programming, or the plan covers one year (an action plan, whose indicators
    declare the total of their project's four-year goal)."""
    years = list(period)
    return len(years) < 2 or any(year not in yearly for year in years)
