"""The bench's floor is a deliberately independent SQL version of the engine: on the seed
reports it gives the figures the engine published, to the 2 places a citizen reads (82,48 and
96,53 included: rule 1 divides by the declared total)."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from bench.floor import district_floor
from plan.formatting import format_number
from plan.models import ObjectiveFigure, Snapshot


def published_figures(date):
    """(plan id, objective number) -> the figure shown, from the newest publication of each
    plan's newest published cutoff on or before ``date``."""
    newest = {}
    for snapshot in Snapshot.objects.filter(cutoff__date__lte=date).select_related("cutoff"):
        key = snapshot.cutoff.plan_id
        rank = (snapshot.cutoff.date, snapshot.version)
        if key not in newest or rank > newest[key][0]:
            newest[key] = (rank, snapshot)
    return {
        (plan_id, f.number): format_number(f.compliance, 2) if f.compliance is not None else None
        for plan_id, (_rank, snapshot) in newest.items()
        for f in ObjectiveFigure.objects.filter(snapshot=snapshot)
    }


@pytest.mark.django_db
def test_the_floor_gives_the_published_figures_on_postgresql(seeded):
    date = datetime.date(2026, 12, 31)
    if connection.vendor != "postgresql":
        # The floor is PostgreSQL SQL (DISTINCT ON, FILTER, MATERIALIZED): elsewhere it fails
        # loudly instead of measuring something else.
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            district_floor(cursor, date)
        return
    with connection.cursor() as cursor:
        floor = district_floor(cursor, date)
    shown = {k: format_number(v, 2) if v is not None else None for k, v in floor.items()}
    assert shown == published_figures(date)
    pei = seeded["pei-2020-2024"].id
    assert (shown[pei, 4], shown[pei, 5]) == ("82,48", "96,53")
