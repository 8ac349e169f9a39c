"""plan.distinct: a column's distinct values, by a loose index scan on a whole table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plan import distinct
from plan.models import Cutoff, ProjectBudget
from tests.factories import add_cutoffs, make_plan


def _dates(plan, *days):
    import datetime

    return add_cutoffs(plan, [datetime.date(*d) for d in days])


@pytest.mark.django_db
def test_a_whole_table_and_a_filtered_one_give_the_distinct_values_largest_first():
    first, second = make_plan(), make_plan(year=2023)
    _dates(first, (2024, 3, 31), (2024, 6, 30), (2025, 3, 31))
    _dates(second, (2025, 3, 31), (2022, 12, 31))
    every = sorted(set(Cutoff.objects.values_list("date", flat=True)), reverse=True)
    with CaptureQueriesContext(connection) as queries:
        found = distinct.descending(Cutoff.objects.all(), "date")
    assert found == every
    assert len(queries) == 1
    assert "RECURSIVE" in queries[0]["sql"]
    mine = Cutoff.objects.filter(plan=first)
    assert distinct.descending(mine, "date") == sorted(
        set(mine.values_list("date", flat=True)), reverse=True
    )


@pytest.mark.django_db
def test_an_empty_table_has_no_values():
    ProjectBudget.objects.all().delete()
    assert distinct.descending(ProjectBudget.objects.all(), "year") == []
    assert distinct.descending(Cutoff.objects.none(), "date") == []
