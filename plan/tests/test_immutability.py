"""Publications are immutable (issue 11, item 4): every path that could alter a published
version, its events, a cutoff's status or a locked measurement refuses, below the views."""

import datetime
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import User
from django.db.models import ProtectedError
from django.test import Client

from indicators.models import Measurement
from plan.immutability import ImmutableError
from plan.models import Cutoff, CutoffEvent, ObjectiveFigure, Plan, Snapshot
from reporting import services
from reporting.tests.conftest import make_user
from tests.factories import confirm_all

MARCH = datetime.date(2026, 3, 31)


@pytest.fixture
def published(seeded):
    return Cutoff.objects.get(plan__slug="pes-2024-2027", date=MARCH)


@pytest.fixture
def admin_client(db):
    user = User.objects.create_superuser("raiz", "raiz@example.gov.co", None)
    client = Client()
    client.force_login(user)
    return client


def each_refused(*attempts):
    """Every one of ``attempts`` (called in turn) raises ImmutableError."""
    for attempt in attempts:
        with pytest.raises(ImmutableError):
            attempt()


def test_a_snapshot_cannot_be_edited_or_deleted_by_any_orm_path(published):
    snapshot = published.snapshots.get()
    snapshot.reason = "otra cosa"
    each_refused(
        snapshot.save,
        snapshot.delete,
        lambda: Snapshot.objects.filter(pk=snapshot.pk).update(plan_colour="grey"),
        lambda: Snapshot.objects.filter(pk=snapshot.pk).delete(),
        lambda: Snapshot.objects.bulk_update([snapshot], ["reason"]),
        lambda: ObjectiveFigure.objects.filter(snapshot=snapshot).update(compliance=D(1)),
        lambda: snapshot.objective_figures.first().delete(),
    )
    snapshot.refresh_from_db()
    assert snapshot.reason == "" and snapshot.objective_figures.count() == 8


def test_deleting_the_cutoff_or_the_plan_would_cascade_and_is_refused(published):
    with pytest.raises(ProtectedError):
        published.delete()
    with pytest.raises(ProtectedError):
        Plan.objects.filter(slug="pes-2024-2027").delete()
    assert Snapshot.objects.filter(cutoff=published).count() == 1


def test_cutoff_events_are_written_once(published):
    planner = make_user("planeacion_eventos", "Planeación")
    open_cutoff = services.reopen_cutoff(published, planner, "Corrección").cutoff
    event = CutoffEvent.objects.get(cutoff=open_cutoff)
    event.reason = "borrado"
    each_refused(
        event.save,
        event.delete,
        lambda: CutoffEvent.objects.all().update(reason=""),
        lambda: CutoffEvent.objects.all().delete(),
    )


def test_a_cutoffs_status_moves_only_through_its_workflow(published):
    published.status = "open"
    with pytest.raises(ImmutableError):
        published.save()
    with pytest.raises(ImmutableError):
        Cutoff.objects.filter(pk=published.pk).update(status="closed")
    fresh = Cutoff.objects.get(pk=published.pk)
    assert fresh.status == "published"
    fresh.deadline = datetime.date(2026, 4, 15)  # other fields still editable
    fresh.save()
    planner = make_user("planeacion_inmutable", "Planeación")
    services.reopen_cutoff(fresh, planner, "Corrección del valor de 4200")
    assert Cutoff.objects.get(pk=published.pk).status == "open"


def test_a_measurement_of_a_published_cutoff_changes_only_after_reopening(published):
    measurement = Measurement.objects.get(cutoff=published, indicator__code="4200")
    measurement.executed = D("0.05")
    with pytest.raises(ImmutableError):
        measurement.save()
    with pytest.raises(ImmutableError):
        Measurement.objects.filter(pk=measurement.pk).update(executed=D("0.05"))
    with pytest.raises(ImmutableError):
        Measurement.objects.filter(pk=measurement.pk).delete()
    with pytest.raises(ImmutableError):
        Measurement.objects.bulk_create(
            [measurement],
            update_conflicts=True,
            unique_fields=["indicator", "cutoff"],
            update_fields=["executed"],
        )
    with pytest.raises(ImmutableError):
        Measurement(indicator=measurement.indicator, cutoff=published, executed=D(1)).save()
    assert Measurement.objects.get(pk=measurement.pk).executed == D("0.03")
    planner = make_user("planeacion_reabre", "Planeación")
    services.reopen_cutoff(published, planner, "Corrección del valor de 4200")
    measurement = Measurement.objects.get(pk=measurement.pk)
    measurement.executed = D("0.05")
    measurement.save()
    services.close_cutoff(published, planner, override=True, reason="Corrección")
    event = services.publish_cutoff(
        published, planner, "Corrección de 4200", confirm_all(published)
    )
    assert event.snapshot.version == 2
    assert published.snapshots.get(version=1).payload != event.snapshot.payload


def test_the_admin_offers_no_way_to_alter_a_publication(published, admin_client):
    snapshot = published.snapshots.get()
    assert admin_client.get(f"/admin/plan/snapshot/{snapshot.pk}/delete/").status_code == 403
    response = admin_client.post(
        "/admin/plan/snapshot/",
        {"action": "delete_selected", "_selected_action": [snapshot.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302, 403)
    assert Snapshot.objects.filter(pk=snapshot.pk).exists()
    event = CutoffEvent.objects.create(
        cutoff=published, action="close", from_status="open", to_status="closed"
    )
    assert admin_client.get(f"/admin/plan/cutoffevent/{event.pk}/delete/").status_code == 403
    page = admin_client.get(f"/admin/plan/cutoff/{published.pk}/change/").content.decode()
    assert 'name="status"' not in page
    assert admin_client.get(f"/admin/plan/cutoff/{published.pk}/delete/").status_code == 403
    plan = published.plan
    assert admin_client.get(f"/admin/plan/plan/{plan.pk}/delete/").status_code == 403
    measurement = Measurement.objects.get(cutoff=published, indicator__code="4200")
    url = f"/admin/indicators/measurement/{measurement.pk}/change/"
    response = admin_client.post(
        url,
        {
            "indicator": measurement.indicator_id,
            "cutoff": published.pk,
            "executed": "0.05",
            "status": "approved",
        },
    )
    assert response.status_code == 403
    assert Measurement.objects.get(pk=measurement.pk).executed == D("0.03")
    delete = f"/admin/indicators/measurement/{measurement.pk}/delete/"
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Measurement.objects.filter(pk=measurement.pk).exists()
