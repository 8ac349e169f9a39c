"""The DAFP risk assessment: pure functions over a methodology given as plain data.

Función Pública, "Guía para la administración del riesgo y el diseño de controles en entidades
públicas" (v5 2020, v6 2022). Nothing here knows about the ORM or HTTP: the methodology comes
in as a ``Methodology`` dataclass (built from the database by ``risks.methodology``), inputs
are plain values and percentages are ``Decimal`` percent points (60 means 60 %), kept at full
precision: rounding is a matter of presentation.

- Inherent probability: the level whose frequency band holds the yearly exposure.
- Inherent impact: the higher of the economic and the reputational level; for corruption risks,
  the number of "yes" answers of the questionnaire (1-5 Moderado, 6-11 Mayor, 12-19
  Catastrófico in DAFP's table).
- Zone: the heat-map cell of (probability, impact), looked up cell by cell, never computed from
  a product of percentages.
- Controls apply one after another on what remains: ``value x (1 - score)``; the type of
  control says whether it reduces probability (preventive, detective) or impact (corrective).
- A residual percentage maps back to a level by intervals closed at the top: (0, 20] is the
  first level, (20, 40] the second, and so on.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from plan.cutoff_calendar import add_working_days as colombian_working_days

HUNDRED = Decimal(100)
ZERO = Decimal(0)

PROBABILITY = "probability"
IMPACT = "impact"
TARGETS = (PROBABILITY, IMPACT)

MANAGEMENT = "management"
CORRUPTION = "corruption"
KINDS = (MANAGEMENT, CORRUPTION)

LOW, MODERATE, HIGH, EXTREME = "low", "moderate", "high", "extreme"
ZONES = (LOW, MODERATE, HIGH, EXTREME)

REDUCE, AVOID, SHARE, ACCEPT = "reduce", "avoid", "share", "accept"
TREATMENTS = (REDUCE, AVOID, SHARE, ACCEPT)


class AssessmentError(ValueError):
    """Inputs the methodology cannot assess; ``message`` is for the person who typed them."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class ProbabilityLevel:
    position: int  # 1 is the lowest
    name: str
    value: Decimal  # percent points
    max_frequency: int | None  # most times a year the activity runs at this level; None: no limit


@dataclass(frozen=True)
class ImpactLevel:
    position: int
    name: str
    value: Decimal
    max_smlmv: Decimal | None  # economic loss up to this many SMLMV; None: no limit
    allowed_for_corruption: bool = True


@dataclass(frozen=True)
class CorruptionBand:
    """From ``min_yes`` to ``max_yes`` "yes" answers (both included) the impact is ``impact``."""

    min_yes: int
    max_yes: int
    impact: int  # position of the impact level


@dataclass(frozen=True)
class Methodology:
    code: str
    probability_levels: tuple[ProbabilityLevel, ...]  # ascending
    impact_levels: tuple[ImpactLevel, ...]  # ascending
    heat_map: Mapping[tuple[int, int], str]  # (probability position, impact position) -> zone
    # (attribute, value) -> score in percent points, e.g. ("type", "preventive") -> 25
    control_scores: Mapping[tuple[str, str], Decimal]
    # value of the control type -> what it reduces (probability or impact)
    control_targets: Mapping[str, str]
    corruption_bands: tuple[CorruptionBand, ...] = ()
    corruption_questions: int = 0  # how many questions the questionnaire has
    corruption_forcing_questions: frozenset[int] = frozenset()  # "yes" makes it catastrophic
    corruption_impact_reducible: bool = False
    acceptance_zones: frozenset[str] = frozenset({LOW, MODERATE})

    def probability(self, position: int) -> ProbabilityLevel:
        return _by_position(self.probability_levels, position)

    def impact(self, position: int) -> ImpactLevel:
        return _by_position(self.impact_levels, position)


def _by_position(levels, position):
    for level in levels:
        if level.position == position:
            return level
    raise AssessmentError(
        _("El nivel %(position)s no existe en la metodología.") % {"position": position}
    )


