"""The permission matrix over every URL of the site.

How URLs are classified (extend these when you add URLs; the tests fail until you do):

- ``PUBLIC``: URL names anyone may open (citizens' pages, sign-in, language). Every other URL
  that is not the admin's (the admin has its own permission system, tested in
  tests/test_admin.py) must refuse anonymous users: a redirect to the sign-in page, 403, 404
  or 405, for GET and for POST. This part is data-driven: it walks
  ``get_resolver().url_patterns`` recursively and fills path parameters with seed ids
  (``PARAMS``; unknown names get a value by converter type).
- ``MATRIX``: for each URL of the reporting app, what each role gets. Every URL of the
  ``reporting`` namespace must be listed; other apps keep their own role tests.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.replica import PUBLIC_VIEWS
from indicators.models import Evidence, Measurement
from reporting import services, workflow
from reporting.services import MeasurementInput, NewFile
from reporting.tests.conftest import login
from reporting.tests.workbook_helpers import db_state

# The citizens' pages are the replica's list (one list of them); besides them, anyone may
# sign in and out, reset a password, pick a language, ask for health, and open the district
# open-data pages, which read the primary.
PUBLIC = PUBLIC_VIEWS | {
    "login",
    "logout",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "opendata:district",
    "opendata:pick",
    "opendata:structure",
}
SKIPPED_NAMESPACES = {"admin"}
LOGIN_URL = "/cuenta/login/"


def url_patterns(patterns=None, namespace=""):
    """(full name, pattern) for every named URL, recursively."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in SKIPPED_NAMESPACES:
                continue
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from url_patterns(p.url_patterns, full)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield name, p


BY_CONVERTER = {"IntConverter": 1, "SlugConverter": "pes-2024-2027", "StringConverter": "x"}


def fill(name, pattern, params):
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {
        key: params.get(key, BY_CONVERTER.get(type(conv).__name__, "x"))
        for key, conv in converters.items()
    }
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def state(people, returned_4200, media):
    """An open cutoff where 4200 (unit A) is submitted with a file of evidence."""
    upload = SimpleUploadedFile("acta.pdf", b"%PDF-1.4 acta")
    services.save_measurement(
        people.cutoff,
        people.i4200,
        people.reporter_a,
        MeasurementInput(
            executed=returned_4200.executed,
            files=[NewFile(upload, "acta.pdf", upload.size, "application/pdf")],
        ),
        workflow.SUBMIT,
    )
    measurement = Measurement.objects.get(pk=returned_4200.pk)
    params = {
        "cutoff_id": people.cutoff.id,
        "indicator_id": people.i4200.id,
        "measurement_id": measurement.id,
        "evidence_id": Evidence.objects.get().id,
        "slug": "pes-2024-2027",
        "uidb64": "MQ",
        "token": "x-x",
        "year": 2026,
        # per URL name: the set-up pages edit one object of the plan
        "reporting:objective_edit": {"pk": people.pes.objectives.first().id},
        "reporting:goal_edit": {"pk": people.i4200.goal_id},
        "reporting:indicator_edit": {"pk": people.i4200.id},
    }
    return people, params


def test_every_url_is_named_so_it_can_be_classified():
    unnamed = [str(p.pattern) for name, p in url_patterns() if not name]
    assert unnamed == []


