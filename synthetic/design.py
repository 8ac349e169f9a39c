"""Pure description of synthetic plans: what to create, with a fixed random seed.

Nothing here touches the database; ``synthetic.writer`` turns these rows into tables.

The plans look like the real ones: district entities and sectors first (size M is the
district: about 60 of them), then municipalities (size L: about 1.100 plans, the country).
Each plan has 8 objectives drawn from the strategic objectives Colombian entities adopt, and
12 indicators per objective whose unit, annualisation and direction agree with each other
(a percentage never passes 100, days fall and lower is better, money adds up year by year),
programmed over 4 years and measured at 16 quarterly cutoffs, with lag, over-execution,
indicators not programmed at a cutoff or in a year, indicators not reported yet, and an
analysis that says why.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from synthetic.design_registers import RegisterDesign, design_register
from synthetic.names import (
    DEPARTMENTS,
    DISTRICT,
    DISTRICT_SECTORS,
    FIRST_PARTS,
    LAST_PARTS,
    MUNICIPALITIES,
    department_sector,
)

SIZES = {"S": 0, "M": 60, "L": 1100}  # plans beyond the seed data
OBJECTIVES = 8
INDICATORS_PER_OBJECTIVE = 12
FIRST_YEAR = 2022
YEARS = 4
QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))
ANNUALIZATIONS = ("suma", "creciente", "constante", "decreciente")
UNITS = ("percent", "number", "index_points", "days", "pesos")
HUNDRED = Decimal(100)

OBJECTIVE_POOL = (
    (
        "Gobierno abierto",
        "Fortalecer la transparencia, la participación y la colaboración "
        "ciudadana en la gestión pública, con información clara y oportuna.",
    ),
    (
        "Transformación digital",
        "Impulsar la transformación digital de los trámites y servicios "
        "para que la ciudadanía los haga en línea, de forma segura y sin filas.",
    ),
    (
        "Talento humano",
        "Desarrollar el talento humano de la entidad con bienestar, formación "
        "y un trabajo digno que mejore la prestación del servicio.",
    ),
    (
        "Atención a la ciudadanía",
        "Mejorar la atención a la ciudadanía en todos los canales, con "
        "respuestas oportunas y de calidad a sus peticiones.",
    ),
    (
        "Gestión financiera",
        "Garantizar la sostenibilidad financiera y la ejecución eficiente de "
        "los recursos de inversión y de funcionamiento.",
    ),
    (
        "Paz y reconciliación",
        "Contribuir a la construcción de paz, la memoria y la reconciliación en los territorios.",
    ),
    (
        "Equidad de género",
        "Incorporar el enfoque de género y diferencial en los planes, "
        "programas y proyectos de la entidad.",
    ),
    (
        "Ambiente y cambio climático",
        "Reducir el impacto ambiental de la gestión y aportar a la "
        "adaptación y mitigación del cambio climático.",
    ),
    (
        "Seguridad y convivencia",
        "Promover la seguridad, la convivencia y el acceso a la justicia en los barrios y veredas.",
    ),
    (
        "Gestión documental",
        "Modernizar la gestión documental y archivística para conservar la "
        "memoria institucional y facilitar el acceso a la información.",
    ),
    (
        "Control interno",
        "Fortalecer el sistema de control interno y la gestión de riesgos para "
        "prevenir la corrupción.",
    ),
    (
        "Movilidad sostenible",
        "Mejorar la movilidad con infraestructura segura y medios de transporte sostenibles.",
    ),
    (
        "Salud pública",
        "Ampliar el acceso a servicios de salud con calidad y mejorar los "
        "indicadores de salud pública.",
    ),
    (
        "Educación de calidad",
        "Garantizar trayectorias educativas completas y de calidad para niñas, niños y jóvenes.",
    ),
    (
        "Desarrollo económico",
        "Promover el empleo, el emprendimiento y la reactivación económica "
        "con enfoque territorial.",
    ),
    (
        "Hábitat y vivienda",
        "Reducir el déficit de vivienda y mejorar los barrios con servicios "
        "públicos y espacio público.",
    ),
)
# Indicator names by kind (the annualisation decides the unit and the direction).
COUNTS = (
    "Número de trámites virtualizados",
    "Número de ejercicios de rendición de cuentas realizados",
    "Número de servidores capacitados",
    "Número de conjuntos de datos abiertos publicados",
    "Número de personas atendidas en los puntos de servicio",
    "Número de alianzas estratégicas suscritas",
    "Número de auditorías internas realizadas",
    "Número de emprendimientos acompañados",
    "Número de jornadas territoriales realizadas",
    "Número de instrumentos de planeación formulados",
    "Número de campañas pedagógicas desarrolladas",
    "Número de sedes intervenidas",
)
MONEY = (
    "Recursos de inversión comprometidos",
    "Recursos gestionados con cooperación internacional",
    "Recaudo de ingresos propios",
    "Recursos ejecutados en mantenimiento de infraestructura",
)
PROGRESS = (
    "Porcentaje de avance en la implementación de la estrategia de gobierno abierto",
    "Porcentaje de avance en la implementación del modelo de gestión documental",
    "Porcentaje de avance del plan de transformación digital",
    "Porcentaje de avance en la implementación de la política de integridad",
    "Porcentaje de avance del plan institucional de capacitación",
    "Porcentaje de avance en la implementación del sistema de gestión ambiental",
    "Porcentaje de avance de las obras de adecuación de sedes",
    "Porcentaje de avance del plan de seguridad digital",
)
LEVELS = (
    "Porcentaje de peticiones respondidas dentro de los términos de ley",
    "Porcentaje de satisfacción de la ciudadanía con los servicios",
    "Porcentaje de ejecución presupuestal de la inversión",
    "Porcentaje de contratos publicados a tiempo en el SECOP",
    "Porcentaje de acciones de mejora cerradas",
    "Porcentaje de cumplimiento del plan anual de adquisiciones",
)
INDEXES = (
    "Índice de desempeño institucional (FURAG)",
    "Índice de transparencia y acceso a la información",
    "Índice de satisfacción del clima laboral",
    "Índice de gobierno digital",
)
DAYS = (
    "Días promedio de respuesta a peticiones ciudadanas",
    "Días promedio de pago a contratistas",
    "Días promedio de trámite de licencias",
    "Días promedio de atención de emergencias",
    "Días promedio de expedición de certificados",
)
ANALYSES = {
    "met": (
        "Se cumplió lo programado para el periodo.",
        "Avance conforme al plan de trabajo aprobado.",
        "Las actividades se ejecutaron según el cronograma previsto.",
    ),
    "lag": (
        "El rezago obedece a retrasos en la contratación; se subsanará en el siguiente trimestre.",
        "Las actividades se reprogramaron por ajustes en el cronograma de la entidad; se prevé "
        "alcanzar la meta anual.",
        "La demora en la aprobación de los estudios previos afectó el avance; se adoptó un plan "
        "de choque.",
        "La baja participación en las convocatorias redujo el avance; se ampliarán los canales "
        "de difusión.",
        "El proveedor entregó fuera del plazo pactado; se aplicaron las cláusulas del contrato.",
    ),
    "over": (
        "La sobre-ejecución se explica por una mayor demanda ciudadana atendida.",
        "Se adelantaron actividades previstas para el siguiente trimestre.",
        "La articulación con otras entidades permitió superar lo programado.",
    ),
}
KIND_BY_ANNUALIZATION = {
    # annualisation -> (unit, direction)
    "suma": ("number", "higher"),
    "creciente": ("percent", "higher"),
    "constante": ("percent", "higher"),
    "decreciente": ("days", "lower"),
}
PLACES = {"percent": Decimal("0.01"), "days": Decimal("0.1"), "index_points": Decimal("0.1")}


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
class ObjectiveDesign:
    number: int
    short_title: str
    statement: str


@dataclass
class PlanDesign:
    number: int
    slug: str
    name: str
    organisation: str
    indicators: list[IndicatorDesign]
    cutoff_dates: list[datetime.date]
    kind: str = "PEI"
    organisation_kind: str = "entity"
    sector: str | None = None  # name of the organisation's sector (kind «sector»), if any
    objectives: list[ObjectiveDesign] = field(default_factory=list)
    mission: str = ""
    vision: str = ""
    register: RegisterDesign | None = None  # projects, risks, accountability (design_registers)


def cutoff_dates() -> list[datetime.date]:
    return [
        datetime.date(FIRST_YEAR + y, month, day)
        for y in range(YEARS)
        for month, day in QUARTER_ENDS
    ]


def _round(value: Decimal, unit: str) -> Decimal:
    return value.quantize(PLACES.get(unit, Decimal(1)), rounding=ROUND_HALF_UP)


def _percent_text(value: Decimal) -> str:
    """85.3 -> "85,3" (the analysis is Spanish prose)."""
    return format(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f").replace(".", ",")


def _kind(number: int) -> tuple[str, str, str, str]:
    """(annualisation, unit, direction, name) of the indicator ``number`` (1-based)."""
    annualization = ANNUALIZATIONS[number % 4]
    unit, direction = KIND_BY_ANNUALIZATION[annualization]
    turn = number // 4
    if annualization == "suma":
        if number % 8 == 0:
            return annualization, "pesos", direction, MONEY[turn % len(MONEY)]
        return annualization, unit, direction, COUNTS[turn % len(COUNTS)]
    if annualization == "creciente":
        return annualization, unit, direction, PROGRESS[turn % len(PROGRESS)]
    if annualization == "constante":
        if number % 8 == 2:
            return annualization, "index_points", direction, INDEXES[turn % len(INDEXES)]
        return annualization, unit, direction, LEVELS[turn % len(LEVELS)]
    return annualization, unit, direction, DAYS[turn % len(DAYS)]


def _yearly_levels(rng: random.Random, annualization: str, unit: str) -> list[Decimal]:
    """The programmed magnitude of each year, as the annualisation reads them."""
    if annualization == "suma":
        if unit == "pesos":
            return [Decimal(rng.randint(200, 9000)) * 1_000_000 for _ in range(YEARS)]
        return [Decimal(rng.randint(4, 400)) for _ in range(YEARS)]
    if annualization == "creciente":  # a cumulative level that reaches 100 %
        cuts = sorted(rng.sample(range(10, 100), YEARS - 1))
        return [Decimal(c) for c in cuts] + [HUNDRED]
    if annualization == "constante":
        level = Decimal(rng.randint(60, 95)) if unit == "index_points" else Decimal(90)
        return [level] * YEARS
    start = Decimal(rng.randint(12, 30))  # days that fall year by year
    return [_round(start * Decimal(1 - 0.12 * y), unit) for y in range(YEARS)]


def _at_quarter(annualization: str, year_level: Decimal, before: Decimal, quarter: int):
    """What is programmed at the end of ``quarter`` (1-4) of a year."""
    if annualization == "suma":  # cumulative from January
        return year_level * quarter / 4
    if annualization in ("creciente", "decreciente"):  # from last year's level to this one
        return before + (year_level - before) * quarter / 4
    return year_level


def design_indicator(
    rng: random.Random,
    number: int,
    dates: list[datetime.date],
    per_objective: int = INDICATORS_PER_OBJECTIVE,
    objectives: int = OBJECTIVES,
) -> IndicatorDesign:
    annualization, unit, direction, name = _kind(number)
    objective = (number - 1) // per_objective % objectives + 1
    links = [(objective, Decimal(100) / per_objective)]
    if number % 5 == 0:  # one in five feeds a second objective
        links.append((objective % objectives + 1, Decimal(5)))
    levels = _yearly_levels(rng, annualization, unit)
    if number % 13 == 0:  # not programmed in its first year
        levels[0] = Decimal(0)
    annual = {FIRST_YEAR + y: levels[y] for y in range(YEARS)}
    design = IndicatorDesign(
        number=number,
        name=name,
        unit=unit,
        annualization=annualization,
        direction=direction,
        objectives=[(o, w.quantize(Decimal("0.0001"))) for o, w in links],
        annual=annual,
    )
    for date in dates:
        year = date.year
        level = annual[year]
        before = annual.get(year - 1, level if annualization != "creciente" else Decimal(0))
        quarter = date.month // 3
        programmed = _round(_at_quarter(annualization, level, before, quarter), unit)
        if level == 0 or (number % 17 == 0 and quarter < 3):
            programmed = Decimal(0)  # not programmed at this cutoff
        factor = Decimal(rng.choice((30, 55, 70, 82, 88, 92, 95, 98, 100, 100, 100, 104, 112, 140)))
        factor /= HUNDRED
        if direction == "lower":  # more days than programmed is a lag
            executed = _round(programmed / factor if factor else programmed, unit)
        else:
            executed = _round(programmed * factor, unit)
        if unit == "percent":
            executed = min(executed, HUNDRED)
        if number % 29 == 0 and date == dates[-1]:
            executed = None  # not reported yet at the open cutoff
        design.cutoffs[date] = (
            programmed,
            executed,
            _analysis(rng, programmed, executed, direction),
        )
    return design


def _analysis(rng, programmed: Decimal, executed: Decimal | None, direction: str) -> str:
    if executed is None or programmed <= 0:
        return ""
    if direction == "lower":
        progress = HUNDRED if executed <= 0 else programmed / executed * HUNDRED
    else:
        progress = executed / programmed * HUNDRED
    status = "met" if progress == HUNDRED else ("lag" if progress < HUNDRED else "over")
    reason = ANALYSES[status][rng.randrange(len(ANALYSES[status]))]
    if status == "met":
        return reason
    return f"Avance del {_percent_text(progress)} % de lo programado al corte. {reason}"


def _who(number: int) -> tuple[str, str, str, str | None]:
    """(organisation, its kind, plan kind, its sector's name) of the synthetic plan ``number``:
    a district entity in its administrative sector, or a municipality in its department."""
    if number <= len(DISTRICT):
        name, kind = DISTRICT[number - 1]
        return name, kind, "PES" if kind == "sector" else "PEI", DISTRICT_SECTORS.get(name)
    rank = number - len(DISTRICT) - 1
    if rank < len(MUNICIPALITIES):
        municipality, department = MUNICIPALITIES[rank]
    else:
        rank -= len(MUNICIPALITIES)
        first = FIRST_PARTS[rank % len(FIRST_PARTS)]
        last = LAST_PARTS[rank // len(FIRST_PARTS) % len(LAST_PARTS)]
        cycle = rank // (len(FIRST_PARTS) * len(LAST_PARTS))
        municipality = f"{first} {last}" + (f" {cycle + 1}" if cycle else "")
        department = DEPARTMENTS[rank % len(DEPARTMENTS)]
    name = f"Alcaldía de {municipality}, {department}"
    return name, "entity", "PEI", department_sector(department)


def design_plan(
    number: int,
    seed: int = 2026,
    per_objective: int = INDICATORS_PER_OBJECTIVE,
    slug: str | None = None,
) -> PlanDesign:
    """One plan: 8 objectives × ``per_objective`` indicators × 16 quarterly cutoffs."""
    rng = random.Random(f"{seed}-{number}")  # noqa: S311 - reproducible data  # nosec B311
    dates = cutoff_dates()
    organisation, organisation_kind, kind, sector = _who(number)
    chosen = rng.sample(OBJECTIVE_POOL, OBJECTIVES)
    objectives = [ObjectiveDesign(n, title, text) for n, (title, text) in enumerate(chosen, 1)]
    indicators = [
        design_indicator(rng, k, dates, per_objective)
        for k in range(1, OBJECTIVES * per_objective + 1)
    ]
    period = f"{dates[0].year}-{dates[-1].year}"
    slug = slug or f"sintetico-{number:04d}"
    years = list(range(dates[0].year, dates[-1].year + 1))
    label = "Plan Estratégico Sectorial" if kind == "PES" else "Plan Estratégico Institucional"
    return PlanDesign(
        number=number,
        slug=slug,
        name=f"{label} {period} · {organisation}",
        organisation=organisation,
        organisation_kind=organisation_kind,
        sector=sector,
        kind=kind,
        indicators=indicators,
        cutoff_dates=dates,
        objectives=objectives,
        mission=(
            f"{organisation} sirve a la ciudadanía con una gestión pública transparente, "
            "eficiente y cercana."
        ),
        vision=(
            f"En {dates[-1].year}, {organisation} será reconocida por la calidad de sus "
            "servicios y por rendir cuentas con datos abiertos."
        ),
        register=design_register(number, slug, organisation, years, OBJECTIVES, seed),
    )


def design_plans(count: int, seed: int = 2026) -> Iterator[PlanDesign]:
    """``count`` plans, each 8 objectives × 12 indicators × 16 quarterly cutoffs."""
    for number in range(1, count + 1):
        yield design_plan(number, seed)
