"""«Cuatro ojos» (issue 14, finding 6): whoever submitted a report does not approve it. The
rule lives in the review services, so every review (one by one, in bulk, by command) has it;
with FOUR_EYES off the approval goes through and the history says so."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from indicators.models import Measurement
from plan.roles import PLANNING
from reporting import services, workflow
from reporting.services import MeasurementInput
from reporting.tests.conftest import login, make_user
from reporting.timeline import cutoff_timeline


@pytest.fixture
def self_submitted(people, open_cutoff):
    """4075 (unit B) submitted by the planning office itself."""
    return services.save_measurement(
        open_cutoff,
        people.i4075,
        people.planner,
        MeasurementInput(executed=Decimal("8"), analysis="Meta superada"),
        workflow.SUBMIT,
    )


def test_a_planner_does_not_approve_the_report_they_submitted(client, people, self_submitted):
    """The exact request that succeeded: the submitter POSTs «approve» on their own report."""
    response = login(client, people.planner).post(
        f"/reporte/mediciones/{self_submitted.id}/revisar/", {"action": "approve"}, follow=True
    )
    assert "Quien envió el reporte no puede aprobarlo" in response.content.decode()
    assert Measurement.objects.get(pk=self_submitted.pk).status == "submitted"


def test_the_service_refuses_it_too_so_bulk_reviews_inherit_the_rule(people, self_submitted):
    with pytest.raises(workflow.TransitionError, match="cuatro ojos"):
        services.review_measurement(self_submitted, people.planner, workflow.APPROVE)
    # Returning one's own submission is not an approval: allowed.
    returned = services.review_measurement(
        self_submitted, people.planner, workflow.RETURN, "Corrijo la cifra"
    )
    assert returned.status == "returned"


def test_another_planner_approves_it(people, self_submitted):
    second = make_user("planeacion_2", PLANNING)
    approved = services.review_measurement(self_submitted, second, workflow.APPROVE)
    assert approved.status == "approved" and approved.reviewed_by == second


def test_with_four_eyes_off_the_history_says_so(settings, people, self_submitted):
    settings.FOUR_EYES = False
    approved = services.review_measurement(self_submitted, people.planner, workflow.APPROVE)
    assert approved.status == "approved"
    notes = [e.note for e in cutoff_timeline(people.cutoff) if e.model == "Medición"]
    assert "Aprobado por quien lo envió: «cuatro ojos» desactivado (FOUR_EYES)." in notes


def test_a_superuser_is_held_to_it_as_well(people, open_cutoff):
    boss = make_user("jefe", is_superuser=True)
    boss.groups.add(Group.objects.get(name=PLANNING))
    measurement = services.save_measurement(
        open_cutoff,
        people.i4075,
        boss,
        MeasurementInput(executed=Decimal("8")),
        workflow.SUBMIT,
    )
    with pytest.raises(workflow.TransitionError):
        services.review_measurement(measurement, boss, workflow.APPROVE)
