"""Internal pages: who may see and change what, and what the pages compute."""

from decimal import Decimal as D

import pytest
from django.contrib.auth.models import User

from risks.choices import FollowUpStatus
from risks.models import Assessment, FollowUp, Risk, RiskCutoff

ROLES = [
    "anonymous",
    "other_unit",
    "own_unit",
    "director",
    "planning",
    "director_member",
    "promoted",
    "planning_member",
]
# Overlapping roles get what the role they write with gets (plan.permissions).
SAME_AS = {"director_member": "director", "promoted": "director", "planning_member": "planning"}


def own_risk(register):
    """The first risk, which belongs to unit A (the "own unit" reporter's)."""
    _organisation, units, risks = register
    assert risks[0].responsible_unit == units[0]
    return risks[0]


def urls(register):
    risk = own_risk(register)
    cutoff = RiskCutoff.objects.filter(organisation=risk.organisation).earliest("date")
    follow_up = FollowUp.objects.get(risk=risk, cutoff=cutoff)
    return {
        "read": [
            "/riesgos/",
            "/riesgos/alertas/",
            "/riesgos/registro/",
            f"/riesgos/{risk.pk}/",
            "/riesgos/seguimiento/",
            "/riesgos/registro/exportar/",
        ],
        "planning": [
            "/riesgos/registro/nuevo/",
            f"/riesgos/{risk.pk}/editar/",
            f"/riesgos/{risk.pk}/valoracion/",
            "/riesgos/registro/importar/",
            f"/riesgos/seguimiento/{follow_up.pk}/revision/",
        ],
        "unit": [
            f"/riesgos/{risk.pk}/plan-de-accion/",
            f"/riesgos/{risk.pk}/seguimiento/{cutoff.pk}/",
        ],
        "public": [
            "/riesgos/corrupcion/",
            "/riesgos/corrupcion/datos.csv",
            "/riesgos/metodologia/",
        ],
    }


EXPECTED = {
    "read": {
        "anonymous": 302,
        "other_unit": 200,
        "own_unit": 200,
        "director": 200,
        "planning": 200,
    },
    "planning": {
        "anonymous": 302,
        "other_unit": 403,
        "own_unit": 403,
        "director": 403,
        "planning": 200,
    },
    "unit": {
        "anonymous": 302,
        "other_unit": 404,
        "own_unit": 200,
        "director": 404,
        "planning": 200,
    },
    "public": dict.fromkeys(ROLES, 200),
}
for _expected in EXPECTED.values():
    _expected.update({role: _expected[same] for role, same in SAME_AS.items()})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("group", ["read", "planning", "unit", "public"])
def test_each_role_gets_what_it_may(register, client_as, role, group):
    client = client_as(role)
    for url in urls(register)[group]:
        response = client.get(url)
        assert response.status_code == EXPECTED[group][role], (url, role)
        if response.status_code == 302:
            assert response["Location"].startswith("/cuenta/login/")


def test_a_signed_in_user_without_a_role_sees_no_internal_page(register, client):
    client.force_login(User.objects.create_user("ciudadano"))
    assert client.get("/riesgos/").status_code == 403
    assert client.get("/riesgos/corrupcion/").status_code == 200


def assessment_post(risk, **extra):
    data = {
        "exposure_frequency": "100",
        "reputational_impact": "4",
        "economic_impact_smlmv": "",
        "controles-TOTAL_FORMS": "2",
        "controles-INITIAL_FORMS": "0",
        "controles-MIN_NUM_FORMS": "0",
        "controles-MAX_NUM_FORMS": "1000",
    }
    for k, kind in enumerate(["preventive", "detective"]):
        data.update(
            {
                f"controles-{k}-order": str(k + 1),
                f"controles-{k}-description": f"Control {kind}",
                f"controles-{k}-responsible": "Líder",
                f"controles-{k}-control_type": kind,
                f"controles-{k}-implementation": "manual",
                f"controles-{k}-documentation": "documented",
                f"controles-{k}-frequency": "continuous",
                f"controles-{k}-evidence": "recorded",
            }
        )
    data.update(extra)
    return data