def check_methodology(m: Methodology) -> list[str]:
    """What is wrong with a methodology's data (empty when it can be used)."""
    problems = []
    for name, levels in (("probabilidad", m.probability_levels), ("impacto", m.impact_levels)):
        values = [level.value for level in levels]
        positions = [level.position for level in levels]
        if not levels:
            problems.append(f"no hay niveles de {name}")
        if values != sorted(values) or len(set(values)) != len(values):
            problems.append(f"los porcentajes de {name} deben crecer de un nivel al siguiente")
        if positions != list(range(1, len(levels) + 1)):
            problems.append(f"los niveles de {name} deben numerarse 1, 2, 3 ... en orden")
        if levels and not all(ZERO < v <= HUNDRED for v in values):
            problems.append(f"los porcentajes de {name} deben estar entre 0 y 100")
    bounds = [p.max_frequency for p in m.probability_levels]
    if bounds and (bounds[-1] is not None or None in bounds[:-1]):
        problems.append("solo el nivel más alto de probabilidad puede no tener frecuencia máxima")
    for p in m.probability_levels:
        for i in m.impact_levels:
            if m.heat_map.get((p.position, i.position)) not in ZONES:
                problems.append(f"falta la zona de la celda {p.name} × {i.name}")
    if len(m.heat_map) != len(m.probability_levels) * len(m.impact_levels):
        problems.append("el mapa de calor tiene celdas de más")
    for control_type, target in m.control_targets.items():
        if target not in TARGETS:
            problems.append(f"el control {control_type} debe reducir probabilidad o impacto")
    if m.corruption_bands:
        expected = 1
        for band in sorted(m.corruption_bands, key=lambda b: b.min_yes):
            if band.min_yes != expected or band.max_yes < band.min_yes:
                problems.append("los rangos de respuestas afirmativas deben ser continuos desde 1")
                break
            if not m.impact(band.impact).allowed_for_corruption:
                problems.append("un rango de corrupción apunta a un impacto no permitido")
            expected = band.max_yes + 1
        if expected - 1 != m.corruption_questions:
            problems.append("los rangos de respuestas deben cubrir todas las preguntas")
    return problems


# --- Levels -------------------------------------------------------------------------------


def level_for_value(levels: Sequence, value: Decimal):
    """The level holding a percentage, by intervals closed at the top: with levels 20, 40, 60,
    80, 100 the value 25,2 is the second one, 40 is the second one, 40,01 the third one."""
    if value < ZERO or value > levels[-1].value:
        raise AssessmentError(
            _("El porcentaje %(value)s está fuera de la escala.") % {"value": value}
        )
    for level in levels:
        if value <= level.value:
            return level
    raise AssertionError("unreachable")  # pragma: no cover


def probability_for_frequency(m: Methodology, times_a_year: int) -> ProbabilityLevel:
    """The probability level of an activity run ``times_a_year`` times a year."""
    if times_a_year is None or times_a_year < 0:
        raise AssessmentError(_("La frecuencia anual debe ser un número entero no negativo."))
    for level in m.probability_levels:
        if level.max_frequency is None or times_a_year <= level.max_frequency:
            return level
    raise AssertionError("unreachable")  # pragma: no cover


def impact_for_economic(m: Methodology, smlmv: Decimal) -> ImpactLevel:
    if smlmv < ZERO:
        raise AssessmentError(_("La afectación económica no puede ser negativa."))
    for level in m.impact_levels:
        if level.max_smlmv is None or smlmv <= level.max_smlmv:
            return level
    raise AssertionError("unreachable")  # pragma: no cover


def management_impact(
    m: Methodology, economic_smlmv: Decimal | None, reputational: int | None
) -> ImpactLevel:
    """When the economic and the reputational impact differ, the higher one counts."""
    candidates = []
    if economic_smlmv is not None:
        candidates.append(impact_for_economic(m, economic_smlmv))
    if reputational is not None:
        candidates.append(m.impact(reputational))
    if not candidates:
        raise AssessmentError(
            _("Indique la afectación económica (SMLMV) o la reputacional para valorar el impacto.")
        )
    return max(candidates, key=lambda level: level.position)