def refused(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


def test_every_non_public_url_refuses_anonymous_users(client, state):
    people, params = state
    checked = []
    for name, pattern in url_patterns():
        if name in PUBLIC:
            continue
        url = fill(name, pattern, params)
        before = db_state()
        for method in (client.get, client.post):
            response = method(url)
            assert refused(response), f"{name} ({url}) answers {response.status_code} to anonymous"
        assert db_state() == before
        checked.append(name)
    assert "reporting:measurement_edit" in checked and len(checked) >= 17


def test_public_urls_open_for_anonymous_users(client, state):
    people, params = state
    for name in ("plan:home", "plan:plan_detail", "login"):
        pattern = dict(url_patterns())[name]
        assert client.get(fill(name, pattern, params)).status_code == 200


OK, NO = "ok", "denied"
ROLES = ("planner", "director", "reporter_a", "reporter_b", "nobody")
# Users with overlapping roles and memberships (all members of unit A) get what the role
# they write with gets: a Directivo never writes, Planeación + member is Planeación.
OVERLAPPING = {"director_member": "director", "promoted": "director", "planner_member": "planner"}


def expect(planner=OK, director=OK, reporter_a=OK, reporter_b=OK, nobody=NO):
    return {
        "planner": planner,
        "director": director,
        "reporter_a": reporter_a,
        "reporter_b": reporter_b,
        "nobody": nobody,
    }


INTERNAL = expect()
PLANNING_ONLY = expect(director=NO, reporter_a=NO, reporter_b=NO)
EDITORS = expect(director=NO)
OWN_UNIT = expect(director=NO, reporter_b=NO)

# url name -> (method, data, expectations by role). reporter_a reports unit A (indicator 4200),
# reporter_b unit B; "nobody" is signed in with no role.
MATRIX = {
    "reporting:index": ("get", None, INTERNAL),
    "reporting:my_pending": ("get", None, INTERNAL),
    "reporting:cutoff_detail": ("get", None, INTERNAL),
    "reporting:cutoff_history": ("get", None, INTERNAL),
    "reporting:cutoff_close": ("get", None, PLANNING_ONLY),
    "reporting:cutoff_publish": ("get", None, PLANNING_ONLY),
    "reporting:cutoff_reopen": ("get", None, PLANNING_ONLY),
    "reporting:measurement_edit": ("get", None, OWN_UNIT),
    "reporting:measurement_review": ("post", {"action": "approve"}, PLANNING_ONLY),
    # Unit A's evidence is submitted, not approved: unit B's reporter may not read it.
    "reporting:evidence_download": ("get", None, expect(reporter_b=NO)),
    "reporting:followup_export": ("get", None, INTERNAL),
    "reporting:followup_import": ("get", None, EDITORS),
    "reporting:followup_import_confirm": ("post", {}, EDITORS),
    "reporting:indicator_detail": ("get", None, INTERNAL),
    "reporting:structure_export": ("get", None, expect(reporter_a=NO, reporter_b=NO)),
    "reporting:structure_import": ("get", None, PLANNING_ONLY),
    "reporting:structure_import_confirm": ("post", {}, PLANNING_ONLY),
    "reporting:structure_template": ("get", None, PLANNING_ONLY),
    "reporting:plan_calendar": ("get", None, PLANNING_ONLY),
    "reporting:cutoff_programming": ("get", None, PLANNING_ONLY),
    "reporting:cutoff_review": ("get", None, PLANNING_ONLY),
    "reporting:plan_new": ("get", None, PLANNING_ONLY),
    "reporting:people": ("get", None, PLANNING_ONLY),
    # No such row: refused for everybody (404 or 403); scopes are in test_people_page.py.
    "reporting:people_revoke": (
        "post",
        {"key": "a:0"},
        expect(planner=NO, reporter_a=NO, reporter_b=NO, director=NO),
    ),
    "reporting:plan_setup": ("get", None, PLANNING_ONLY),
    "reporting:objective_new": ("get", None, PLANNING_ONLY),
    "reporting:objective_edit": ("get", None, PLANNING_ONLY),
    "reporting:goal_new": ("get", None, PLANNING_ONLY),
    "reporting:goal_edit": ("get", None, PLANNING_ONLY),
    "reporting:indicator_new": ("get", None, PLANNING_ONLY),
    "reporting:indicator_edit": ("get", None, PLANNING_ONLY),
    "reporting:plan_weights": ("get", None, PLANNING_ONLY),
    "reporting:plan_programming": ("get", None, PLANNING_ONLY),
}


def test_every_reporting_url_is_in_the_matrix():
    names = {name for name, _p in url_patterns() if name.startswith("reporting:")}
    assert names == set(MATRIX)


@pytest.mark.parametrize("role", ROLES + tuple(OVERLAPPING))
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_matrix(client, state, name, role):
    people, params = state
    method, data, by_role = MATRIX[name]
    expected = {**by_role, **{k: by_role[v] for k, v in OVERLAPPING.items()}}
    pattern = dict(url_patterns())[name]
    url = fill(name, pattern, {**params, **params.get(name, {})})
    login(client, getattr(people, role))
    before = db_state()
    response = getattr(client, method)(url, data or {})
    if expected[role] == OK:
        assert response.status_code in (200, 302), (name, role, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith(LOGIN_URL)
    else:
        assert response.status_code in (403, 404), (name, role, response.status_code)
        assert db_state() == before


@pytest.mark.parametrize(
    "role", ["director", "reporter_a", "reporter_b", "nobody", "director_member", "promoted"]
)
@pytest.mark.parametrize(
    "name, data",
    [
        ("reporting:cutoff_close", {"override": "on", "reason": "x"}),
        ("reporting:cutoff_reopen", {"reason": "x"}),
        ("reporting:cutoff_publish", {"reason": "x"}),
    ],
)
def test_only_planning_moves_a_cutoff(client, state, name, data, role):
    people, params = state
    url = fill(name, dict(url_patterns())[name], params)
    status = people.cutoff.status
    response = login(client, getattr(people, role)).post(url, data)
    assert response.status_code == 403
    people.cutoff.refresh_from_db()
    assert people.cutoff.status == status


def test_a_reporter_posting_to_another_units_indicator_gets_404_and_changes_nothing(client, state):
    people, params = state
    before = db_state()
    response = login(client, people.reporter_b).post(
        f"/reporte/cortes/{people.cutoff.id}/indicadores/{people.i4200.id}/",
        {"executed": "1", "action": "submit"},
    )
    assert response.status_code == 404
    assert db_state() == before


def test_pending_lists_only_the_own_units_indicators(client, state):
    people, _params = state
    page = login(client, people.reporter_b).get("/reporte/pendientes/").content.decode()
    assert "4075" not in page or "Dependencia B" not in page  # 4075 is approved in the seeds
    assert "4200" not in page
    page = login(client, people.reporter_a).get("/reporte/pendientes/").content.decode()
    assert "4200" in page and "En revisión" in page


# --- Overlapping roles: every write of the reporting app (issue 14, finding 1) -------------


@pytest.mark.parametrize("role", ["director_member", "promoted"])
def test_a_directivo_member_of_the_unit_never_writes_a_measurement(client, state, role):
    people, _params = state
    before = db_state()
    response = login(client, getattr(people, role)).post(
        f"/reporte/cortes/{people.cutoff.id}/indicadores/{people.i4200.id}/",
        {"executed": "0,05", "analysis": "Cumplida", "action": "submit"},
    )
    assert response.status_code == 403
    assert db_state() == before


@pytest.mark.parametrize("role", ["director_member", "promoted"])
def test_a_directivo_member_of_the_unit_cannot_import_the_followup_workbook(client, state, role):
    people, _params = state
    response = login(client, getattr(people, role)).get(
        f"/reporte/cortes/{people.cutoff.id}/importar/"
    )
    assert response.status_code == 403


def test_a_planner_who_is_a_unit_member_reports_any_unit(client, state):
    people, _params = state
    response = login(client, people.planner_member).post(
        f"/reporte/cortes/{people.cutoff.id}/indicadores/{people.i4075.id}/",
        {"executed": "8", "analysis": "Meta superada", "action": "save"},
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4075)
    assert measurement.status == "draft" and measurement.reported_by == people.planner_member


# --- Drafts of other units (issue 14, finding 5) -------------------------------------------


def test_a_reporter_cannot_download_another_units_evidence_before_approval(client, state):
    people, params = state
    url = f"/reporte/evidencias/{params['evidence_id']}/"
    assert login(client, people.reporter_b).get(url).status_code == 404
    assert login(client, people.reporter_a).get(url).status_code == 200
    assert login(client, people.director).get(url).status_code == 200


def test_once_approved_the_evidence_is_readable_by_every_internal_user(client, state):
    people, params = state
    measurement = Measurement.objects.get(pk=params["measurement_id"])
    services.review_measurement(measurement, people.planner, workflow.APPROVE)
    url = f"/reporte/evidencias/{params['evidence_id']}/"
    assert login(client, people.reporter_b).get(url).status_code == 200


def test_a_reporter_reads_another_units_draft_status_but_not_its_value_or_history(client, state):
    people, params = state
    services.save_measurement(
        people.cutoff,
        people.i4200,
        people.planner,
        MeasurementInput(executed=Decimal("98765432"), analysis="Análisis reservado"),
        workflow.SAVE,
    )
    cutoff_url = f"/reporte/cortes/{people.cutoff.id}/"
    own = login(client, people.reporter_a).get(cutoff_url).content.decode()
    assert ">98.765.432<" in own
    for url in (cutoff_url, f"{cutoff_url}historial/", f"/reporte/indicadores/{people.i4200.id}/"):
        page = login(client, people.reporter_b).get(url).content.decode()
        assert "98.765.432" not in page and "Análisis reservado" not in page, url
    for user in (people.director, people.reporter_a):
        page = login(client, user).get(f"{cutoff_url}historial/").content.decode()
        assert "98.765.432" in page
