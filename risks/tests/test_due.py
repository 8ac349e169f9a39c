"""Every write path keeps what risks.due stores of each risk (its heat-map cells, the end of
its plan when high or extreme, its pending follow-ups) equal to what it stands for,
recomputed here in Python from every row."""

import datetime
from importlib import import_module
from unittest import mock

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory

from plan.models import Organisation
from risks import due
from risks.choices import FollowUpStatus
from risks.due import PendingFollowUp
from risks.methodology import ensure_installed
from risks.models import ActionActivity, Assessment, FollowUp, Risk, RiskCutoff
from risks.services import create_cutoffs, review_follow_up
from risks.tests.factories import make_register, planning_user, reporter_user

D = datetime.date


def expected(risk: Risk) -> tuple:
    """What risks.due stores of ``risk``, computed in Python from every row: its columns
    (``due.STORED``) and its pending follow-ups (cutoff, organisation, deadline, returned)."""
    levels = [level.split("__")[0] for level in due.MAP_FIELDS.values()]
    a = Assessment.objects.filter(risk=risk).select_related(*levels).first()
    followed = a is not None and not risk.placeholder
    status = {f.cutoff_id: f.status for f in FollowUp.objects.filter(risk=risk)}
    pending = sorted(
        (c.id, risk.organisation_id, c.date, c.deadline, status.get(c.id) == "returned")
        for c in RiskCutoff.objects.filter(organisation_id=risk.organisation_id)
        if followed and c.date.year == risk.year and status.get(c.id, "returned") == "returned"
    )
    ends = [x.end_date for x in ActionActivity.objects.filter(risk=risk)]
    in_zone = followed and a.residual_zone in due.ALERT_ZONES
    cells = [None if a is None else getattr(a, level).position for level in levels]
    plan_end = max(ends, default=due.NO_PLAN) if in_zone else None
    return (plan_end, *cells, pending)


def stored(risk: Risk) -> tuple:
    pending = sorted(
        PendingFollowUp.objects.filter(risk=risk).values_list(
            "cutoff_id", "organisation_id", "cutoff_date", "deadline", "returned"
        )
    )
    return (*[getattr(risk, f) for f in due.STORED], pending)


def first_due(risk: Risk):
    return min((p.deadline for p in PendingFollowUp.objects.filter(risk=risk)), default=None)


def assert_current():
    risks = list(Risk.objects.order_by("id"))
    assert risks, "no risks to check"
    assert [(r.id, *stored(r)) for r in risks] == [(r.id, *expected(r)) for r in risks]
    assert not PendingFollowUp.objects.exclude(risk__in=risks).exists()


def cutoffs_of(risk) -> list[RiskCutoff]:
    return list(RiskCutoff.objects.filter(organisation=risk.organisation).order_by("date"))


def report(risk, cutoff, status=FollowUpStatus.SUBMITTED) -> FollowUp:
    return FollowUp.objects.create(
        risk=risk, cutoff=cutoff, controls_executed="yes", evidence="Actas", status=status
    )


@pytest.fixture
def two(db):
    """Two registers of 2025 (every other risk reported at the first cutoff) and one of 2024
    without cutoffs."""
    first = make_register(4)
    make_register(3)
    make_register(2, year=2024, cutoffs=False)
    return first


def test_the_factories_and_the_migration_fill_it(two):
    assert_current()
    _org, _units, risks = two
    first, second, _third = cutoffs_of(risks[0])
    assert first_due(risks[0]) == second.deadline  # reported first
    assert first_due(risks[1]) == first.deadline
    Risk.objects.update(**{field: None for field in due.STORED})
    PendingFollowUp.objects.all().delete()
    due.refresh(Risk.objects.all())  # what migration 0005 runs
    assert_current()


def test_the_migration_fills_each_pending_rows_organisation(two):
    """Migration 0007 recomputes the pending rows with the models of its state: each gets its
    risk's organisation (the overdue list walks the entities to them: risks.alerts)."""
    fill = import_module("risks.migrations.0007_fill_pending_follow_up_entity").fill
    PendingFollowUp.objects.all().delete()
    fill(MigrationExecutor(connection).loader.project_state().apps, None)
    assert_current()
    pending = PendingFollowUp.objects.select_related("risk")
    assert pending and all(p.organisation_id == p.risk.organisation_id for p in pending)