def corruption_impact(m: Methodology, yes_answers: Iterable[int]) -> ImpactLevel:
    """The impact of a corruption risk from the numbers of the questions answered "yes"."""
    answers = set(yes_answers)
    unknown = sorted(a for a in answers if not 1 <= a <= m.corruption_questions)
    if unknown:
        raise AssessmentError(
            _("Las preguntas %(numbers)s no existen en el cuestionario de corrupción.")
            % {"numbers": ", ".join(str(n) for n in unknown)}
        )
    if not answers:
        raise AssessmentError(
            _(
                "Un riesgo de corrupción necesita al menos una respuesta afirmativa en el "
                "cuestionario de impacto."
            )
        )
    if answers & m.corruption_forcing_questions:
        return m.impact_levels[-1]
    for band in m.corruption_bands:
        if band.min_yes <= len(answers) <= band.max_yes:
            return m.impact(band.impact)
    raise AssertionError("unreachable")  # pragma: no cover


def zone(m: Methodology, probability: int, impact: int) -> str:
    """The heat-map cell, looked up: Muy alta × Leve is Alto whatever the product says."""
    try:
        return m.heat_map[(probability, impact)]
    except KeyError:
        raise AssessmentError(_("El mapa de calor no tiene esa celda.")) from None


# --- Controls -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Control:
    """A control's attributes as the methodology names them, e.g.
    {"type": "preventive", "implementation": "manual", "documentation": "documented"}."""

    attributes: Mapping[str, str]
    label: str = ""

    @property
    def control_type(self) -> str:
        return self.attributes.get("type", "")


@dataclass(frozen=True)
class ControlStep:
    order: int
    label: str
    score: Decimal  # percent points
    target: str  # probability | impact
    before: Decimal
    after: Decimal
    applied: bool = True  # False: the methodology does not let this control move the value


def control_score(m: Methodology, control: Control) -> Decimal:
    """The sum of the scores of the control's attributes (type + implementation in DAFP v5/v6;
    documentation, frequency and evidence are recorded but score nothing)."""
    if control.control_type not in m.control_targets:
        raise AssessmentError(
            _("El tipo de control «%(type)s» no existe en la metodología.")
            % {"type": control.control_type}
        )
    total = ZERO
    for attribute, value in control.attributes.items():
        score = m.control_scores.get((attribute, value))
        if score is None and any(key[0] == attribute for key in m.control_scores):
            raise AssessmentError(
                _("El valor «%(value)s» no existe para el atributo «%(attribute)s».")
                % {"value": value, "attribute": attribute}
            )
        total += score or ZERO
    if total >= HUNDRED:
        raise AssessmentError(_("Un control no puede calificarse con 100 % o más."))
    return total


# --- Whole assessment ---------------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    probability: ProbabilityLevel
    impact: ImpactLevel
    probability_value: Decimal
    impact_value: Decimal
    zone: str


@dataclass(frozen=True)
class Evaluation:
    inherent: Position
    residual: Position
    steps: tuple[ControlStep, ...] = field(default_factory=tuple)


def position(m: Methodology, probability: ProbabilityLevel, impact: ImpactLevel) -> Position:
    return Position(
        probability=probability,
        impact=impact,
        probability_value=probability.value,
        impact_value=impact.value,
        zone=zone(m, probability.position, impact.position),
    )


def inherent_position(
    m: Methodology,
    kind: str,
    *,
    frequency: int,
    economic_smlmv: Decimal | None = None,
    reputational: int | None = None,
    yes_answers: Iterable[int] = (),
) -> Position:
    if kind not in KINDS:
        raise AssessmentError(_("Tipo de riesgo desconocido."))
    probability = probability_for_frequency(m, frequency)
    if kind == CORRUPTION:
        impact = corruption_impact(m, yes_answers)
    else:
        impact = management_impact(m, economic_smlmv, reputational)
    return position(m, probability, impact)


