"""Pure description of synthetic plans: what to create, with a fixed random seed.

Nothing here touches the database; ``synthetic.writer`` turns these rows into tables.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

SIZES = {"S": 0, "M": 60, "L": 1100}  # plans beyond the seed data
OBJECTIVES = 8
INDICATORS_PER_OBJECTIVE = 12
FIRST_YEAR = 2022
YEARS = 4
QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))
ANNUALIZATIONS = ("suma", "creciente", "constante", "decreciente")
UNITS = ("percent", "number", "index_points", "days", "pesos")
ANALYSES = (
    "Se cumplió lo programado para el periodo.",
    "El rezago obedece a retrasos en la contratación; se subsanará en el siguiente trimestre.",
    "La sobre-ejecución se explica por una mayor demanda ciudadana atendida.",
    "Las actividades se reprogramaron por el cronograma de la entidad.",
    "Avance conforme al plan de trabajo aprobado.",
)
HUNDRED = Decimal(100)


@dataclass
class IndicatorDesign:
    number: int
    name: str
    unit: str
    annualization: str
    direction: str
    objectives: list[tuple[int, Decimal]]  # (objective number, weight in %)
    annual: dict[int, Decimal]
    cutoffs: dict[datetime.date, tuple[Decimal, Decimal | None, str]] = field(default_factory=dict)
    # date -> (programmed at cutoff, executed or None, analysis)


@dataclass
class PlanDesign:
    number: int
    slug: str
    name: str
    organisation: str
    indicators: list[IndicatorDesign]
    cutoff_dates: list[datetime.date]


def cutoff_dates() -> list[datetime.date]:
    return [
        datetime.date(FIRST_YEAR + y, month, day)
        for y in range(YEARS)
        for month, day in QUARTER_ENDS
    ]


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low, high))


def design_indicator(
    rng: random.Random, number: int, dates: list[datetime.date]
) -> IndicatorDesign:
    annualization = ANNUALIZATIONS[number % 4]
    direction = "lower" if number % 11 == 0 else "higher"
    unit = "days" if direction == "lower" else UNITS[number % 5]
    objective = (number - 1) // INDICATORS_PER_OBJECTIVE + 1
    links = [(objective, Decimal(100) / INDICATORS_PER_OBJECTIVE)]
    if number % 5 == 0:  # one in five feeds a second objective
        links.append((objective % OBJECTIVES + 1, Decimal(5)))
    annual = {}
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        programmed = _money(rng, 0, 10) if number % 13 == 0 else _money(rng, 4, 400)
        annual[year] = programmed
    design = IndicatorDesign(
        number=number,
        name=f"Indicador sintético {number}",
        unit=unit,
        annualization=annualization,
        direction=direction,
        objectives=[(o, w.quantize(Decimal("0.0001"))) for o, w in links],
        annual=annual,
    )
    for date in dates:
        year_total = annual[date.year]
        quarter = (date.month) // 3
        programmed = (year_total * quarter / 4).quantize(Decimal("0.01"))
        if number % 17 == 0 and quarter < 3:
            programmed = Decimal(0)  # not programmed at early cutoffs
        factor = Decimal(rng.randint(30, 140)) / HUNDRED  # lag and over-execution
        executed = (programmed * factor).quantize(Decimal("0.01"))
        if number % 29 == 0 and date == dates[-1]:
            executed = None  # not reported yet at the open cutoff
        design.cutoffs[date] = (programmed, executed, ANALYSES[rng.randrange(len(ANALYSES))])
    return design


def design_plans(count: int, seed: int = 2026) -> Iterator[PlanDesign]:
    """``count`` plans, each 8 objectives × 12 indicators × 16 quarterly cutoffs."""
    dates = cutoff_dates()
    for number in range(1, count + 1):
        rng = random.Random(f"{seed}-{number}")  # noqa: S311 - reproducible data  # nosec B311
        indicators = [
            design_indicator(rng, k, dates)
            for k in range(1, OBJECTIVES * INDICATORS_PER_OBJECTIVE + 1)
        ]
        yield PlanDesign(
            number=number,
            slug=f"sintetico-{number:04d}",
            name=f"Plan sintético {number:04d}",
            organisation=f"Entidad sintética {number:04d}",
            indicators=indicators,
            cutoff_dates=dates,
        )
