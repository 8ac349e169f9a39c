"""The review workflow: allowed moves, forbidden ones, and what each leaves in the database."""

from decimal import Decimal as D

import pytest

from indicators.models import Measurement
from plan.models import CutoffEvent, Snapshot
from reporting import services, workflow
from reporting.services import MeasurementInput
from reporting.workflow import Actor, TransitionError
from tests.factories import confirm_all

PLANNING = Actor(planning=True)
OWN = Actor(unit_reporter=True)
OTHER = Actor()


# --- Pure rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action, current, actor, expected",
    [
        ("save", None, OWN, "draft"),
        ("submit", None, OWN, "submitted"),
        ("submit", "draft", OWN, "submitted"),
        ("submit", "returned", OWN, "submitted"),
        ("save", "approved", PLANNING, "draft"),
        ("approve", "submitted", PLANNING, "approved"),
    ],
)
def test_allowed_measurement_moves(action, current, actor, expected):
    assert workflow.measurement_transition(action, current, "open", actor) == expected


@pytest.mark.parametrize(
    "action, current, cutoff, actor, message",
    [
        ("submit", None, "open", OTHER, "Solo la dependencia responsable"),
        ("submit", "submitted", "open", OWN, "ya fue enviado"),
        ("save", "approved", "open", OWN, "ya fue aprobado"),
        ("approve", "submitted", "open", OWN, "Solo la Oficina Asesora"),
        ("approve", "draft", "open", PLANNING, "Solo se aprueba un reporte enviado"),
        ("return", "draft", "open", PLANNING, "Solo se devuelve"),
        ("submit", None, "closed", PLANNING, "El corte está cerrado"),
        ("submit", None, "published", PLANNING, "ya fue publicado"),
    ],
)
def test_forbidden_measurement_moves(action, current, cutoff, actor, message):
    with pytest.raises(TransitionError, match=message):
        workflow.measurement_transition(action, current, cutoff, actor)


def test_returning_needs_a_comment():
    with pytest.raises(TransitionError, match="Escriba un comentario"):
        workflow.measurement_transition("return", "submitted", "open", PLANNING, comment="  ")
    assert (
        workflow.measurement_transition("return", "submitted", "open", PLANNING, "Falta soporte")
        == "returned"
    )


@pytest.mark.parametrize(
    "action, current, kwargs, message",
    [
        ("close", "open", {"planning": False}, "Solo la Oficina Asesora"),
        ("close", "closed", {"planning": True}, "Solo se cierra un corte abierto"),
        ("close", "open", {"planning": True, "missing": 2}, "Hay 2 indicadores programados"),
        (
            "close",
            "open",
            {"planning": True, "missing": 2, "override": True},
            "Hay 2 indicadores",
        ),
        ("publish", "open", {"planning": True}, "Solo se publica un corte cerrado"),
        (
            "publish",
            "closed",
            {"planning": True, "published_before": True},
            "motivo de la corrección",
        ),
        ("reopen", "open", {"planning": True, "reason": "x"}, "ya está abierto"),
        ("reopen", "published", {"planning": True}, "motivo para reabrir"),
    ],
)
def test_forbidden_cutoff_moves(action, current, kwargs, message):
    with pytest.raises(TransitionError, match=message):
        workflow.cutoff_transition(action, current, **kwargs)


def test_closing_with_missing_reports_needs_override_and_reason():
    assert (
        workflow.cutoff_transition(
            "close", "open", planning=True, missing=2, override=True, reason="Sin información"
        )
        == "closed"
    )


@pytest.mark.parametrize(
    "progress, analysis, message",
    [
        (D("60"), "", "explique el rezago (60,00 %)"),
        (D("266.67"), "", "explique la sobre-ejecución (266,67 %)"),
        (D("100"), "", None),
        (D("60"), "Se subsanará en abril.", None),
        (None, "", None),
    ],
)
def test_the_analysis_is_required_below_or_above_100(progress, analysis, message):
    problem = workflow.analysis_problem(progress, analysis)
    assert (problem is None) if message is None else (message in problem)


# --- Services on the seed data --------------------------------------------------------------


def value_input(executed, analysis=""):
    return MeasurementInput(executed=D(executed), analysis=analysis)


def test_a_reporter_submits_and_planning_approves(people, returned_4200):
    cutoff, indicator = people.cutoff, people.i4200
    m = services.save_measurement(
        cutoff, indicator, people.reporter_a, value_input("0.05"), workflow.SUBMIT
    )
    assert (m.status, m.executed, m.submitted_by) == ("submitted", D("0.05"), people.reporter_a)
    m = services.review_measurement(m, people.planner, workflow.APPROVE)
    assert (m.status, m.reviewed_by) == ("approved", people.planner)


