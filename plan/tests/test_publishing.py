import datetime
from decimal import ROUND_DOWN
from decimal import Decimal as D

import pytest

from indicators.models import Measurement
from plan.models import Cutoff, Snapshot
from publication.publishing import publish
from tests.factories import reopen_for_correction


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
    cutoff = reopen_for_correction(cutoff)
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


@pytest.mark.django_db
def test_the_snapshot_holds_what_public_pages_need_without_reading_live_data(seeded):
    payload = Snapshot.objects.get(cutoff__plan__slug="pes-2024-2027").payload
    assert payload["schema"] == 2
    assert payload["cutoff"] == "2026-03-31"
    assert payload["rule"] == "programmed_at_cutoff" and payload["cap_progress"] is False
    four = next(o for o in payload["objectives"] if o["number"] == 4)
    assert four["statement"].startswith("Desarrollar y consolidar la arquitectura institucional")
    assert D(four["weight"]) == 1
    assert [round(D(t["contribution"]), 2) for t in four["terms"]] == [D(50), D("133.33")]
    indicator = next(i for i in payload["indicators"] if i["code"] == "4075")
    assert indicator["goal"] == {
        "kind": "sectoral",
        "code": "223-2153",
        "name": indicator["goal"]["name"],
    }
    assert indicator["goal"]["name"].startswith("Participar en 50 Instrumento(s)")
    assert indicator["direction"] == "higher" and indicator["annualization"] == "suma"
    assert D(indicator["gap"]) == 5
    assert indicator["evidence_url"] == ""


@pytest.mark.django_db
def test_a_correction_is_a_new_version_and_the_first_stays_as_published(seeded):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=datetime.date(2026, 3, 31))
    cutoff = reopen_for_correction(cutoff)
    Measurement.objects.filter(cutoff=cutoff, indicator__code="4075").update(executed=D(3))
    publish(cutoff, reason="Se corrigió el número de instrumentos suscritos")
    versions = list(cutoff.snapshots.order_by("version"))
    assert [s.version for s in versions] == [1, 2]
    four = [next(o for o in s.payload["objectives"] if o["number"] == 4) for s in versions]
    assert [round(D(o["compliance"]), 2) for o in four] == [D("183.33"), D(100)]
    assert versions[1].reason == "Se corrigió el número de instrumentos suscritos"


def _figures(snapshot):
    return [
        (f.number, f.short_title, f.compliance, f.colour, f.objective_id)
        for f in snapshot.objective_figures.order_by("number")
    ]


def _from_payload(snapshot):
    return [
        (
            o["number"],
            o["short_title"],
            None
            if o["compliance"] is None
            else D(o["compliance"]).quantize(D("0.0001"), ROUND_DOWN),
            o["colour"],
            o["id"],
        )
        for o in sorted(snapshot.payload["objectives"], key=lambda o: o["number"])
    ]


@pytest.mark.django_db
def test_publishing_stores_each_objectives_figure_and_the_plans_colour_as_rows(seeded):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=datetime.date(2026, 3, 31))
    snapshot = publish(cutoff, reason="Otra versión")
    figures = _figures(snapshot)
    assert figures == _from_payload(snapshot)
    assert figures[0][2] is None and figures[0][3] == "grey"  # no indicator programmed
    assert figures[3][2] == D("183.3333")
    assert snapshot.plan_colour == snapshot.payload["plan_colour"] == "green"


@pytest.mark.django_db
def test_the_migration_fills_the_rows_of_snapshots_published_before_it(seeded):
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    backfill = import_module("plan.migrations.0006_backfill_published_figures").backfill
    snapshots = list(Snapshot.objects.all())
    expected = {s.pk: _figures(s) for s in snapshots}
    # The migration runs on the historical models, which know nothing of the write-once
    # guards of today's models (plan.immutability).
    state = MigrationExecutor(connection).loader.project_state().apps
    state.get_model("plan", "ObjectiveFigure").objects.all().delete()
    state.get_model("plan", "Snapshot").objects.update(plan_colour="grey")
    backfill(state, None)
    for snapshot in Snapshot.objects.all():
        assert _figures(snapshot) == expected[snapshot.pk] == _from_payload(snapshot)
        assert snapshot.plan_colour == snapshot.payload["plan_colour"]
