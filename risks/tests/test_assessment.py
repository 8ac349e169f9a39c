"""The DAFP assessment, without a database: the methodology comes from its data file."""

import datetime
from decimal import Decimal as D

import pytest

from risks import assessment as a
from risks.methodology import plain_from_data, read_methodology

M = plain_from_data(read_methodology())

PROBABILITY = {"Muy baja": 1, "Baja": 2, "Media": 3, "Alta": 4, "Muy alta": 5}
IMPACT = {"Leve": 1, "Menor": 2, "Moderado": 3, "Mayor": 4, "Catastrófico": 5}
B, MO, A, E = a.LOW, a.MODERATE, a.HIGH, a.EXTREME

# The guide's heat map typed from the issue: rows from Muy alta down, columns Leve..Catastrófico.
GUIDE_HEAT_MAP = {
    "Muy alta": [A, A, A, A, E],
    "Alta": [MO, MO, A, A, E],
    "Media": [MO, MO, MO, A, E],
    "Baja": [B, MO, MO, A, E],
    "Muy baja": [B, B, MO, A, E],
}
CELLS = [(p, i, GUIDE_HEAT_MAP[p][k]) for p in GUIDE_HEAT_MAP for k, i in enumerate(IMPACT)]


def control(kind, implementation="manual", label=""):
    return a.Control({"type": kind, "implementation": implementation}, label)


def test_the_shipped_methodology_is_consistent():
    assert a.check_methodology(M) == []
    assert [(p.name, p.value) for p in M.probability_levels] == [
        ("Muy baja", 20),
        ("Baja", 40),
        ("Media", 60),
        ("Alta", 80),
        ("Muy alta", 100),
    ]
    assert [(i.name, i.value) for i in M.impact_levels] == [
        ("Leve", 20),
        ("Menor", 40),
        ("Moderado", 60),
        ("Mayor", 80),
        ("Catastrófico", 100),
    ]


@pytest.mark.parametrize(("probability", "impact", "expected"), CELLS)
def test_each_of_the_25_cells_is_the_guides(probability, impact, expected):
    assert a.zone(M, PROBABILITY[probability], IMPACT[impact]) == expected


def test_there_are_exactly_25_cells():
    assert len(CELLS) == len(M.heat_map) == 25


def test_muy_alta_by_leve_is_alto_not_what_a_product_threshold_gives():
    # 100 % x 20 % = 20 %, the same product as Muy baja x Catastrófico (Extremo): no threshold
    # on the product can give both, and a low product would wrongly say Bajo or Moderado.
    assert a.zone(M, 5, 1) == a.HIGH
    assert a.zone(M, 1, 5) == a.EXTREME
    assert a.zone(M, 2, 1) == a.LOW


@pytest.mark.parametrize(
    ("times", "level"),
    [
        (0, "Muy baja"),
        (2, "Muy baja"),
        (3, "Baja"),
        (24, "Baja"),
        (25, "Media"),
        (500, "Media"),
        (501, "Alta"),
        (5000, "Alta"),
        (5001, "Muy alta"),
        (1_000_000, "Muy alta"),
    ],
)
def test_probability_from_yearly_frequency(times, level):
    assert a.probability_for_frequency(M, times).name == level


def test_a_negative_frequency_is_refused():
    with pytest.raises(a.AssessmentError):
        a.probability_for_frequency(M, -1)


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (D("0.5"), "Muy baja"),
        (D(20), "Muy baja"),
        (D("20.0001"), "Baja"),
        (D("25.2"), "Baja"),
        (D(40), "Baja"),
        (D(60), "Media"),
        (D("60.01"), "Alta"),
        (D(100), "Muy alta"),
    ],
)
def test_percentages_map_to_levels_by_intervals_closed_at_the_top(value, level):
    assert a.level_for_value(M.probability_levels, value).name == level


def test_a_percentage_out_of_the_scale_is_refused():
    with pytest.raises(a.AssessmentError):
        a.level_for_value(M.probability_levels, D("100.1"))


def test_economic_and_reputational_impact_the_higher_counts():
    assert a.management_impact(M, D(5), None).name == "Leve"
    assert a.management_impact(M, D(75), None).name == "Moderado"
    assert a.management_impact(M, D(501), None).name == "Catastrófico"
    assert a.management_impact(M, D(5), 4).name == "Mayor"
    assert a.management_impact(M, D(300), 2).name == "Mayor"
    with pytest.raises(a.AssessmentError):
        a.management_impact(M, None, None)


def test_the_worked_example_of_the_guide():
    # Media 60 % -> manual preventive (40 %) -> 36 % -> manual detective (30 %) -> 25,2 % = Baja.
    result = a.evaluate(
        M,
        a.MANAGEMENT,
        [control("preventive"), control("detective")],
        frequency=100,
        reputational=4,
    )
    assert result.inherent.probability.name == "Media"
    assert result.inherent.zone == a.HIGH
    first, second = result.steps
    assert (first.score, first.before, first.after) == (D(40), D(60), D(36))
    assert (second.score, second.before, second.after) == (D(30), D(36), D("25.2"))
    assert result.residual.probability_value == D("25.2")
    assert result.residual.probability.name == "Baja"
    # With impact Mayor the residual zone is Alto (Baja x Mayor).
    assert result.residual.impact.name == "Mayor"
    assert result.residual.zone == a.HIGH


def test_the_order_of_controls_is_kept_in_the_steps():
    result = a.evaluate(
        M,
        a.MANAGEMENT,
        [control("detective", label="segundo"), control("preventive", "automatic", "primero")],
        frequency=100,
        reputational=3,
    )
    assert [(s.order, s.label, s.score) for s in result.steps] == [
        (1, "segundo", D(30)),
        (2, "primero", D(50)),
    ]
    assert result.residual.probability_value == D(60) * D("0.7") * D("0.5")


def test_corrective_controls_reduce_impact_not_probability():
    result = a.evaluate(
        M, a.MANAGEMENT, [control("corrective", "automatic")], frequency=100, reputational=4
    )
    step = result.steps[0]
    assert step.target == a.IMPACT and step.score == D(35)
    assert result.residual.probability_value == D(60)
    assert result.residual.impact_value == D(52)  # 80 x (1 - 0,35)
    assert result.residual.impact.name == "Moderado"
    assert result.residual.zone == a.MODERATE  # Media x Moderado


def test_corruption_impact_comes_from_the_questionnaire():
    assert a.corruption_impact(M, [1]).name == "Moderado"
    assert a.corruption_impact(M, range(1, 6)).name == "Moderado"
    assert a.corruption_impact(M, range(1, 7)).name == "Mayor"
    assert a.corruption_impact(M, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).name == "Mayor"
    assert a.corruption_impact(M, range(1, 13)).name == "Catastrófico"
    assert a.corruption_impact(M, range(1, 20)).name == "Catastrófico"


def test_a_yes_to_question_16_makes_a_corruption_risk_catastrophic():
    assert a.corruption_impact(M, [16]).name == "Catastrófico"


def test_corruption_impact_is_only_moderado_mayor_or_catastrofico():
    impacts = {a.corruption_impact(M, range(1, n + 1)).name for n in range(1, 20)}
    assert impacts == {"Moderado", "Mayor", "Catastrófico"}
    # Whatever economic or reputational figure is given, a corruption risk uses the questionnaire.
    result = a.inherent_position(
        M, a.CORRUPTION, frequency=1, economic_smlmv=D(1), reputational=1, yes_answers=[2, 3]
    )
    assert result.impact.name == "Moderado"


def test_a_corruption_questionnaire_without_yes_or_with_unknown_questions_is_refused():
    with pytest.raises(a.AssessmentError, match="al menos una respuesta afirmativa"):
        a.corruption_impact(M, [])
    with pytest.raises(a.AssessmentError, match="20"):
        a.corruption_impact(M, [1, 20])


def test_corrective_controls_do_not_move_a_corruption_risks_impact():
    result = a.evaluate(
        M, a.CORRUPTION, [control("corrective", "automatic")], frequency=30, yes_answers=range(1, 7)
    )
    assert result.steps[0].applied is False
    assert result.residual.impact.name == "Mayor"
    assert result.residual.zone == a.HIGH


def test_an_unknown_control_type_is_refused():
    with pytest.raises(a.AssessmentError):
        a.control_score(M, control("magic"))
    with pytest.raises(a.AssessmentError):
        a.control_score(M, control("preventive", "telepathic"))


@pytest.mark.parametrize("zone", [a.LOW, a.MODERATE])
def test_management_risks_in_low_or_moderate_zones_may_be_accepted(zone):
    assert a.treatment_problems(a.MANAGEMENT, zone, a.ACCEPT, False, M.acceptance_zones) == []


@pytest.mark.parametrize("zone", [a.HIGH, a.EXTREME, None])
def test_acceptance_is_refused_for_management_risks_outside_low_or_moderate(zone):
    problems = a.treatment_problems(a.MANAGEMENT, zone, a.ACCEPT, False, M.acceptance_zones)
    assert len(problems) == 1 and "Bajo o Moderado" in problems[0]


@pytest.mark.parametrize("zone", [a.LOW, a.MODERATE, a.HIGH, a.EXTREME])
def test_acceptance_is_refused_for_every_corruption_risk(zone):
    assert a.treatment_problems(a.CORRUPTION, zone, a.ACCEPT, True, M.acceptance_zones) == [
        "Un riesgo de corrupción no puede aceptarse: debe reducirse o evitarse."
    ]


def test_reducing_needs_an_action_plan():
    assert a.treatment_problems(a.MANAGEMENT, a.HIGH, a.REDUCE, False, M.acceptance_zones) == [
        "Reducir el riesgo exige un plan de acción con al menos una actividad."
    ]
    assert a.treatment_problems(a.MANAGEMENT, a.HIGH, a.REDUCE, True, M.acceptance_zones) == []
    assert a.treatment_problems(a.CORRUPTION, a.EXTREME, a.AVOID, False, M.acceptance_zones) == []
    assert a.treatment_problems(a.MANAGEMENT, a.EXTREME, a.SHARE, False, M.acceptance_zones) == []


def test_a_broken_heat_map_is_reported():
    broken = a.Methodology(
        **{**M.__dict__, "heat_map": {k: v for k, v in M.heat_map.items() if k != (5, 1)}}
    )
    assert "falta la zona de la celda Muy alta × Leve" in a.check_methodology(broken)


def test_review_dates_and_working_day_deadlines():
    assert a.review_dates(2024, [(12, 31), (4, 30), (8, 31)]) == [
        datetime.date(2024, 4, 30),
        datetime.date(2024, 8, 31),
        datetime.date(2024, 12, 31),
    ]
    # Tuesday 30/04/2024 + 10 working days = Thursday 16/05/2024: 01/05 and Monday 13/05
    # (Ascensión, moved by the Ley Emiliani) are holidays.
    assert a.add_working_days(datetime.date(2024, 4, 30), 10) == datetime.date(2024, 5, 16)