def test_a_reporter_of_another_unit_cannot_report_and_nothing_changes(people, returned_4200):
    before = Measurement.objects.get(pk=returned_4200.pk)
    with pytest.raises(TransitionError):
        services.save_measurement(
            people.cutoff, people.i4200, people.reporter_b, value_input("0.05"), workflow.SUBMIT
        )
    with pytest.raises(TransitionError):
        services.save_measurement(
            people.cutoff, people.i4200, people.director, value_input("0.05"), workflow.SAVE
        )
    after = Measurement.objects.get(pk=returned_4200.pk)
    assert (
        (after.executed, after.status)
        == (before.executed, before.status)
        == (
            D("0.03"),
            "returned",
        )
    )


def test_values_are_locked_after_publication(people):
    # the seed cutoff is published
    with pytest.raises(TransitionError, match="ya fue publicado"):
        services.save_measurement(
            people.cutoff, people.i4200, people.planner, value_input("0.05"), workflow.SAVE
        )
    assert Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4200).executed == D(
        "0.03"
    )


def test_closing_needs_every_programmed_indicator_approved_or_an_override(people, returned_4200):
    with pytest.raises(TransitionError, match="Hay 1 indicadores programados"):
        services.close_cutoff(people.cutoff, people.planner)
    people.cutoff.refresh_from_db()
    assert people.cutoff.status == "open"
    event = services.close_cutoff(
        people.cutoff, people.planner, override=True, reason="La dependencia no respondió"
    )
    assert (event.from_status, event.to_status, event.override, event.missing) == (
        "open",
        "closed",
        True,
        1,
    )


def test_reopen_and_publish_again_creates_version_2_with_the_reason(people, returned_4200):
    services.save_measurement(
        people.cutoff, people.i4200, people.reporter_a, value_input("0.05"), workflow.SUBMIT
    )
    m = Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4200)
    services.review_measurement(m, people.planner, workflow.APPROVE)
    services.close_cutoff(people.cutoff, people.planner)
    with pytest.raises(TransitionError, match="motivo de la corrección"):
        services.publish_cutoff(people.cutoff, people.planner)
    event = services.publish_cutoff(
        people.cutoff, people.planner, "Corrección de la meta 2276", confirm_all(people.cutoff)
    )
    assert event.snapshot.version == 2
    assert event.snapshot.reason == "Corrección de la meta 2276"
    seven = next(o for o in event.snapshot.payload["objectives"] if o["number"] == 7)
    assert D(seven["compliance"]) == D(100)
    first = Snapshot.objects.get(cutoff=people.cutoff, version=1)
    seven = next(o for o in first.payload["objectives"] if o["number"] == 7)
    assert D(seven["compliance"]) == D(60)
    actions = list(CutoffEvent.objects.filter(cutoff=people.cutoff).values_list("action", "reason"))
    assert actions == [
        ("reopen", "Corrección del reporte de la meta 2276"),
        ("close", ""),
        ("publish", "Corrección de la meta 2276"),
    ]


def test_only_approved_measurements_count_in_a_publication(people, returned_4200):
    """A submitted value is not a figure of the plan yet: publishing with an override leaves
    4200 out, and as a programmed indicator without a report it counts 0 % in objective 7."""
    services.save_measurement(
        people.cutoff, people.i4200, people.reporter_a, value_input("0.05"), workflow.SUBMIT
    )
    services.close_cutoff(people.cutoff, people.planner, override=True, reason="Plazo vencido")
    event = services.publish_cutoff(
        people.cutoff, people.planner, "Publicación sin 4200", confirm_all(people.cutoff)
    )
    seven = next(o for o in event.snapshot.payload["objectives"] if o["number"] == 7)
    assert D(seven["compliance"]) == D(0)


def test_reopening_needs_planning_and_a_reason(people):
    with pytest.raises(TransitionError, match="Solo la Oficina Asesora"):
        services.reopen_cutoff(people.cutoff, people.director, "Quiero corregir")
    with pytest.raises(TransitionError, match="motivo para reabrir"):
        services.reopen_cutoff(people.cutoff, people.planner, " ")
    people.cutoff.refresh_from_db()
    assert people.cutoff.status == "published"
    assert not CutoffEvent.objects.filter(cutoff=people.cutoff).exists()
