"""One set of validators for every way a value enters (issue 11, item 2): pure rules, the
column limits on every model field, and the admin (a superuser's repair tool) refusing the same
things as the imports."""

from decimal import Decimal as D

import pytest
from django.contrib.auth.models import User
from django.db import models
from django.test import Client

from indicators import validation
from indicators.models import Indicator, Measurement, ObjectiveLink
from plan.models import Objective, Plan
from reporting.tests.test_structure_validation import crawl


def test_the_reserved_words_come_from_the_urls():
    assert {"distrito", "proyectos", "diccionario"} <= validation.reserved_plan_words()


@pytest.mark.parametrize("slug", ["mal slug!", "../x", "Año-ñ", "distrito", "p" * 72, "-x", "9x"])
def test_a_bad_plan_identifier_is_refused(slug):
    with pytest.raises(validation.ValidationError):
        validation.validate_plan_slug(slug)


@pytest.mark.parametrize("slug", ["pei-2020-2024", "pes-2024-2027", "pai-2024", "a" * 60])
def test_a_good_plan_identifier_passes(slug):
    validation.validate_plan_slug(slug)


def test_every_decimal_and_integer_column_refuses_what_it_cannot_hold():
    checked = 0
    for model in validation._project_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DecimalField):
                limit = D(10) ** min(field.max_digits - field.decimal_places, 15)
                assert validation.field_problems(model, field.name, limit), (model, field.name)
                checked += 1
            elif isinstance(field, models.IntegerField) and not field.primary_key:
                high = validation.integer_limits(field)[1]
                assert validation.field_problems(model, field.name, high + 1), (model, field.name)
                checked += 1
    assert checked > 40


def test_sixteen_digit_pesos_are_refused_and_fifteen_pass():
    assert validation.field_problems(Measurement, "executed", D("9999999999999999")) == [
        "El valor es demasiado grande: debe ser menor que 1.000.000.000.000.000."
    ]
    assert validation.field_problems(Measurement, "executed", D("999999999999999.9999")) == []


@pytest.mark.parametrize(
    ("weights", "ok", "note"),
    [
        ([D("33.33")] * 3, True, True),
        ([D("47.57"), D("47.57"), D("4.85")], True, True),
        ([D(50), D(50)], True, False),
        ([D(30), D(30)], False, False),
        ([D(45), D(45)], False, False),
        ([D("33.33"), D("33.33")], False, False),
    ],
)
def test_weights_sum_to_the_declared_total_within_rounding(weights, ok, note):
    check = validation.weight_sum_check(weights)
    assert check.ok is ok
    assert bool(check.note) is note
    assert bool(check.message) is (not ok)


def test_weights_are_checked_only_under_all_indicators_of_the_year():
    links = [validation.LinkRow("a", 1, 2020, D(30)), validation.LinkRow("b", 1, 2020, D(30))]
    assert [p.code for p in validation.structure_problems("all_of_year", links, [], [])] == [
        "weights_sum"
    ]
    assert validation.structure_problems("programmed_at_cutoff", links, [], []) == []


def test_a_programmed_indicator_of_a_year_with_a_cutoff_needs_its_weight():
    links = [validation.LinkRow("a", 1, 2020, D(100))]
    programmed = [("a", 2020, D(5)), ("b", 2020, D(5)), ("b", 2021, D(5)), ("c", 2020, D(0))]
    problems = validation.structure_problems("all_of_year", links, programmed, {2020})
    assert [(p.code, p.where) for p in problems] == [
        ("missing_weight", {"indicator": "b", "year": 2020})
    ]


def test_the_declared_total_is_checked_by_annualisation_type():
    yearly = {2020: D(25), 2021: D(50), 2022: D(25)}
    assert validation.annualisation_problems("suma", yearly, D(128)) == [
        "El total declarado (128) no coincide con el que implica la anualización y la "
        "programación anual (100)."
    ]
    assert validation.annualisation_problems("suma", yearly, D(100)) == []
    assert validation.annualisation_problems("suma", {}, D(5)) == []


def test_decreciente_is_lower_is_better_by_definition():
    assert validation.direction_problem("decreciente", "higher")
    assert validation.direction_problem("decreciente", "lower") is None
    assert validation.direction_problem("suma", "lower") is None


@pytest.fixture
def admin(db):
    client = Client()
    client.force_login(User.objects.create_superuser("raiz", "raiz@example.gov.co", None))
    return client


def test_the_admin_refuses_a_reserved_identifier_and_pages_keep_answering(seeded, admin):
    plan = Plan.objects.get(slug="pes-2024-2027")
    data = {
        "organisation": plan.organisation_id,
        "kind": "PES",
        "name": "Otro plan",
        "slug": "distrito",
        "start_year": 2024,
        "end_year": 2027,
        "indicator_set_rule": "all_of_year",
        "green_from": "90",
        "yellow_from": "70",
        "objectives-TOTAL_FORMS": 0,
        "objectives-INITIAL_FORMS": 0,
        "cutoffs-TOTAL_FORMS": 0,
        "cutoffs-INITIAL_FORMS": 0,
    }
    response = admin.post("/admin/plan/plan/add/", data)
    assert response.status_code == 200
    assert "es una palabra reservada de las direcciones del sitio" in response.content.decode()
    assert not Plan.objects.filter(slug="distrito").exists()
    crawl(admin, Plan.objects.all())


def test_the_admin_refuses_a_link_to_another_plans_objective_and_a_huge_weight(seeded, admin):
    indicator = Indicator.objects.filter(plan__slug="pes-2024-2027").first()
    foreign = Objective.objects.filter(plan__slug="pei-2020-2024").first()
    own = Objective.objects.filter(plan__slug="pes-2024-2027").first()
    url = "/admin/indicators/objectivelink/add/"
    base = {"indicator": indicator.pk, "year": 2026}
    before = ObjectiveLink.objects.count()
    page = admin.post(url, {**base, "objective": foreign.pk, "weight": "10"}).content.decode()
    assert "El objetivo pertenece a otro plan" in page
    response = admin.post(url, {**base, "objective": own.pk, "weight": "10000000000"})
    assert response.status_code == 200 and response.context["adminform"].form.errors["weight"]
    assert ObjectiveLink.objects.count() == before
    crawl(admin, Plan.objects.all())
