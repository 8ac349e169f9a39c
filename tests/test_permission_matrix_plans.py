"""The organisation scope of reporting and directors' dashboards on GET, for every person of
the district world (tests/district.py) and every URL of the ``reporting`` and ``dashboards``
apps (the ``plan`` app's pages are public): 200 in scope, 404 outside (an object outside the
scope does not exist for the user), a redirect to the sign-in page for anonymous users and 403
for a role that never may. Who reads and manages which plan: tests/district_scopes.py (the
plans of entities ``a``, ``b`` (sector ``s1``), ``c`` (sector ``s2``) and the sector plan
``s1``, whose indicators are reported by units of ``a``, ``b`` and ``s1``). The POSTs:
test_permission_matrix_plans_writes.py.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from indicators.models import Measurement
from plan.models import InvestmentProject
from tests.district import make_district
from tests.district_scopes import (  # noqa: F401 - fast_passwords is a fixture
    EVERY,
    MANAGES,
    PLANNING,
    PLANS,
    READS,
    READS_ORGANISATION,
    USERS,
    fast_passwords,
    may_report_at_all,
    reports,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


# --- URL classification -----------------------------------------------------------------------

NO_OBJECT_INTERNAL = {
    "reporting:index",
    "reporting:my_pending",
    "dashboards:index",
    "dashboards:projects",
    "dashboards:district",
}
NO_OBJECT_PLANNING = {
    "reporting:people",  # its own scope's people: reporting/tests/test_people_page.py
    "reporting:plan_new",
    "reporting:structure_import",
    "reporting:structure_template",
}
READ_PLAN = {
    "reporting:cutoff_detail",
    "reporting:cutoff_history",
    "reporting:followup_export",
    "reporting:indicator_detail",
    "dashboards:plan",
    "dashboards:indicators",
    "dashboards:indicator",
    "dashboards:objective",
    "dashboards:alerts",
}
READ_PLAN_PLANNING_OR_DIRECTOR = {"reporting:structure_export"}
# An organisation's investment project: read by whoever reads that organisation.
READ_PROJECT = {"dashboards:project"}
REPORT_PLAN = {"reporting:followup_import"}
MANAGE_PLAN = {
    "reporting:cutoff_close",
    "reporting:cutoff_publish",
    "reporting:cutoff_reopen",
    "reporting:cutoff_programming",
    "reporting:cutoff_review",
    "reporting:plan_calendar",
    "reporting:plan_setup",
    "reporting:objective_new",
    "reporting:objective_edit",
    "reporting:goal_new",
    "reporting:goal_edit",
    "reporting:indicator_new",
    "reporting:indicator_edit",
    "reporting:plan_weights",
    "reporting:plan_programming",
}
MEASUREMENT_EDIT = {"reporting:measurement_edit"}
# POST-only or needing an uploaded file: exercised by the POST tests below.
POST_ONLY = {
    "reporting:measurement_review",
    "reporting:followup_import_confirm",
    "reporting:structure_import_confirm",
    "reporting:evidence_download",  # needs a stored file: tested in test_evidence_scope
    "reporting:people_revoke",  # in and out of scope: reporting/tests/test_people_page.py
}
CLASSIFIED = (
    NO_OBJECT_INTERNAL
    | NO_OBJECT_PLANNING
    | READ_PLAN
    | READ_PLAN_PLANNING_OR_DIRECTOR
    | READ_PROJECT
    | REPORT_PLAN
    | MANAGE_PLAN
    | MEASUREMENT_EDIT
    | POST_ONLY
)


def _names(patterns=None, namespace=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in ("reporting", "dashboards"):
                yield from _names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and namespace:
            yield f"{namespace}:{p.name}", list(p.pattern.regex.groupindex)


def test_every_url_of_plans_reporting_and_dashboards_is_classified():
    names = {name for name, _params in _names()}
    assert names - CLASSIFIED == set()
    assert CLASSIFIED - names == set()


def _kwargs(d, name: str, params: list[str], code: str) -> dict:
    if name in READ_PROJECT:  # the project of organisation ``code`` (``_projects``)
        return {"organisation": code, "code": f"P-{code}"}
    plan = d.plans[code]
    cutoff = plan.cutoffs.get()
    values = {
        "slug": plan.slug,
        "cutoff_id": cutoff.id,
        "number": 1,
        "indicator_id": plan.indicators.order_by("id").first().id,
        "year": plan.start_year,
    }
    related = {
        "reporting:objective_edit": plan.objectives.order_by("id"),
        "reporting:goal_edit": plan.goals.order_by("id"),
        "reporting:indicator_edit": plan.indicators.order_by("id"),
    }
    if "pk" in params:
        values["pk"] = related[name].first().pk
    return {p: values[p] for p in params}


def expected(name: str, user: str | None, code: str | None) -> int:
    if user is None:
        return 302
    if name in NO_OBJECT_INTERNAL:
        return 200
    if name in NO_OBJECT_PLANNING:
        return 200 if user in PLANNING else 403
    if name in READ_PLAN:
        return 200 if code in READS[user] else 404
    if name in READ_PROJECT:
        return 200 if code in READS_ORGANISATION[user] else 404
    if name in READ_PLAN_PLANNING_OR_DIRECTOR:
        if user in ("rep_a",):
            return 403
        return 200 if code in READS[user] else 404
    if name in REPORT_PLAN:
        if not may_report_at_all(user):
            return 403
        return 200 if code in READS[user] else 404
    if name in MANAGE_PLAN:
        if user not in PLANNING:
            return 403
        return 200 if code in MANAGES[user] else 404
    raise AssertionError(name)


def _login(client, d, user):
    if user is not None:
        client.force_login(d.users[user])


def _projects(d) -> None:
    """An investment project of each of a, b, c and s1, goals of its plan (coded P-<org>)."""
    for code in PLANS:
        project = InvestmentProject.objects.create(
            organisation=d.orgs[code], code=f"P-{code}", name=f"Proyecto de {code}"
        )
        d.plans[code].goals.update(investment_project=project)


@pytest.mark.parametrize("user", (None, *USERS))
def test_get_every_page_in_and_out_of_scope(client, user):
    d = make_district(status="open")
    _projects(d)
    _login(client, d, user)
    failures = []
    for name, params in _names():
        if name in POST_ONLY | MEASUREMENT_EDIT:
            continue
        codes = PLANS if params else (None,)
        for code in codes:
            path = reverse(name, kwargs=_kwargs(d, name, params, code) if params else {})
            status = client.get(path).status_code
            want = expected(name, user, code)
            if status != want:
                failures.append(f"{path} ({name}): {status}, expected {want}")
    assert failures == []


def _measurement_edit_cases(d):
    """(plan code, unit code, cutoff, indicator) of each plan's first indicator, and of the
    sector plan's indicators of units a, b and s1."""
    pes = list(d.plans["s1"].indicators.order_by("id"))
    cases = [
        (code, code, d.plans[code].cutoffs.get(), d.plans[code].indicators.order_by("id")[0])
        for code in ("a", "b", "c")
    ]
    cutoff = d.plans["s1"].cutoffs.get()
    cases += [
        ("s1", "a", cutoff, pes[0]),
        ("s1", "b", cutoff, pes[1]),
        ("s1", "s1", cutoff, pes[3]),
    ]
    # Nothing reported yet: a unit (or an entity in the sector plan) may enter a new report.
    Measurement.objects.filter(indicator__in=[case[3] for case in cases]).delete()
    return cases


@pytest.mark.parametrize("user", (None, *USERS))
def test_measurement_entry_page_follows_the_units(client, user):
    d = make_district(status="open")
    _login(client, d, user)
    failures = []
    for plan, unit, cutoff, indicator in _measurement_edit_cases(d):
        path = reverse(
            "reporting:measurement_edit",
            kwargs={"cutoff_id": cutoff.id, "indicator_id": indicator.id},
        )
        status = client.get(path).status_code
        if user is None:
            want = 302
        elif not may_report_at_all(user):
            want = 403
        else:
            want = 200 if reports(user, plan, unit) else 404
        if status != want:
            failures.append(f"{plan}/{unit}: {status}, expected {want}")
    assert failures == []
