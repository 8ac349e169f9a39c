"""The pending page lists the open cutoffs in which the user reports a page at a time, the
nearest deadline first: the district's planning office has one open cutoff a plan, and
walking every indicator of the district for every cutoff took minutes at L."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Measurement
from plan.models import Cutoff
from reporting import queries
from reporting.tests.test_query_counts import planner  # noqa: F401  (fixture)
from tests.factories import make_plan
from tests.text import page_text as text


def open_plans(count: int, first_deadline: datetime.date):
    plans = [make_plan(indicators=2, status="open") for _ in range(count)]
    for k, plan in enumerate(plans):
        Cutoff.objects.filter(plan=plan).update(deadline=first_deadline + datetime.timedelta(k))
    # sent to Planeación: every cutoff has measurements in review
    Measurement.objects.filter(cutoff__plan__in=plans).update(status="submitted")
    return plans


@pytest.mark.django_db
def test_the_open_cutoffs_come_a_page_at_a_time_nearest_deadline_first(client, planner):  # noqa: F811
    size = queries.PENDING_CUTOFFS
    plans = open_plans(size + 3, datetime.date(2026, 1, 1))
    client.force_login(planner)
    first = text(client.get("/reporte/pendientes/"))
    second = text(client.get("/reporte/pendientes/", {"pagina": 2}))
    for k, plan in enumerate(plans):
        heading = f"{plan.name} · corte"
        assert (heading in first) == (k < size) and (heading in second) == (k >= size), k
    assert f"Cortes abiertos 1 a {size} de {size + 3}" in first
    assert "Página 2 de 2" in second
    # nearest deadline first within the page
    positions = [first.index(f"{p.name} · corte") for p in plans[:size]]
    assert positions == sorted(positions)
    client.cookies["django_language"] = "en"
    english = text(client.get("/reporte/pendientes/", {"pagina": 2}))
    assert f"Open cutoffs {size + 1} to {size + 3} of {size + 3}, the nearest deadline" in english
    assert "Page 2 of 2" in english


@pytest.mark.django_db
@pytest.mark.parametrize("cutoffs", [2, 30])
def test_the_pending_page_costs_the_same_queries_whatever_the_open_cutoffs(
    client,
    planner,  # noqa: F811
    cutoffs,
):
    open_plans(cutoffs, datetime.date(2026, 1, 1))
    client.force_login(planner)
    client.get("/reporte/pendientes/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/reporte/pendientes/").status_code == 200
    # session, user, groups, role assignments; the count of open cutoffs, a page of them,
    # the editable indicators, annual and cutoff programming, measurements
    assert len(ctx.captured_queries) == 10