def management_risk(register):
    _organisation, _units, risks = register
    risk = next(r for r in risks if r.kind == "management")
    risk.controls.all().delete()
    return risk


def test_the_planning_office_assesses_the_worked_example(register, client_as):
    risk = management_risk(register)
    response = client_as("planning").post(f"/riesgos/{risk.pk}/valoracion/", assessment_post(risk))
    assert response.status_code == 302
    stored = Assessment.objects.get(risk=risk)
    assert stored.inherent_probability.name == "Media" and stored.inherent_impact.name == "Mayor"
    assert stored.residual_probability_value == D("25.2")
    assert stored.residual_probability.name == "Baja"
    assert stored.residual_zone == "high"
    steps = [
        (s["order"], D(s["score"]), D(s["before"]), D(s["after"])) for s in stored.control_steps
    ]
    assert steps == [(1, D(40), D(60), D(36)), (2, D(30), D(36), D("25.2"))]
    assert stored.assessed_by.username == "planeacion"
    page = client_as("planning").get(f"/riesgos/{risk.pk}/").content.decode()
    assert "25,20%" in page and "Alto" in page
    change = stored.history.latest()  # the audit trail names who changed it
    assert (change.history_type, change.history_user.username) == ("~", "planeacion")


def test_an_impossible_assessment_is_refused_and_nothing_is_saved(register, client_as):
    risk = management_risk(register)
    before = Assessment.objects.get(risk=risk).residual_probability_value
    data = assessment_post(risk, reputational_impact="")
    response = client_as("planning").post(f"/riesgos/{risk.pk}/valoracion/", data)
    assert response.status_code == 200
    assert "Indique la afectación económica" in response.content.decode()
    assert risk.controls.count() == 0
    assert Assessment.objects.get(risk=risk).residual_probability_value == before


def risk_post(risk, **changes):
    data = {
        "year": str(risk.year),
        "code": risk.code,
        "kind": risk.kind,
        "name": risk.name,
        "impact_description": "",
        "immediate_cause": "",
        "root_cause": "",
        "process": str(risk.process_id or ""),
        "investment_project": str(risk.investment_project_id or ""),
        "responsible_unit": str(risk.responsible_unit_id),
        "treatment": "accept",
        "treatment_justification": "",
    }
    data.update(changes)
    return data


def test_a_corruption_risk_cannot_be_accepted(register, client_as):
    _organisation, _units, risks = register
    risk = next(r for r in risks if r.kind == "corruption")
    before = risk.treatment
    response = client_as("planning").post(f"/riesgos/{risk.pk}/editar/", risk_post(risk))
    assert response.status_code == 200
    assert "Un riesgo de corrupción no puede aceptarse" in response.content.decode()
    risk.refresh_from_db()
    assert risk.treatment == before != "accept"


@pytest.mark.parametrize(("zone", "accepted"), [("moderate", True), ("high", False)])
def test_a_management_risk_is_accepted_only_in_low_or_moderate_zones(
    register, client_as, zone, accepted
):
    risk = management_risk(register)
    Assessment.objects.filter(risk=risk).update(residual_zone=zone)
    response = client_as("planning").post(f"/riesgos/{risk.pk}/editar/", risk_post(risk))
    risk.refresh_from_db()
    assert (risk.treatment == "accept") is accepted
    if not accepted:
        assert "Solo se aceptan riesgos de gestión cuya zona residual sea Bajo o Moderado" in (
            response.content.decode()
        )


def test_a_risk_in_a_process_and_a_project_is_refused(register, client_as):
    risk = management_risk(register)
    project = risk.organisation.investment_projects.first()
    process = risk.organisation.processes.first()
    data = risk_post(risk, process=str(process.pk), investment_project=str(project.pk))
    response = client_as("planning").post(f"/riesgos/{risk.pk}/editar/", data)
    assert "indique uno solo" in response.content.decode()