def apply_controls(
    m: Methodology, kind: str, inherent: Position, controls: Sequence[Control]
) -> Evaluation:
    """Controls in the given order, each on what the previous ones left."""
    probability_value = inherent.probability_value
    impact_value = inherent.impact_value
    steps = []
    for order, control in enumerate(controls, start=1):
        score = control_score(m, control)
        target = m.control_targets[control.control_type]
        before = probability_value if target == PROBABILITY else impact_value
        applied = not (
            target == IMPACT and kind == CORRUPTION and not m.corruption_impact_reducible
        )
        after = before * (1 - score / HUNDRED) if applied else before
        if target == PROBABILITY:
            probability_value = after
        else:
            impact_value = after
        steps.append(ControlStep(order, control.label, score, target, before, after, applied))
    probability = level_for_value(m.probability_levels, probability_value)
    impact = level_for_value(m.impact_levels, impact_value)
    residual = Position(
        probability=probability,
        impact=impact,
        probability_value=probability_value,
        impact_value=impact_value,
        zone=zone(m, probability.position, impact.position),
    )
    return Evaluation(inherent=inherent, residual=residual, steps=tuple(steps))


def evaluate(
    m: Methodology,
    kind: str,
    controls: Sequence[Control] = (),
    **inputs,
) -> Evaluation:
    """Inherent position from the inputs, then the controls in order."""
    return apply_controls(m, kind, inherent_position(m, kind, **inputs), controls)


# --- Treatment ----------------------------------------------------------------------------

TREATMENT_MESSAGES = {
    "unknown": _("Opción de tratamiento desconocida."),
    "accept_corruption": _(
        "Un riesgo de corrupción no puede aceptarse: debe reducirse o evitarse."
    ),
    "accept_zone": _(
        "Solo se aceptan riesgos de gestión cuya zona residual sea %(zones)s; "
        "este está en %(zone)s."
    ),
    "reduce_without_plan": _(
        "Reducir el riesgo exige un plan de acción con al menos una actividad."
    ),
}

ZONE_NAMES = {
    LOW: _("Bajo"),
    MODERATE: _("Moderado"),
    HIGH: _("Alto"),
    EXTREME: _("Extremo"),
}


def treatment_problems(
    kind: str,
    residual_zone: str | None,
    option: str,
    has_action_plan: bool,
    acceptance_zones: Iterable[str],
) -> list[str]:
    """Why a treatment option is not allowed for this risk (empty when it is). Acceptance is
    allowed for management risks whose residual zone is in the methodology's
    ``acceptance_zones`` (Bajo, Moderado in DAFP v6)."""
    acceptance_zones = frozenset(acceptance_zones)
    if option not in TREATMENTS:
        return [str(TREATMENT_MESSAGES["unknown"])]
    problems = []
    if option == ACCEPT:
        if kind == CORRUPTION:
            problems.append(str(TREATMENT_MESSAGES["accept_corruption"]))
        elif residual_zone not in acceptance_zones:
            allowed = [str(ZONE_NAMES[z]) for z in ZONES if z in acceptance_zones]
            problems.append(
                str(TREATMENT_MESSAGES["accept_zone"])
                % {
                    "zones": " o ".join(allowed),
                    "zone": str(ZONE_NAMES.get(residual_zone, _("sin valorar"))),
                }
            )
    if option == REDUCE and not has_action_plan:
        problems.append(str(TREATMENT_MESSAGES["reduce_without_plan"]))
    return problems


# --- Review calendar ----------------------------------------------------------------------


def review_dates(year: int, schedule: Sequence[tuple[int, int]]) -> list[datetime.date]:
    """The follow-up cutoffs of a year from (month, day) pairs: 30/04, 31/08, 31/12."""
    return sorted(datetime.date(year, month, day) for month, day in schedule)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """``days`` Colombian working days after ``start``, holidays included (the same calendar as
    the reporting deadlines of the plans' cutoffs: plan.cutoff_calendar)."""
    return colombian_working_days(start, days)
