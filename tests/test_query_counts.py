"""What one plan needs at one cutoff costs the same number of queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.loading import load_plan_at_cutoff
from plan.models import Cutoff
from tests.factories import make_plan


def queries_to_load(plan):
    cutoff = Cutoff.objects.select_related("plan").get(plan=plan)
    with CaptureQueriesContext(connection) as ctx:
        data = load_plan_at_cutoff(cutoff)
    return len(ctx.captured_queries), data


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 200])
def test_loading_a_plan_at_a_cutoff_takes_eight_queries(size):
    plan = make_plan(indicators=size)
    # objectives, indicators, their goals (+project, process), their units, links, annual
    # programming, cutoff programming, measurements
    count, data = queries_to_load(plan)
    assert count == 8
    assert len(data.indicators) == size
    assert sum(len(links) for links in data.links.values()) == size + size // 2


@pytest.mark.django_db
def test_plan_page_query_count_does_not_grow_with_the_plan(client):
    small, large = make_plan(indicators=10), make_plan(indicators=200)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/planes/{plan.slug}/")
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