def follow_up_post():
    return {
        "controls_executed": "partial",
        "evidence": "Acta 12 del comité",
        "evidence_url": "",
        "notes": "",
    }


def test_a_reporter_reports_its_units_risk_and_planning_reviews_it(register, client_as, users):
    risk = own_risk(register)
    cutoff = RiskCutoff.objects.filter(organisation=risk.organisation).latest("date")
    url = f"/riesgos/{risk.pk}/seguimiento/{cutoff.pk}/"
    assert client_as("own_unit").post(url, follow_up_post()).status_code == 302
    follow_up = FollowUp.objects.get(risk=risk, cutoff=cutoff)
    assert follow_up.status == FollowUpStatus.SUBMITTED
    assert follow_up.reported_by == users["own_unit"]
    review = f"/riesgos/seguimiento/{follow_up.pk}/revision/"
    response = client_as("planning").post(review, {"decision": "returned", "review_notes": ""})
    assert "Explique qué debe ajustarse." in response.content.decode()
    client_as("planning").post(review, {"decision": "approved", "review_notes": ""})
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.APPROVED
    assert follow_up.reviewed_by == users["planning"]
    # Approved: the reporter can no longer change it.
    assert client_as("own_unit").post(url, follow_up_post()).status_code == 403
    assert follow_up.history.count() == 2


def test_other_units_and_directors_cannot_report(register, client_as):
    risk = own_risk(register)
    cutoff = RiskCutoff.objects.filter(organisation=risk.organisation).latest("date")
    url = f"/riesgos/{risk.pk}/seguimiento/{cutoff.pk}/"
    for role in ("other_unit", "director", "director_member", "promoted"):
        assert client_as(role).post(url, follow_up_post()).status_code == 404
    assert not FollowUp.objects.filter(risk=risk, cutoff=cutoff).exists()


@pytest.mark.parametrize("role", ["director_member", "promoted"])
def test_a_directivo_member_of_the_unit_cannot_write_the_action_plan(register, client_as, role):
    """Issue 14, finding 1: dir2 (Directivo, member of the unit) got 302 «saved» here."""
    risk = own_risk(register)
    before = list(risk.actions.values_list("id", "description"))
    data = {
        "actividades-TOTAL_FORMS": "1",
        "actividades-INITIAL_FORMS": "0",
        "actividades-MIN_NUM_FORMS": "0",
        "actividades-MAX_NUM_FORMS": "1000",
        "actividades-0-description": "Actividad de un directivo",
        "actividades-0-responsible": "Directivo",
        "actividades-0-start_date": "2025-02-01",
        "actividades-0-end_date": "2025-12-31",
        "actividades-0-progress": "0",
    }
    response = client_as(role).post(f"/riesgos/{risk.pk}/plan-de-accion/", data)
    assert response.status_code == 404
    assert list(risk.actions.values_list("id", "description")) == before
    # The same request from a planner who is a member of the unit is saved.
    assert (
        client_as("planning_member").post(f"/riesgos/{risk.pk}/plan-de-accion/", data).status_code
        == 302
    )
    assert risk.actions.filter(description="Actividad de un directivo").exists()


def test_a_planner_member_of_a_unit_reports_any_units_risk(register, client_as, users):
    _organisation, _units, risks = register
    other = risks[1]  # unit B's
    cutoff = RiskCutoff.objects.filter(organisation=other.organisation).latest("date")
    url = f"/riesgos/{other.pk}/seguimiento/{cutoff.pk}/"
    assert client_as("planning_member").post(url, follow_up_post()).status_code == 302
    assert FollowUp.objects.get(risk=other, cutoff=cutoff).reported_by == users["planning_member"]


def test_a_closed_cutoff_is_read_only_for_reporters(register, client_as):
    risk = own_risk(register)
    cutoff = RiskCutoff.objects.filter(organisation=risk.organisation).latest("date")
    RiskCutoff.objects.filter(pk=cutoff.pk).update(status="closed")
    url = f"/riesgos/{risk.pk}/seguimiento/{cutoff.pk}/"
    assert client_as("own_unit").post(url, follow_up_post()).status_code == 403
    assert client_as("planning").post(url, follow_up_post()).status_code == 302