def test_a_new_risk_and_a_change_of_year_or_organisation(two):
    org, units, risks = two
    risk = Risk.objects.create(
        organisation=org,
        year=2025,
        code="NEW-1",
        kind="management",
        name="Posibilidad de pérdida",
        process=risks[1].process,
        responsible_unit=units[0],
    )
    assert_current()
    assert first_due(risk) is None  # not assessed: not followed
    risk.year = 2024  # no cutoffs that year
    risk.save()
    assert_current()
    risk.year = 2025
    risk.save()
    other = RiskCutoff.objects.exclude(organisation=org).values_list("organisation", flat=True)
    risks[0].organisation_id = other[0]
    risks[0].code = "MOVED-1"
    risks[0].save()
    assert_current()


def test_reporting_returning_and_resending_a_follow_up_through_the_pages(two, client):
    _org, units, risks = two
    risk = risks[0]  # unit A's
    second = cutoffs_of(risk)[1]
    client.force_login(reporter_user(units[0]))
    data = {"controls_executed": "yes", "evidence": "Acta", "evidence_url": "", "notes": ""}
    url = f"/riesgos/{risk.pk}/seguimiento/{second.pk}/"
    assert client.post(url, data).status_code == 302
    assert_current()
    follow_up = FollowUp.objects.get(risk=risk, cutoff=second)
    client.force_login(planning_user())
    review = f"/riesgos/seguimiento/{follow_up.pk}/revision/"
    assert client.post(review, {"decision": "returned", "review_notes": "Falta"}).status_code == 302
    assert_current()
    assert first_due(risk) == second.deadline
    client.force_login(reporter_user(units[0], "reportante-2"))
    client.post(url, data)  # sent again
    assert_current()


def test_a_review_by_the_service_and_deletes_one_by_one_or_in_bulk(two):
    _org, _units, risks = two
    first, second, third = cutoffs_of(risks[1])
    follow_up = report(risks[1], first)
    review_follow_up(follow_up, None, FollowUpStatus.RETURNED, "Falta")
    assert_current()
    report(risks[1], second)
    report(risks[1], third)
    assert_current()
    FollowUp.objects.get(risk=risks[1], cutoff=second).delete()
    assert_current()
    FollowUp.objects.filter(risk__in=risks).delete()  # the admin's bulk action
    assert_current()


def test_cutoffs_created_changed_and_deleted(two):
    org, _units, risks = two
    RiskCutoff.objects.filter(organisation=org).delete()  # cascades to their follow-ups
    assert_current()
    assert first_due(risks[0]) is None
    create_cutoffs(org, 2025, ensure_installed())  # manage.py create_risk_cutoffs
    assert_current()
    cutoff = cutoffs_of(risks[0])[0]
    cutoff.deadline = D(2025, 6, 30)
    cutoff.save()
    assert_current()
    cutoff.date = D(2024, 4, 30)  # moved to another year
    cutoff.deadline = D(2024, 5, 15)
    cutoff.save()
    assert_current()


def test_the_admin_moves_a_follow_up_to_another_risk(two):
    _org, _units, risks = two
    follow_up = FollowUp.objects.filter(risk=risks[0]).first()
    admin = site._registry[FollowUp]
    request = RequestFactory().post("/")
    request.user = planning_user("admin-planeacion")
    follow_up = FollowUp.objects.get(pk=follow_up.pk)
    follow_up.risk = risks[1]
    admin.save_model(request, follow_up, form=None, change=True)
    assert_current()


def test_the_workbook_import_fills_it(db):
    from risks import workbook as wb
    from risks.services import methodology_context
    from risks.tests.test_workbook import ACTION, book
    from risks.tests.test_workbook_forms import management, parse

    organisation, _units, _risks = make_register(0)
    n = organisation.code.removeprefix("risk-org-")
    create_cutoffs(organisation, 2026, ensure_installed())  # the example is of 2026
    result, _ctx = parse(book([management(n)], actions=[ACTION]), organisation)
    assert wb.apply_import(result, organisation, methodology_context(ensure_installed())) == (1, 0)
    assert_current()
    assert first_due(Risk.objects.get(organisation=organisation)) is not None


