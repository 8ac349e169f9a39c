import datetime
from decimal import Decimal as D

import pytest

from indicators.models import Measurement
from plan.models import Cutoff, Snapshot
from plan.publishing import publish


@pytest.mark.django_db
def test_seed_cutoffs_are_published_with_a_snapshot(seeded):
    snapshot = Snapshot.objects.get(cutoff__plan__slug="pes-2024-2027")
    objectives = {o["number"]: o["compliance"] for o in snapshot.payload["objectives"]}
    assert objectives[1] is None
    assert round(D(objectives[4]), 2) == D("183.33")
    assert snapshot.version == 1


@pytest.mark.django_db
def test_a_snapshot_does_not_change_when_data_changes_and_a_new_version_records_it(seeded):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=datetime.date(2026, 3, 31))
    first = cutoff.snapshots.get()
    measurement = Measurement.objects.get(cutoff=cutoff, indicator__code="4200")
    measurement.executed = D("0.05")
    measurement.save()
    first.refresh_from_db()
    seven = next(o for o in first.payload["objectives"] if o["number"] == 7)
    assert D(seven["compliance"]) == D(60)
    second = publish(cutoff, reason="Corrección del reporte de la meta 2276")
    assert second.version == 2
    seven = next(o for o in second.payload["objectives"] if o["number"] == 7)
    assert D(seven["compliance"]) == D(100)
    assert second.reason.startswith("Corrección")
