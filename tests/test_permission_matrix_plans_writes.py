"""The organisation scope of every write of plans and reporting (close, publish, reopen,
approve, return, submit, workbook import, set-up edits, commands acting for a user): done in
scope, refused outside (404, or 403 for a role that never may) with nothing changed in the
database; and the queries a scoped user costs. Expectations: tests/district_scopes.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, Measurement
from plan.models import Cutoff, Plan
from reporting.publication import publication_flags
from tests.district import make_district
from tests.district_scopes import (  # noqa: F401 - fast_passwords is a fixture
    EVERY,
    MANAGES,
    PLANNING,
    PLANS,
    READS,
    USERS,
    fast_passwords,
    may_report_at_all,
    reports,
)
from tests.test_permission_matrix_plans import _measurement_edit_cases

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


# --- POST: in scope it is done, outside nothing changes -------------------------------------


def _state():
    return (
        sorted(Cutoff.objects.values_list("id", "status")),
        sorted(Measurement.objects.values_list("id", "executed", "status", "analysis")),
        sorted(Plan.objects.values_list("id", "name")),
        Measurement.history.count(),
        Cutoff.history.count(),
    )


def _refused(user: str) -> int:
    return 404 if user in PLANNING else 403


def _each_cutoff(client, user: str, status: str):
    """Signed in as ``user`` in a district whose cutoffs are ``status``: each plan's code, its
    cutoff and the state before anything is posted to it."""
    d = make_district(status=status)
    client.force_login(d.users[user])
    for code in PLANS:
        yield code, d.plans[code].cutoffs.get(), _state()


@pytest.mark.parametrize("user", USERS)
def test_close_a_cutoff(client, user):
    for code, cutoff, before in _each_cutoff(client, user, "open"):
        response = client.post(
            reverse("reporting:cutoff_close", kwargs={"cutoff_id": cutoff.id}),
            {"override": "on", "reason": "Cierre con faltantes acordado en comité."},
        )
        cutoff.refresh_from_db()
        if code in MANAGES.get(user, ()):
            assert response.status_code == 302, (code, response.status_code)
            assert cutoff.status == "closed"
        else:
            assert response.status_code == _refused(user), code
            assert cutoff.status == "open"
            assert _state() == before


def _confirmations(cutoff) -> dict:
    return {
        "confirm-" + f.key.replace(":", "-"): "Revisado con la dependencia."
        for f in publication_flags(cutoff)
    }


@pytest.mark.parametrize("user", USERS)
def test_publish_and_reopen_a_cutoff(client, user):
    for code, cutoff, before in _each_cutoff(client, user, "closed"):
        publish = client.post(
            reverse("reporting:cutoff_publish", kwargs={"cutoff_id": cutoff.id}),
            {"reason": "", **_confirmations(cutoff)},
        )
        cutoff.refresh_from_db()
        if code in MANAGES.get(user, ()):
            assert publish.status_code == 302, (code, publish.status_code)
            assert cutoff.status == "published"
            reopen = client.post(
                reverse("reporting:cutoff_reopen", kwargs={"cutoff_id": cutoff.id}),
                {"reason": "Corrección de una cifra."},
            )
            cutoff.refresh_from_db()
            assert reopen.status_code == 302
            assert cutoff.status == "open"
        else:
            assert publish.status_code == _refused(user), code
            reopen = client.post(
                reverse("reporting:cutoff_reopen", kwargs={"cutoff_id": cutoff.id}),
                {"reason": "Corrección de una cifra."},
            )
            assert reopen.status_code == _refused(user), code
            cutoff.refresh_from_db()
            assert cutoff.status == "closed"
            assert _state() == before


def test_the_sector_head_publishes_the_sector_plan_not_entity_a_s(client):
    d = make_district(status="closed")
    client.force_login(d.users["plan_s1"])
    pes, plan_a = d.plans["s1"].cutoffs.get(), d.plans["a"].cutoffs.get()
    before = _state()
    refused = client.post(
        reverse("reporting:cutoff_publish", kwargs={"cutoff_id": plan_a.id}),
        {"reason": "", **_confirmations(plan_a)},
    )
    assert refused.status_code == 404
    assert _state() == before
    done = client.post(
        reverse("reporting:cutoff_publish", kwargs={"cutoff_id": pes.id}),
        {"reason": "", **_confirmations(pes)},
    )
    assert done.status_code == 302
    pes.refresh_from_db()
    assert pes.status == "published"
    assert pes.snapshots.count() == 1


def _submit(client, cutoff, indicator):
    return client.post(
        reverse(
            "reporting:measurement_edit",
            kwargs={"cutoff_id": cutoff.id, "indicator_id": indicator.id},
        ),
        {
            "executed": "12",
            "analysis": "Avance del trimestre según el informe.",
            "action": "submit",
        },
    )


@pytest.mark.parametrize("user", USERS)
def test_submit_a_measurement(client, user):
    d = make_district(status="open")
    client.force_login(d.users[user])
    for plan, unit, cutoff, indicator in _measurement_edit_cases(d):
        before = _state()
        response = _submit(client, cutoff, indicator)
        m = Measurement.objects.filter(cutoff=cutoff, indicator=indicator).first()
        if may_report_at_all(user) and reports(user, plan, unit):
            assert response.status_code == 302, (plan, unit, response.status_code)
            assert (m.status, m.executed) == ("submitted", Decimal(12))
        else:
            assert response.status_code == (404 if may_report_at_all(user) else 403)
            assert _state() == before


def _submitted(d, code: str, index: int = 0) -> Measurement:
    indicator = d.plans[code].indicators.order_by("id")[index]
    cutoff = d.plans[code].cutoffs.get()
    m, _ = Measurement.objects.update_or_create(
        indicator=indicator,
        cutoff=cutoff,
        defaults={"executed": Decimal(7), "status": "submitted", "analysis": "Avance medido."},
    )
    return m


@pytest.mark.parametrize("action,status", [("approve", "approved"), ("return", "returned")])
@pytest.mark.parametrize("user", USERS)
def test_review_a_measurement(client, user, action, status):
    d = make_district(status="open")
    client.force_login(d.users[user])
    for code in PLANS:
        m = _submitted(d, code)
        before = _state()
        response = client.post(
            reverse("reporting:measurement_review", kwargs={"measurement_id": m.id}),
            {"action": action, "comment": "Revise la fuente del dato."},
        )
        m.refresh_from_db()
        if code in MANAGES.get(user, ()):
            assert response.status_code == 302
            assert m.status == status, code
        else:
            assert response.status_code == _refused(user), code
            assert _state() == before


def test_entity_a_reports_its_indicator_of_the_sector_plan_but_does_not_review_it(client):
    d = make_district(status="open")
    client.force_login(d.users["plan_a"])
    cutoff = d.plans["s1"].cutoffs.get()
    own, other = list(d.plans["s1"].indicators.order_by("id"))[:2]
    assert _submit(client, cutoff, own).status_code == 302
    m = Measurement.objects.get(cutoff=cutoff, indicator=own)
    assert m.status == "submitted"
    before = _state()
    review = client.post(
        reverse("reporting:measurement_review", kwargs={"measurement_id": m.id}),
        {"action": "approve", "comment": ""},
    )
    assert review.status_code == 404
    assert _submit(client, cutoff, other).status_code == 404
    assert _state() == before
    # The sector head reviews it.
    client.force_login(d.users["plan_s1"])
    client.post(
        reverse("reporting:measurement_review", kwargs={"measurement_id": m.id}),
        {"action": "approve", "comment": ""},
    )
    m.refresh_from_db()
    assert m.status == "approved"


def test_a_director_who_is_a_unit_member_reads_and_never_writes(client):
    d = make_district(status="open")
    client.force_login(d.users["dir_a_rep_a"])
    cutoff = d.plans["a"].cutoffs.get()
    indicator = d.plans["a"].indicators.order_by("id")[0]
    before = _state()
    assert (
        client.get(reverse("dashboards:plan", kwargs={"slug": d.plans["a"].slug})).status_code
        == 200
    )
    assert (
        client.get(reverse("dashboards:plan", kwargs={"slug": d.plans["b"].slug})).status_code
        == 404
    )
    assert _submit(client, cutoff, indicator).status_code == 403
    assert _state() == before


def test_planning_of_a_who_is_district_director_reads_all_and_manages_only_a(client):
    d = make_district(status="open")
    client.force_login(d.users["plan_a_dir_district"])
    for code in PLANS:
        slug = d.plans[code].slug
        assert client.get(reverse("dashboards:plan", kwargs={"slug": slug})).status_code == 200
        setup = client.get(reverse("reporting:plan_setup", kwargs={"slug": slug}))
        assert setup.status_code == (200 if code == "a" else 404)
    before = _state()
    cutoff = d.plans["c"].cutoffs.get()
    response = client.post(
        reverse("reporting:cutoff_close", kwargs={"cutoff_id": cutoff.id}),
        {"override": "on", "reason": "No debería cerrarse."},
    )
    assert response.status_code == 404
    assert _state() == before


# --- Set-up edits and their choice fields --------------------------------------------------


@pytest.mark.parametrize("user", [u for u in USERS if u in PLANNING])
def test_plan_setup_edit(client, user):
    d = make_district(status="open")
    client.force_login(d.users[user])
    for code in PLANS:
        plan = d.plans[code]
        before = _state()
        response = client.post(
            reverse("reporting:plan_setup", kwargs={"slug": plan.slug}),
            {
                "slug": plan.slug,
                "kind": plan.kind,
                "name": "Nombre cambiado",
                "start_year": plan.start_year,
                "end_year": plan.end_year,
                "indicator_set_rule": plan.indicator_set_rule,
            },
        )
        plan.refresh_from_db()
        if code in MANAGES[user]:
            assert response.status_code == 302, response.content[:2000]
            assert plan.name == "Nombre cambiado"
        else:
            assert response.status_code == 404
            assert _state() == before


def test_new_plan_offers_only_the_managed_organisations(client):
    d = make_district(status="open")
    client.force_login(d.users["plan_a"])
    page = client.get(reverse("reporting:plan_new"))
    choices = {str(pk) for pk, _label in page.context["form"].fields["organisation"].choices if pk}
    assert choices == {str(d.orgs["a"].pk)}
    sources = {str(pk) for pk, _l in page.context["form"].fields["source"].choices if pk}
    assert sources == {str(d.plans["a"].pk), str(d.plans["s1"].pk)}
    count = Plan.objects.count()
    response = client.post(
        reverse("reporting:plan_new"),
        {
            "organisation": d.orgs["b"].pk,
            "slug": "plan-de-b",
            "kind": "PEI",
            "name": "Plan ajeno",
            "start_year": 2025,
            "end_year": 2028,
            "indicator_set_rule": "all_of_year",
            "source": d.plans["c"].pk,
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "organisation" in errors and "source" in errors
    assert "opción válida" in str(errors["organisation"])
    assert Plan.objects.count() == count


def test_indicator_units_of_the_sector_plan_are_its_entities(client):
    d = make_district(status="open")
    client.force_login(d.users["plan_s1"])
    pes = d.plans["s1"]
    page = client.get(reverse("reporting:indicator_new", kwargs={"slug": pes.slug}))
    units = {pk for pk, _l in page.context["form"].fields["responsible_unit"].choices if pk}
    assert {int(str(u)) for u in units} == {d.units[c].pk for c in ("a", "b", "s1")}
    client.force_login(d.users["plan_a"])
    page = client.get(reverse("reporting:indicator_new", kwargs={"slug": d.plans["a"].slug}))
    units = {pk for pk, _l in page.context["form"].fields["responsible_unit"].choices if pk}
    assert {int(str(u)) for u in units} == {d.units["a"].pk}
    indicator = d.plans["a"].indicators.order_by("id")[0]
    response = client.post(
        reverse("reporting:indicator_edit", kwargs={"slug": d.plans["a"].slug, "pk": indicator.pk}),
        {
            "goal": indicator.goal_id,
            "code": indicator.code,
            "name": indicator.name,
            "unit": indicator.unit,
            "annualization": indicator.annualization,
            "direction": indicator.direction,
            "periodicity": indicator.periodicity,
            "responsible_unit": d.units["c"].pk,
        },
    )
    assert response.status_code == 400
    assert "responsible_unit" in response.context["form"].errors
    indicator.refresh_from_db()
    assert indicator.responsible_unit_id == d.units["a"].pk


# --- The follow-up workbook ----------------------------------------------------------------


def test_a_workbook_row_of_another_entity_s_indicator_is_refused_and_nothing_is_saved():
    from reporting import importing
    from reporting.tests.workbook_helpers import db_state

    d = make_district(status="open")
    cutoff = d.plans["s1"].cutoffs.get()
    pes = list(d.plans["s1"].indicators.order_by("id"))
    content = importing.export_followup(cutoff, d.users["plan_s1"])
    own, other = pes[0], pes[1]
    workbook = _set_executed(content, {own.id: 21, other.id: 22})
    before = db_state()
    result = importing.run_followup_import(workbook, cutoff, d.users["plan_a"])
    assert result.errors, "a row of entity b's indicator must be refused"
    assert db_state() == before
    # Entity a's own row alone goes in.
    result = importing.run_followup_import(
        _set_executed(content, {own.id: 21}), cutoff, d.users["plan_a"]
    )
    assert not result.errors
    assert Measurement.objects.get(cutoff=cutoff, indicator=own).executed == Decimal(21)


def test_the_followup_workbook_of_the_sector_plan_holds_only_the_readable_indicators():
    from reporting import importing

    d = make_district(status="open")
    cutoff = d.plans["s1"].cutoffs.get()
    _meta, rows = importing.followup_rows(cutoff, d.users["plan_a"])
    a_units = set(
        Indicator.objects.filter(responsible_unit=d.units["a"]).values_list("id", flat=True)
    )
    assert {r.indicator_id for r in rows} == a_units & set(
        d.plans["s1"].indicators.values_list("id", flat=True)
    )
    _meta, rows = importing.followup_rows(cutoff, d.users["plan_s1"])
    assert {r.indicator_id for r in rows} == set(
        d.plans["s1"].indicators.values_list("id", flat=True)
    )


def _set_executed(content: bytes, values: dict[int, int]) -> bytes:
    """The follow-up workbook with «Ejecutado» (and an analysis) set for the given
    indicators."""
    from openpyxl.utils import get_column_letter

    from reporting.tests.workbook_helpers import edit, row_of
    from reporting.workbook_export import INDEX

    executed = get_column_letter(INDEX["executed"])
    analysis = get_column_letter(INDEX["analysis"])

    def change(workbook):
        sheet = workbook["Seguimiento"]
        for indicator_id, value in values.items():
            n = row_of(sheet, indicator_id)
            sheet[f"{executed}{n}"] = value
            sheet[f"{analysis}{n}"] = "Avance según el informe de la dependencia."

    return edit(content, change)


# --- Management commands that act for a user ------------------------------------------------


def test_commands_acting_for_a_user_keep_to_its_scope(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    d = make_district(status="open")
    cutoff = d.plans["a"].cutoffs.get()
    args = {"plan": d.plans["a"].slug, "cutoff": cutoff.date.isoformat()}
    before = _state()
    with pytest.raises(CommandError, match="no pertenece a una organización a su cargo|a cargo"):
        call_command("close_cutoff", user="plan_b", reason="Cierre ajeno.", **args)
    with pytest.raises(CommandError, match="fuera del alcance"):
        call_command("export_followup", user="plan_c", output=str(tmp_path / "x.xlsx"), **args)
    assert _state() == before
    call_command("close_cutoff", user="plan_a", reason="Cierre con faltantes.", **args)
    cutoff.refresh_from_db()
    assert cutoff.status == "closed"


# --- Query counts of a scoped user, at two data sizes ---------------------------------------


def _count(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200, path
    return len(ctx.captured_queries)


def _scoped_pages(plan) -> list[str]:
    cutoff = plan.cutoffs.get()
    indicator = plan.indicators.order_by("id").first()
    return [
        reverse("reporting:index"),
        reverse("reporting:cutoff_detail", kwargs={"cutoff_id": cutoff.id}),
        reverse(
            "reporting:measurement_edit",
            kwargs={"cutoff_id": cutoff.id, "indicator_id": indicator.id},
        ),
        reverse("dashboards:index"),
        reverse("dashboards:plan", kwargs={"slug": plan.slug}),
        reverse("dashboards:indicators", kwargs={"slug": plan.slug}),
    ]


def test_a_scoped_user_costs_at_most_two_more_queries_whatever_the_size(client):
    """The legacy planning office (group only: the district scope) is the reference: the
    scope is filtered inside the queries, so an entity's, a sector's director and a unit's
    reporter cost the same queries at 10 and 200 indicators; the sector scope adds one (its
    entities), the reporter's one (its units)."""
    from tests.factories import make_plan

    d = make_district(status="open")
    counts = {}
    for size in (10, 200):
        plan = make_plan(size, 3, status="open", organisation=d.orgs["a"])
        plan.indicators.update(responsible_unit=d.units["a"])  # rep_a's unit
        for user in ("legacy_planning", "plan_a", "dir_s1", "rep_a"):
            client.force_login(d.users[user])
            pages = _scoped_pages(plan)
            if user == "dir_s1":  # directors do not enter measurements
                del pages[2]
            counts.setdefault(user, []).append([_count(client, p) for p in pages])
    for user, (small, large) in counts.items():
        assert small == large, user
    assert {user: sizes[0] for user, sizes in counts.items()} == PINNED


# reporting index, cutoff, measurement form, directors' index, plan dashboard, indicator table
PINNED = {
    # the director index: the district's stamp, the count of plans in scope, one page of
    # them, their cutoffs (a reporter's units, read once for the cache key, serve the query);
    # the plan's pages read its indicators' goals and units apart (indicators.loading)
    "legacy_planning": [7, 17, 10, 8, 14, 15],
    "plan_a": [7, 17, 10, 8, 14, 15],  # the entity scope: the same queries, filtered
    "dir_s1": [7, 18, 9, 15, 16],  # + the sector's entities (no measurement form)
    "rep_a": [5, 17, 10, 5, 13, 14],  # no role assignments to read; its units instead
}