def test_reducing_needs_an_activity_in_the_action_plan(register, client_as):
    risk = own_risk(register)
    risk.actions.all().delete()
    Risk.objects.filter(pk=risk.pk).update(treatment="reduce")
    data = {
        "actividades-TOTAL_FORMS": "1",
        "actividades-INITIAL_FORMS": "0",
        "actividades-MIN_NUM_FORMS": "0",
        "actividades-MAX_NUM_FORMS": "1000",
        "actividades-0-progress": "0",  # the empty form as the browser sends it
    }
    response = client_as("own_unit").post(f"/riesgos/{risk.pk}/plan-de-accion/", data)
    assert "necesita al menos una actividad" in response.content.decode()
    data.update(
        {
            "actividades-0-description": "Capacitar al equipo",
            "actividades-0-responsible": "Dirección",
            "actividades-0-start_date": "2025-02-01",
            "actividades-0-end_date": "2025-01-01",
            "actividades-0-progress": "10",
        }
    )
    response = client_as("own_unit").post(f"/riesgos/{risk.pk}/plan-de-accion/", data)
    assert "anterior a la de inicio" in response.content.decode()
    data["actividades-0-end_date"] = "2025-12-31"
    assert (
        client_as("own_unit").post(f"/riesgos/{risk.pk}/plan-de-accion/", data).status_code == 302
    )
    assert risk.actions.get().progress == D(10)


def test_clicking_a_cell_lists_its_risks(register, client_as):
    _organisation, _units, risks = register
    stored = Assessment.objects.filter(risk__in=risks).select_related(
        "residual_probability", "residual_impact"
    )
    target = stored[0]
    cell = (target.residual_probability.position, target.residual_impact.position)
    in_cell = {
        a.risk.code
        for a in stored
        if (a.residual_probability.position, a.residual_impact.position) == cell
    }
    response = client_as("director").get(
        "/riesgos/", {"vigencia": "2025", "celda": f"residual-{cell[0]}-{cell[1]}"}
    )
    page = response.content.decode()
    listed = {r.code for r in response.context["cell_risks"]}
    assert listed == in_cell
    for code in in_cell:
        assert f">{code}</a>" in page


def test_the_dashboard_prints_seed_001s_totals(seeded, client_as):
    response = client_as("director").get("/riesgos/", {"vigencia": "2024", "entidad": "SG"})
    table = response.context["owner_table"]
    assert (table.corruption, table.management, table.total) == (20, 68, 88)
    assert "88 aún no tienen valoración" in response.content.decode()
    assert len(table.rows) == 17  # the report's processes and project, fewest risks first
    assert [r.total for r in table.rows] == sorted(r.total for r in table.rows)


def test_across_entities_the_dashboard_prints_totals_not_every_process(seeded, client_as):
    response = client_as("director").get("/riesgos/", {"vigencia": "2024"})
    assert response.context["owner_table"] is None
    counts = response.context["counts"]
    assert (counts.corruption, counts.management, counts.unassessed) == (20, 68, 88)
    assert "88 riesgos: 20 de corrupción y 68 de gestión." in response.content.decode()


def test_alerts_list_high_risks_without_plan_and_overdue_follow_ups(register, client_as):
    _organisation, _units, risks = register
    client = client_as("director")
    response = client.get("/riesgos/alertas/", {"vigencia": "2025"})
    assert response.context["shown"] == "sin-plan"
    flagged = {row["code"]: row["reason"] for row in response.context["page"].object_list}
    # Every other risk has an activity ending 30/11/2025, which has passed.
    expected = {
        r.code: "plan_expired" if r.actions.exists() else "no_plan"
        for r in Risk.objects.filter(
            pk__in=[x.pk for x in risks], assessment__residual_zone__in=["high", "extreme"]
        )
    }
    assert flagged == expected and "no_plan" in flagged.values()
    response = client.get("/riesgos/alertas/", {"vigencia": "2025", "lista": "vencidos"})
    assert response.context["shown"] == "vencidos"
    overdue = response.context["page"].object_list
    # The factory reports every other risk at the first cutoff; 2025's deadlines have passed.
    first = RiskCutoff.objects.filter(organisation=risks[0].organisation).earliest("date")
    missing_first = {r["code"] for r in overdue if r["cutoff_id"] == first.id}
    assert missing_first == {r.code for k, r in enumerate(risks) if k % 2}
    assert len(overdue) == len(risks) // 2 + 2 * len(risks)


