"""«Cuatro ojos» for risk follow-ups: whoever reported one does not approve it."""

from risks.models import FollowUp, RiskCutoff
from risks.tests.factories import planning_user
from risks.tests.test_views import follow_up_post, own_risk


def reported_by_planning(register, client_as):
    risk = own_risk(register)
    cutoff = RiskCutoff.objects.filter(organisation=risk.organisation).latest("date")
    client_as("planning").post(f"/riesgos/{risk.pk}/seguimiento/{cutoff.pk}/", follow_up_post())
    return FollowUp.objects.get(risk=risk, cutoff=cutoff)


def test_the_reporter_of_a_follow_up_does_not_approve_it(register, client_as):
    follow_up = reported_by_planning(register, client_as)
    review = f"/riesgos/seguimiento/{follow_up.pk}/revision/"
    response = client_as("planning").post(review, {"decision": "approved", "review_notes": ""})
    assert response.status_code == 200
    assert "Quien envió el reporte no puede aprobarlo" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.status == "submitted"


def test_another_planner_approves_and_with_four_eyes_off_the_history_says_so(
    register, client, client_as, settings
):
    follow_up = reported_by_planning(register, client_as)
    review = f"/riesgos/seguimiento/{follow_up.pk}/revision/"
    client.force_login(planning_user("planeacion-2"))
    assert client.post(review, {"decision": "approved", "review_notes": ""}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "approved"
    second = reported_by_planning(register, client_as)
    assert second.pk == follow_up.pk and second.status == "submitted"
    settings.FOUR_EYES = False
    client_as("planning").post(review, {"decision": "approved", "review_notes": ""})
    second.refresh_from_db()
    assert second.status == "approved"
    reason = second.history.order_by("-history_id").first().history_change_reason
    assert reason == "Aprobado por quien lo envió: «cuatro ojos» desactivado (FOUR_EYES)."
