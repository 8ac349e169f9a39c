"""Every reporting page runs the same number of SQL queries for a small and a large plan."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator, Measurement
from plan.models import Cutoff
from plan.roles import PLANNING
from reporting.importing import export_followup, run_followup_import
from tests.factories import make_plan
from tests.queries import count


@pytest.fixture
def planner(db):
    user = User.objects.create(username="oap-queries")
    user.groups.add(Group.objects.get_or_create(name=PLANNING)[0])
    return user


def pages(plan):
    cutoff = Cutoff.objects.get(plan=plan)
    indicator = Indicator.objects.filter(plan=plan).first()
    return [
        "/reporte/",
        "/reporte/pendientes/",
        f"/reporte/cortes/{cutoff.id}/",
        f"/reporte/cortes/{cutoff.id}/historial/",
        f"/reporte/cortes/{cutoff.id}/cerrar/",
        f"/reporte/cortes/{cutoff.id}/publicar/",
        f"/reporte/cortes/{cutoff.id}/indicadores/{indicator.id}/",
        f"/reporte/cortes/{cutoff.id}/libro.xlsx",
        f"/reporte/indicadores/{indicator.id}/",
    ]


# Every page starts with session, user, the user's groups and role assignments (4 queries).
EXPECTED = [
    7,  # index: + count of cutoffs, a page of cutoffs with plans, plans
    10,  # pending: + the count of open cutoffs, a page of them, editable indicators, annual
    #      and cutoff programming, measurements
    17,  # cutoff: + cutoff, indicators, annual, at cutoff, measurements, events, snapshot count,
    #      timeline (indicator labels, cutoff/measurement/evidence/programming history, events)
    11,  # cutoff history: + cutoff and the 6 timeline queries
    16,  # close form: + cutoff, missing indicators (ids, then the indicators), and the
    #      publication preview (the 8 queries of load_plan_at_cutoff, previous publication)
    15,  # publish form: + cutoff, snapshot count, the publication preview (9)
    10,  # measurement form: + cutoff, indicator, annual, at cutoff, measurement, previous
    10,  # workbook: + cutoff, indicators, links, annual, at cutoff, measurements
    20,  # indicator page: + indicator, measurements, programming, annual, links, cutoffs,
    #      editable check, and the timeline (cutoff dates, objective numbers, 6 histories,
    #      unit names)
]


@pytest.mark.parametrize("size", [10, 200])
def test_reporting_pages_cost_a_fixed_number_of_queries(client, planner, size):
    plan = make_plan(indicators=size, status="open")
    Measurement.objects.filter(cutoff__plan=plan).update(status="submitted")
    client.force_login(planner)
    assert [count(client, url) for url in pages(plan)] == EXPECTED


def test_importing_costs_the_same_at_10_and_200_indicators(planner):
    counts = []
    for size in (10, 200):
        plan = make_plan(indicators=size, status="open")
        cutoff = Cutoff.objects.select_related("plan").get(plan=plan)
        content = export_followup(cutoff, planner)
        with CaptureQueriesContext(connection) as ctx:
            result = run_followup_import(content, cutoff, planner)
        assert result.errors == [] and result.count("unchanged") == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_importing_changes_costs_the_same_at_10_and_40_indicators(planner):
    """Every row changed (some new, most updated). The writes go in batches (a thousand rows on
    PostgreSQL; SQLite's limit of 999 parameters per query makes them about 45 rows), so the
    count is the same for any number of rows within one batch."""
    from reporting.tests.workbook_helpers import edit
    from reporting.workbook_export import INDEX

    def fill(workbook):
        sheet = workbook["Seguimiento"]
        for row in sheet.iter_rows(min_row=2):
            row[INDEX["executed"] - 1].value = 7
            row[INDEX["analysis"] - 1].value = "Avance del periodo."
            row[INDEX["submit"] - 1].value = "Sí"

    counts = []
    for size in (10, 40):
        plan = make_plan(indicators=size, status="open")
        cutoff = Cutoff.objects.select_related("plan").get(plan=plan)
        content = edit(export_followup(cutoff, planner), fill)
        with CaptureQueriesContext(connection) as ctx:
            result = run_followup_import(content, cutoff, planner)
        assert result.errors == []
        missing = len(range(0, size, 7))  # make_plan measures every k but multiples of 7
        assert result.counts == {"new": missing, "updated": size - missing, "unchanged": 0}
        written = Measurement.objects.filter(cutoff=cutoff, executed=7, status="submitted")
        assert written.count() == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
