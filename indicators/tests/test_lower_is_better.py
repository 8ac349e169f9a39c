"""Lower-is-better indicators and their edges (DOMAIN.md, "How compliance is computed"),
without a database, plus the model keeping «decreciente» lower-is-better."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from indicators import compliance as c
from indicators.compliance import IndicatorFigures as F
from indicators.compliance import Methodology


def lower(programmed, executed, programmed_year=None):
    return F(
        1,
        direction=c.LOWER,
        programmed_cutoff=programmed,
        executed=executed,
        programmed_year=programmed_year,
    )


def test_progress_is_programmed_over_executed():
    assert c.progress_at_cutoff(lower(D(10), D(8))) == D(125)  # not 80 % «Rezago»
    assert c.progress_at_cutoff(lower(D(6), D(8))) == D(75)


def test_executing_zero_is_fully_met():
    result = c.indicator_result(lower(D(6), D(0)))
    assert result.progress_at_cutoff == D(100) and result.status == c.MET


def test_a_target_of_zero_is_met_when_executed_is_zero():
    result = c.indicator_result(lower(D(0), D(0)))
    assert result.progress_at_cutoff == D(100) and result.status == c.MET


def test_a_target_of_zero_is_not_met_when_anything_is_executed():
    result = c.indicator_result(lower(D(0), D(2)))
    assert result.progress_at_cutoff == D(0) and result.status == c.LAG
    assert result.gap == D(2)


def test_a_target_of_zero_counts_in_the_objective_as_programmed():
    """Under rule 3 a lower-is-better target of 0 is programmed at the cutoff (it is a
    target); a higher-is-better 0 is not programmed."""
    rows = {1: lower(D(0), D(0)), 2: F(2, programmed_cutoff=D(0), executed=D(0))}
    result = c.objective_result(
        1, [(1, D(50)), (2, D(50))], rows, Methodology(set_rule=c.PROGRAMMED_AT_CUTOFF)
    )
    assert [t.included for t in result.terms] == [True, False]
    assert result.compliance == D(100)


def test_no_stated_programming_is_not_programmed():
    result = c.indicator_result(lower(None, D(3)))
    assert result.status == c.NOT_PROGRAMMED and result.progress_at_cutoff is None


def test_progress_in_year_follows_the_same_edges():
    assert c.progress_in_year(lower(D(0), D(0), programmed_year=D(0))) == D(100)
    assert c.progress_in_year(lower(D(5), D(4), programmed_year=D(0))) == D(0)
    assert c.progress_in_year(lower(D(5), D(5), programmed_year=D(4))) == D(80)


def test_not_reported_has_no_progress():
    assert c.indicator_result(lower(D(0), None)).status == c.NOT_REPORTED


@pytest.mark.parametrize(
    ("executed", "programmed", "expected"),
    [(D(8), D(10), D(125)), (D(0), D(10), D(100)), (D(0), D(0), D(100)), (D(1), D(0), D(0))],
)
def test_ratio_lower_is_better(executed, programmed, expected):
    assert c.ratio(executed, programmed, c.LOWER) == expected


def test_ratio_refuses_a_negative_target_and_a_higher_is_better_zero():
    with pytest.raises(ValueError):
        c.ratio(D(1), D(-1), c.LOWER)
    with pytest.raises(ValueError):
        c.ratio(D(1), D(0), c.HIGHER)


@pytest.mark.parametrize(
    ("direction", "annualization", "expected"),
    [
        (c.HIGHER, c.DECRECIENTE, c.LOWER),
        (c.LOWER, c.DECRECIENTE, c.LOWER),
        (c.HIGHER, c.CONSTANTE, c.HIGHER),
        (c.LOWER, c.CONSTANTE, c.LOWER),  # «máximo 6 días»: constante and lower-is-better
        (c.HIGHER, c.SUMA, c.HIGHER),
        (c.HIGHER, None, c.HIGHER),
    ],
)
def test_decreciente_is_always_lower_is_better(direction, annualization, expected):
    assert c.direction_of(direction, annualization) == expected


def test_an_unknown_direction_is_refused():
    with pytest.raises(ValueError):
        F(1, direction="sideways")


@pytest.mark.django_db
def test_saving_a_decreciente_indicator_makes_it_lower_is_better():
    from indicators.models import Indicator
    from tests.factories import make_plan

    plan = make_plan(indicators=2)
    indicator = Indicator.objects.filter(plan=plan).first()
    indicator.annualization, indicator.direction = "decreciente", "higher"
    indicator.save(update_fields=["annualization"])
    indicator.refresh_from_db()
    assert indicator.direction == "lower"
    indicator.direction = "higher"
    with pytest.raises(ValidationError) as refused:  # a typed contradiction is refused
        indicator.full_clean()
    assert "direction" in refused.value.message_dict
    indicator.annualization = "constante"
    indicator.direction = "higher"
    indicator.save()
    indicator.refresh_from_db()
    assert indicator.direction == "higher"  # only decreciente is forced


@pytest.mark.django_db
def test_the_migration_aligns_existing_decreciente_rows():
    from importlib import import_module

    from django.apps import apps

    from indicators.models import Indicator
    from tests.factories import make_plan

    plan = make_plan(indicators=3)
    ids = list(Indicator.objects.filter(plan=plan).values_list("id", flat=True))
    Indicator.objects.filter(id=ids[0]).update(annualization="decreciente", direction="higher")
    Indicator.objects.filter(id=ids[1]).update(annualization="suma", direction="higher")
    import_module("indicators.migrations.0003_decreciente_is_lower_is_better").align(apps, None)
    directions = dict(Indicator.objects.filter(id__in=ids).values_list("id", "direction"))
    assert directions[ids[0]] == "lower" and directions[ids[1]] == "higher"


@pytest.mark.django_db
def test_the_loader_scores_a_decreciente_indicator_as_lower_is_better_whatever_its_field():
    from indicators.loading import load_plan_at_cutoff
    from indicators.models import CutoffProgramming, Indicator, Measurement
    from plan.models import Cutoff
    from tests.factories import make_plan, reopen_for_correction

    plan = make_plan(indicators=2)
    cutoff = reopen_for_correction(Cutoff.objects.get(plan=plan))
    cutoff = Cutoff.objects.select_related("plan").get(pk=cutoff.pk)
    indicator = Indicator.objects.filter(plan=plan).first()
    Indicator.objects.filter(id=indicator.id).update(
        annualization="decreciente", direction="higher"
    )  # a row written around save(), as an old import could have left it
    CutoffProgramming.objects.update_or_create(
        indicator=indicator, cutoff=cutoff, defaults={"programmed": D(10)}
    )
    Measurement.objects.update_or_create(
        indicator=indicator, cutoff=cutoff, defaults={"executed": D(8), "status": "approved"}
    )
    result = load_plan_at_cutoff(cutoff).result.indicators[indicator.id]
    assert result.progress_at_cutoff == D(125) and result.status == c.OVER


@pytest.mark.django_db
def test_a_target_of_zero_is_a_report_to_make_before_closing():
    """The close check counts what the engine counts: a lower-is-better target of 0 needs its
    approved report; a higher-is-better 0 is not programmed."""
    from indicators.models import CutoffProgramming, Indicator, Measurement
    from plan.models import Cutoff
    from reporting.services import missing_indicator_ids
    from tests.factories import make_plan, reopen_for_correction

    plan = make_plan(indicators=3)
    cutoff = reopen_for_correction(Cutoff.objects.get(plan=plan))
    zero_lower, zero_higher, zero_decreciente = Indicator.objects.filter(plan=plan)[:3]
    Indicator.objects.filter(id=zero_lower.id).update(direction="lower", annualization="constante")
    Indicator.objects.filter(id=zero_higher.id).update(direction="higher", annualization="suma")
    Indicator.objects.filter(id=zero_decreciente.id).update(
        direction="higher", annualization="decreciente"
    )
    for indicator in (zero_lower, zero_higher, zero_decreciente):
        CutoffProgramming.objects.update_or_create(
            indicator=indicator, cutoff=cutoff, defaults={"programmed": D(0)}
        )
        Measurement.objects.filter(indicator=indicator, cutoff=cutoff).delete()
    missing = set(missing_indicator_ids(cutoff))
    assert zero_lower.id in missing and zero_decreciente.id in missing
    assert zero_higher.id not in missing