def test_a_failed_refresh_rolls_the_write_back(two):
    _org, _units, risks = two
    third = cutoffs_of(risks[0])[2]
    with (
        mock.patch.object(due, "refresh_risks", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        report(risks[0], third)
    assert not FollowUp.objects.filter(risk=risks[0], cutoff=third).exists()


def test_assessments_saved_by_the_service_and_deleted(two):
    from risks.services import Inputs, methodology_context, store_assessment

    _org, _units, risks = two
    ctx = methodology_context(ensure_installed())
    for risk, frequency in ((risks[1], 5000), (risks[2], 1)):  # management risks
        store_assessment(risk, ctx, Inputs(frequency, reputational=5), list(risk.controls.all()))
        assert_current()
    Assessment.objects.get(risk=risks[2]).delete()
    assert_current()
    Assessment.objects.filter(risk__in=risks).delete()
    assert_current()
    assert Risk.objects.get(pk=risks[1].pk).map_residual_impact is None


def test_a_placeholder_is_neither_followed_nor_alerted(two):
    _org, _units, risks = two
    risks[1].placeholder = True
    risks[1].save()
    assert_current()
    assert first_due(risks[1]) is None


def test_the_action_plan_page_adds_and_removes_activities(two, client):
    _org, _units, risks = two
    risk = risks[1]  # odd: one activity
    Assessment.objects.filter(risk=risk).update(residual_zone="extreme")
    due.refresh(Risk.objects.filter(pk=risk.pk))  # the line above skipped the write paths
    assert_current()
    activity = risk.actions.get()
    client.force_login(planning_user())
    form = {
        "actividades-TOTAL_FORMS": "2",
        "actividades-INITIAL_FORMS": "1",
        "actividades-MIN_NUM_FORMS": "0",
        "actividades-MAX_NUM_FORMS": "1000",
        "actividades-0-id": str(activity.pk),
        "actividades-0-description": activity.description,
        "actividades-0-responsible": activity.responsible,
        "actividades-0-start_date": "2025-02-01",
        "actividades-0-end_date": "2025-11-30",
        "actividades-0-progress": "50",
        "actividades-1-description": "Otra actividad",
        "actividades-1-responsible": "Líder",
        "actividades-1-start_date": "2025-03-01",
        "actividades-1-end_date": "2026-03-31",
        "actividades-1-progress": "0",
    }
    assert client.post(f"/riesgos/{risk.pk}/plan-de-accion/", form).status_code == 302
    assert_current()
    assert Risk.objects.get(pk=risk.pk).alert_plan_end == D(2026, 3, 31)
    form["actividades-0-DELETE"] = "on"
    form["actividades-TOTAL_FORMS"] = "1"
    client.post(f"/riesgos/{risk.pk}/plan-de-accion/", form)
    assert_current()
    ActionActivity.objects.filter(risk=risk).delete()
    assert Risk.objects.get(pk=risk.pk).alert_plan_end == due.NO_PLAN


def test_the_register_finds_a_risk_by_its_entitys_and_sectors_names_as_they_are_now(two, client_as):
    """Renamed by a save or by ``QuerySet.update()`` (no signal): nothing of the risks'
    stored columns depends on their organisation's names (plan.search_text)."""
    org, _units, risks = two
    sector = Organisation.objects.create(code="s-hac", name="Sector Hacienda", kind="sector")
    org.sector = sector
    org.save()
    Organisation.objects.filter(pk=sector.pk).update(name="Sector Movilidad Ágil")
    org.name = "Secretaría de Pruebas Únicas"
    org.save()
    assert_current()
    client = client_as("director")
    for words in ("movilidad agil", "PRUEBAS unicas", f"{risks[0].code} ágil"):
        page = client.get("/riesgos/registro/", {"q": words, "vigencia": risks[0].year})
        found = {row["id"] for row in page.context["page"].object_list}
        assert risks[0].id in found and found <= {
            r.id for r in Risk.objects.filter(organisation=org)
        }
