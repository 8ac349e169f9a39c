"""Building one record from another that names some of its attributes alike."""

from __future__ import annotations

from collections.abc import Iterable

# An indicator's figures at a cutoff (indicators.calculations.Figures, a published indicator)
CUTOFF_FIGURES = ("programmed_cutoff", "executed")
# What is computed from them (indicators.calculations.IndicatorResult, a published indicator)
PROGRESS = ("progress_at_cutoff", "progress_in_year", "status")


def same_named(source, names: Iterable[str]) -> dict:
    """``{name: source.<name>}`` for each of ``names``, to pass on as keyword arguments."""
    return {name: getattr(source, name) for name in names}