@pytest.mark.parametrize(
    "language, heading, none_left, badge",
    [
        (
            "es",
            "Riesgos en zona residual «Alto» o «Extremo» sin plan",
            "«Alto» o «Extremo» está",
            "Extremo",
        ),
        (
            "en",
            "Risks in the “High” or “Extreme” residual zone",
            "“High” or “Extreme” residual",
            "Extreme",
        ),
    ],
)
def test_the_alerts_name_the_zones_as_their_badges_do(
    register, client_as, language, heading, none_left, badge
):
    """The zones are «Bajo», «Moderado», «Alto», «Extremo» (RiskZone): the headings of the
    alerts say those names, not «Alta o Extrema», in both languages."""
    client = client_as("director")
    client.cookies["django_language"] = language
    flagged = client.get("/riesgos/alertas/", {"vigencia": "2025"}).content.decode()
    assert heading in flagged and f'">{badge}</span>' in flagged
    none = client.get("/riesgos/alertas/", {"vigencia": "2031"}).content.decode()
    assert none_left in none
    assert "Alta o Extrema" not in flagged + none and "High or Extreme" not in flagged + none


def test_the_risk_sheet_warns_when_a_reassessment_makes_the_treatment_invalid(register, client_as):
    risk = management_risk(register)
    Risk.objects.filter(pk=risk.pk).update(treatment="accept")
    Assessment.objects.filter(risk=risk).update(residual_zone="extreme")
    page = client_as("director").get(f"/riesgos/{risk.pk}/").content.decode()
    assert "El tratamiento ya no cumple la metodología" in page
    assert "este está en Extremo" in page


def test_a_new_risk_is_created_in_its_owners_organisation_and_codes_are_unique(register, client_as):
    organisation, units, risks = register
    process = organisation.processes.first()
    data = {
        "year": "2025",
        "code": "NUEVO-1",
        "kind": "management",
        "name": "Posibilidad de perder expedientes por falta de digitalización",
        "process": str(process.pk),
        "investment_project": "",
        "responsible_unit": str(units[0].pk),
        "treatment": "",
    }
    client = client_as("planning")
    assert client.post("/riesgos/registro/nuevo/", data).status_code == 302
    created = Risk.objects.get(code="NUEVO-1")
    assert created.organisation == organisation and not created.placeholder
    response = client.post("/riesgos/registro/nuevo/", data)
    assert "Ya hay un riesgo con este código en esa vigencia." in response.content.decode()
    response = client.post("/riesgos/registro/nuevo/", {**data, "code": "NUEVO-2", "process": ""})
    assert "indique uno solo" in response.content.decode()
    response = client.post(
        "/riesgos/registro/nuevo/", {**data, "code": "NUEVO-3", "responsible_unit": ""}
    )
    assert "Este campo es obligatorio." in response.content.decode()


@pytest.mark.parametrize(
    "language, caption, pages",
    [("es", "6.600 riesgos", "Página 1 de 132"), ("en", "6,600 risks", "Page 1 of 132")],
)
def test_the_registers_counts_are_written_as_numbers_are(
    register, client_as, monkeypatch, language, caption, pages
):
    """A district's register (6.600 risks at L) says its count and pages with the thousands
    separator of the page's language, as every other figure."""
    from django.core.paginator import Paginator

    monkeypatch.setattr(Paginator, "count", 6600)
    client = client_as("director")
    client.cookies["django_language"] = language
    page = client.get("/riesgos/registro/").content.decode()
    assert caption in page and pages in page
