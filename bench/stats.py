"""Pure statistics of the benchmark: medians, 95th percentiles, ratios."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """Timings (or any sample) summarised: n, median, 95th percentile, min and max."""

    n: int
    median: float
    p95: float
    low: float
    high: float


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``share`` of the sample at
    or below it (share in (0, 1]). p95 of 20 values is the 19th smallest."""
    if not values:
        raise ValueError("no values")
    if not 0 < share <= 1:
        raise ValueError("share must be in (0, 1]")
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)), 1) - 1]


def summarise(values: Sequence[float]) -> Summary:
    if not values:
        raise ValueError("no values")
    return Summary(
        n=len(values),
        median=statistics.median(values),
        p95=percentile(values, 0.95),
        low=min(values),
        high=max(values),
    )


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator; None when either is missing or the denominator is not
    positive."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator
