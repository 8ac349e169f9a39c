"""The "how this figure is computed" panel reproduces the published figures by hand."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import translation

from indicators import compliance as engine
from indicators import explain
from indicators.loading import load_plan_at_cutoff
from plan.models import Cutoff


def objective_at(slug, date, number):
    cutoff = Cutoff.objects.select_related("plan").get(plan__slug=slug, date=date)
    data = load_plan_at_cutoff(cutoff)
    objective = next(o for o in data.objectives if o.number == number)
    labels = {i.id: i.code or i.name for i in data.indicators.values()}
    return data.result.objectives[objective.id], labels


PES = ("pes-2024-2027", datetime.date(2026, 3, 31))
PEI = ("pei-2020-2024", datetime.date(2020, 12, 31))


@pytest.mark.django_db
def test_pes_objective_4_arithmetic_gives_the_published_183_33(seeded):
    result, labels = objective_at(*PES, 4)
    panel = explain.panel(result.terms, result.compliance, labels, "es")
    assert panel.arithmetic == "(50,00% × 100,00% + 50,00% × 266,67%) = 183,33%"
    assert panel.weighted_arithmetic == "(50 × 100,00% + 50 × 266,67%) / 100 = 183,33%"
    assert [r.label for r in panel.included] == ["4074", "4075"]
    assert panel.excluded == () and panel.weight_sum == D(100)


@pytest.mark.django_db
def test_pes_objective_6_lists_the_two_excluded_indicators_and_why(seeded):
    result, labels = objective_at(*PES, 6)
    with translation.override("es"):
        panel = explain.panel(result.terms, result.compliance, labels, "es")
    assert panel.arithmetic == "(50,00% × 100,00% + 50,00% × 96,97%) = 98,48%"
    assert [r.label for r in panel.included] == [
        "4226",
        "Modelo para la intervención integral y sincronizada de los retos de ciudad implementado",
    ]
    assert [r.label for r in panel.excluded] == [
        "Índice de Gestión Pública Distrital (Puntos)",
        "4248",
    ]
    assert {r.reason for r in panel.excluded} == {"Excluido: no programado al corte"}
    assert [r.normalised_weight for r in panel.included] == [D(50), D(50)]
    assert panel.weight_sum == D(50)


@pytest.mark.django_db
def test_pei_objective_2_counts_the_unprogrammed_as_zero_and_gives_34_26(seeded):
    result, labels = objective_at(*PEI, 2)
    with translation.override("es"):
        panel = explain.panel(result.terms, result.compliance, labels, "es")
    assert panel.arithmetic == (
        "(3,00% × 0,00% + 3,00% × 0,00% + 3,00% × 0,00% + 3,00% × 56,00% + "
        "31,34% × 0,00% + 28,33% × 70,00% + 28,33% × 45,00%) = 34,26%"
    )
    assert panel.excluded == ()
    reasons = [r.reason for r in panel.included]
    assert reasons.count("No programado al corte: cuenta como 0 %") == 3
    assert sum(r.contribution for r in panel.included).quantize(D("0.01")) == D("34.26")


@pytest.mark.django_db
def test_pes_objective_1_has_no_arithmetic_only_exclusions(seeded):
    result, labels = objective_at(*PES, 1)
    panel = explain.panel(result.terms, result.compliance, labels, "es")
    assert panel.arithmetic == "" and panel.compliance is None
    assert len(panel.excluded) == 2


def test_arithmetic_in_english_uses_a_decimal_point():
    terms = [
        engine.Term(1, D(50), True, engine.IN_MEASURED, D(100), D(50), D(50)),
        engine.Term(2, D(50), True, engine.IN_MEASURED, D("266.666"), D(50), D("133.333")),
    ]
    assert explain.arithmetic(terms, D("183.333"), "en") == (
        "(50.00% × 100.00% + 50.00% × 266.67%) = 183.33%"
    )


def test_every_reason_code_of_the_engine_has_a_spanish_label():
    codes = {
        engine.IN_MEASURED,
        engine.IN_NOT_PROGRAMMED_AS_ZERO,
        engine.IN_NOT_REPORTED_AS_ZERO,
        engine.OUT_NOT_PROGRAMMED_IN_YEAR,
        engine.OUT_NOT_PROGRAMMED_AT_CUTOFF,
    }
    assert set(explain.REASON_LABELS) == codes
    assert set(explain.RULE_EXPLANATIONS) == set(engine.SET_RULES)


@pytest.mark.django_db
def test_pei_objective_4_panel_divides_by_the_declared_100_not_by_99_99(seeded):
    result, labels = objective_at(*PEI, 4)
    with translation.override("es"):
        panel = explain.objective_panel(result, labels, "es")
    assert panel.weight_sum == D("99.99") and panel.share_sum == D("99.99")
    assert panel.denominator == D(100)
    assert panel.denominator_text == "÷ 100 (total declarado)"
    assert panel.weighted_arithmetic.endswith(") / 100 = 82,48%")
    assert "total declarado" in panel.formula


@pytest.mark.django_db
def test_pes_objective_6_panel_divides_by_the_weights_that_count(seeded):
    result, labels = objective_at(*PES, 6)
    with translation.override("es"):
        panel = explain.objective_panel(result, labels, "es")
    assert panel.denominator_text == "÷ 50 (Σ ponderaciones que cuentan)"
    assert panel.weighted_arithmetic.endswith(") / 50 = 98,48%")
    assert panel.share_sum == D(100)


def test_the_methodology_formula_names_the_denominator_of_the_rule():
    with translation.override("es"):
        declared = explain.plan_formula(engine.ALL_OF_YEAR, D(100))
        renormalised = explain.plan_formula(engine.PROGRAMMED_AT_CUTOFF, D(100))
    assert declared == "cumplimiento = Σ (ponderación × avance) ÷ 100 (total declarado)"
    assert renormalised.endswith("÷ Σ (ponderación de los indicadores que cuentan)")
    with translation.override("en"):
        assert explain.plan_formula(engine.ALL_OF_YEAR, D(100)).endswith("(declared total)")


@pytest.mark.django_db
def test_the_share_column_is_named_after_the_denominator(seeded):
    with translation.override("es"):
        declared = explain.objective_panel(objective_at(*PEI, 4)[0], {}, "es")
        renormalised = explain.objective_panel(objective_at(*PES, 6)[0], {}, "es")
    assert declared.share_heading == "Ponderación sobre el total declarado"
    assert renormalised.share_heading == "Ponderación renormalizada"
