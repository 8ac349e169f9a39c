"""The compliance engine: pure functions over plain values.

DOMAIN.md, "How compliance is computed".

Nothing here knows about Django's ORM or HTTP. Percentages are ``Decimal`` percent points
(47.40 means 47,40 %), never floats, and are kept at full precision: rounding is a matter of
presentation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

# Annualisation types and the declared-total check live in indicators.annualization; they are
# part of this module's API (compliance.check_total, compliance.expected_total).
from indicators.annualization import CONSTANTE as CONSTANTE
from indicators.annualization import CRECIENTE as CRECIENTE
from indicators.annualization import DECRECIENTE as DECRECIENTE
from indicators.annualization import SUMA as SUMA
from indicators.annualization import TotalCheck as TotalCheck
from indicators.annualization import check_total as check_total
from indicators.annualization import expected_total as expected_total
from indicators.annualization import levels_of as levels_of
from indicators.annualization import programming_is_partial as programming_is_partial

HUNDRED = Decimal(100)
ZERO = Decimal(0)

# Values of the rule for the set of indicators (plan.choices.IndicatorSetRule).
ALL_OF_YEAR = "all_of_year"
PROGRAMMED_IN_YEAR = "programmed_in_year"
PROGRAMMED_AT_CUTOFF = "programmed_at_cutoff"
SET_RULES = (ALL_OF_YEAR, PROGRAMMED_IN_YEAR, PROGRAMMED_AT_CUTOFF)

# Directions (indicators.choices.Direction).
HIGHER = "higher"
LOWER = "lower"

# Indicator statuses (indicators.choices.IndicatorStatus).
MET = "met"
OVER = "over"
LAG = "lag"
NOT_PROGRAMMED = "not_programmed"
NOT_REPORTED = "not_reported"

# Why an indicator is in or out of an objective's set (shown in the computation panel).
IN_MEASURED = "measured"
IN_NOT_PROGRAMMED_AS_ZERO = "not_programmed_counts_zero"
IN_NOT_REPORTED_AS_ZERO = "not_reported_counts_zero"
OUT_NOT_PROGRAMMED_IN_YEAR = "not_programmed_in_year"
OUT_NOT_PROGRAMMED_AT_CUTOFF = "not_programmed_at_cutoff"


# What an objective's weighted sum is divided by (shown in the computation panel).
DECLARED_TOTAL = "declared_total"
WEIGHT_SUM = "weight_sum"


@dataclass(frozen=True)
class SetRule:
    """The description of one rule for the set of indicators, read by the Python computation
    (``_term``, ``objective_result``) and by everything that writes the rule elsewhere (the
    workbook's formulas, the computation panel), so a rule change is made here only.

    ``excludes_unprogrammed_in_year``: an indicator without annual programming is left out.
    ``excludes_unprogrammed_at_cutoff``: an indicator not programmed at the cutoff is left out
    (otherwise it counts as 0 %). ``denominator``: ``DECLARED_TOTAL`` divides Σ(w·p) by the
    objective's declared total weight (100 unless the plan declares another), ``WEIGHT_SUM``
    by Σw of the indicators that count (weights renormalised over them).
    """

    code: str
    excludes_unprogrammed_in_year: bool
    excludes_unprogrammed_at_cutoff: bool
    denominator: str


RULES = {
    ALL_OF_YEAR: SetRule(ALL_OF_YEAR, False, False, DECLARED_TOTAL),
    PROGRAMMED_IN_YEAR: SetRule(PROGRAMMED_IN_YEAR, True, False, WEIGHT_SUM),
    PROGRAMMED_AT_CUTOFF: SetRule(PROGRAMMED_AT_CUTOFF, False, True, WEIGHT_SUM),
}


@dataclass(frozen=True)
class Methodology:
    """How a plan measures itself."""

    set_rule: str = ALL_OF_YEAR
    cap_progress: bool = False
    green_from: Decimal = Decimal(90)
    yellow_from: Decimal = Decimal(70)
    declared_total_weight: Decimal = HUNDRED  # of every objective in every year (rule 1)

    def __post_init__(self):
        if self.set_rule not in SET_RULES:
            raise ValueError(f"unknown rule for the set of indicators: {self.set_rule!r}")
        if self.declared_total_weight <= ZERO:
            raise ValueError("the declared total weight must be positive")

    @property
    def rule(self) -> SetRule:
        return RULES[self.set_rule]


@dataclass(frozen=True)
class IndicatorFigures:
    """What is known of one indicator at one cutoff.

    ``direction`` is the effective one: a «decreciente» indicator is lower-is-better whatever
    its direction field says (``direction_of``; the loader applies it).
    """

    indicator_id: int
    direction: str = HIGHER
    programmed_year: Decimal | None = None
    programmed_cutoff: Decimal | None = None
    executed: Decimal | None = None  # None: no measurement yet

    def __post_init__(self):
        if self.direction not in (HIGHER, LOWER):
            raise ValueError(f"unknown direction: {self.direction!r}")


@dataclass(frozen=True)
class IndicatorResult:
    indicator_id: int
    status: str
    progress_at_cutoff: Decimal | None
    progress_in_year: Decimal | None
    gap: Decimal | None  # how far from the cutoff programming (positive: lag or excess)


@dataclass(frozen=True)
class Term:
    """One indicator's part in an objective's weighted average."""

    indicator_id: int
    weight: Decimal
    included: bool
    reason: str
    progress: Decimal | None  # the progress that enters the average (after the cap)
    normalised_weight: Decimal | None = None  # weight / denominator, in percent
    contribution: Decimal | None = None  # normalised_weight * progress / 100


@dataclass(frozen=True)
class ObjectiveResult:
    objective_id: int
    compliance: Decimal | None  # None: no indicator in the set ("Sin indicadores programados")
    colour: str
    terms: tuple[Term, ...] = field(default_factory=tuple)
    denominator: Decimal | None = None  # what Σ(w·p) was divided by (None: nothing averaged)
    denominator_kind: str = WEIGHT_SUM  # DECLARED_TOTAL or WEIGHT_SUM

    @property
    def weight_sum(self) -> Decimal:
        return sum((t.weight for t in self.terms if t.included), ZERO)

    @property
    def weighted_sum(self) -> Decimal:
        return sum((t.weight * t.progress for t in self.terms if t.included), ZERO)


@dataclass(frozen=True)
class PlanResult:
    compliance: Decimal | None
    colour: str
    objectives: Mapping[int, ObjectiveResult]
    indicators: Mapping[int, IndicatorResult]


def direction_of(direction: str, annualization: str | None) -> str:
    """The direction the engine uses: «decreciente» is lower-is-better by definition
    (DOMAIN.md, "Annualisation types"); otherwise the indicator's own direction."""
    return LOWER if annualization == DECRECIENTE else direction


def is_positive(value: Decimal | None) -> bool:
    return value is not None and value > ZERO


# --- The progress rule, described once ------------------------------------------------------
# ``ratio`` evaluates this description and reporting.workbook_export writes it as spreadsheet
# formulas, so a change of the rule (DOMAIN.md, "How compliance is computed") is made here.

# Conditions, tested in order; the first that holds gives the value.
EXECUTED_NOT_POSITIVE = "executed_not_positive"
TARGET_ZERO = "target_zero"
OTHERWISE = "otherwise"
# Values, in percent.
FULL = "full"  # 100 %
NONE_MET = "none_met"  # 0 %
EXECUTED_OVER_PROGRAMMED = "executed_over_programmed"
PROGRAMMED_OVER_EXECUTED = "programmed_over_executed"


@dataclass(frozen=True)
class ProgressRule:
    """How progress is computed for one direction. ``zero_is_a_target``: a programmed 0 is a
    target (lower-is-better, «cero hallazgos»); otherwise only a positive programmed
    magnitude is programmed. ``cases``: (condition, value), the first condition that holds."""

    direction: str
    zero_is_a_target: bool
    cases: tuple[tuple[str, str], ...]


PROGRESS_RULES = {
    HIGHER: ProgressRule(HIGHER, False, ((OTHERWISE, EXECUTED_OVER_PROGRAMMED),)),
    LOWER: ProgressRule(
        LOWER,
        True,
        (
            (EXECUTED_NOT_POSITIVE, FULL),  # nothing executed: the best possible result
            (TARGET_ZERO, NONE_MET),  # a target of 0 missed
            (OTHERWISE, PROGRAMMED_OVER_EXECUTED),
        ),
    ),
}
_CONDITIONS = {
    EXECUTED_NOT_POSITIVE: lambda e, p: e <= ZERO,
    TARGET_ZERO: lambda e, p: p == ZERO,
    OTHERWISE: lambda e, p: True,
}
_VALUES = {
    FULL: lambda e, p: HUNDRED,
    NONE_MET: lambda e, p: ZERO,
    EXECUTED_OVER_PROGRAMMED: lambda e, p: e / p * HUNDRED,
    PROGRAMMED_OVER_EXECUTED: lambda e, p: p / e * HUNDRED,
}


def is_programmed(programmed: Decimal | None, direction: str = HIGHER) -> bool:
    """Whether a programmed magnitude sets a target. Higher-is-better: a positive one (0 means
    "not programmed"). Lower-is-better: any stated one, 0 included (a target of zero)."""
    if programmed is None:
        return False
    if PROGRESS_RULES[direction].zero_is_a_target:
        return programmed >= ZERO
    return programmed > ZERO


def ratio(executed: Decimal, programmed: Decimal, direction: str = HIGHER) -> Decimal:
    """Progress in percent of ``executed`` against ``programmed`` (PROGRESS_RULES).

    Higher is better: executed / programmed (programmed must be positive).
    Lower is better (DOMAIN.md): programmed / executed; executing 0 is the best possible
    result and counts as 100 %; a target of 0 is met (100 %) when executed is 0 and not met
    (0 %) otherwise.
    """
    if not is_programmed(programmed, direction):
        raise ValueError(f"no target to measure against: programmed {programmed}")
    for condition, value in PROGRESS_RULES[direction].cases:
        if _CONDITIONS[condition](executed, programmed):
            return _VALUES[value](executed, programmed)
    raise ValueError(f"the progress rule of {direction!r} has no case for these figures")


def progress_at_cutoff(figures: IndicatorFigures) -> Decimal | None:
    """executed / programmed at the cutoff; None when not programmed or not reported."""
    if not is_programmed(figures.programmed_cutoff, figures.direction):
        return None
    if figures.executed is None:
        return None
    return ratio(figures.executed, figures.programmed_cutoff, figures.direction)


def progress_in_year(figures: IndicatorFigures) -> Decimal | None:
    """executed / programmed for the year; None when not programmed or not reported."""
    if not is_programmed(figures.programmed_year, figures.direction) or figures.executed is None:
        return None
    return ratio(figures.executed, figures.programmed_year, figures.direction)


def cap(progress: Decimal, enabled: bool) -> Decimal:
    return min(progress, HUNDRED) if enabled else progress


def indicator_result(figures: IndicatorFigures) -> IndicatorResult:
    at_cutoff = progress_at_cutoff(figures)
    in_year = progress_in_year(figures)
    if not is_programmed(figures.programmed_cutoff, figures.direction):
        return IndicatorResult(figures.indicator_id, NOT_PROGRAMMED, None, in_year, None)
    if figures.executed is None:
        return IndicatorResult(figures.indicator_id, NOT_REPORTED, None, None, None)
    difference = figures.executed - figures.programmed_cutoff
    gap = -difference if figures.direction == LOWER else difference
    if at_cutoff < HUNDRED:
        status = LAG
    elif at_cutoff > HUNDRED:
        status = OVER
    else:
        status = MET
    return IndicatorResult(figures.indicator_id, status, at_cutoff, in_year, abs(gap))


def colour_for(compliance: Decimal | None, methodology: Methodology) -> str:
    if compliance is None:
        return "grey"
    if compliance >= methodology.green_from:
        return "green"
    if compliance >= methodology.yellow_from:
        return "yellow"
    return "red"


def _term(weight: Decimal, figures: IndicatorFigures, methodology: Methodology) -> Term:
    rule = methodology.rule
    indicator_id = figures.indicator_id
    programmed_in_year = is_programmed(figures.programmed_year, figures.direction)
    if rule.excludes_unprogrammed_in_year and not programmed_in_year:
        return Term(indicator_id, weight, False, OUT_NOT_PROGRAMMED_IN_YEAR, None)
    if not is_programmed(figures.programmed_cutoff, figures.direction):
        if rule.excludes_unprogrammed_at_cutoff:
            return Term(indicator_id, weight, False, OUT_NOT_PROGRAMMED_AT_CUTOFF, None)
        return Term(indicator_id, weight, True, IN_NOT_PROGRAMMED_AS_ZERO, ZERO)
    progress = progress_at_cutoff(figures)
    if progress is None:
        return Term(indicator_id, weight, True, IN_NOT_REPORTED_AS_ZERO, ZERO)
    return Term(indicator_id, weight, True, IN_MEASURED, cap(progress, methodology.cap_progress))


def weighted_average(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """sum(w * v) / sum(w); None when there is nothing to average or the weights sum to 0."""
    pairs = list(pairs)
    total_weight = sum((w for w, _ in pairs), ZERO)
    if not pairs or total_weight <= ZERO:
        return None
    return sum((w * v for w, v in pairs), ZERO) / total_weight


def denominator_for(included: Sequence[Term], methodology: Methodology) -> Decimal | None:
    """What Σ(w·p) of the included terms is divided by: the declared total weight under a
    rule that says so (even when the typed weights sum to 99,99), else Σw of the included
    terms. None when nothing is averaged."""
    weight_sum = sum((t.weight for t in included), ZERO)
    if not included or weight_sum <= ZERO:
        return None
    if methodology.rule.denominator == DECLARED_TOTAL:
        return methodology.declared_total_weight
    return weight_sum


def objective_result(
    objective_id: int,
    links: Sequence[tuple[int, Decimal]],
    figures: Mapping[int, IndicatorFigures],
    methodology: Methodology,
) -> ObjectiveResult:
    """Compliance of one objective from its (indicator id, weight) links of the year."""
    raw = [_term(weight, figures[indicator_id], methodology) for indicator_id, weight in links]
    included = [t for t in raw if t.included]
    denominator = denominator_for(included, methodology)
    compliance = None
    if denominator is not None:
        compliance = sum((t.weight * t.progress for t in included), ZERO) / denominator
    terms = []
    for t in raw:
        if t.included and denominator is not None:
            share = t.weight / denominator * HUNDRED
            t = replace(t, normalised_weight=share, contribution=share * t.progress / HUNDRED)
        terms.append(t)
    return ObjectiveResult(
        objective_id,
        compliance,
        colour_for(compliance, methodology),
        tuple(terms),
        denominator,
        methodology.rule.denominator,
    )


def plan_result(
    objective_links: Mapping[int, Sequence[tuple[int, Decimal]]],
    objective_weights: Mapping[int, Decimal],
    figures: Mapping[int, IndicatorFigures],
    methodology: Methodology,
) -> PlanResult:
    """Every objective of a plan at one cutoff, and the plan's weighted average of them."""
    objectives = {
        objective_id: objective_result(objective_id, links, figures, methodology)
        for objective_id, links in objective_links.items()
    }
    compliance = weighted_average(
        (objective_weights[objective_id], result.compliance)
        for objective_id, result in objectives.items()
        if result.compliance is not None
    )
    indicators = {indicator_id: indicator_result(f) for indicator_id, f in figures.items()}
    return PlanResult(compliance, colour_for(compliance, methodology), objectives, indicators)
