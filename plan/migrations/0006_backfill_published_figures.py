# Fills the published figures of snapshots stored before 0005 from their payloads.

from decimal import ROUND_DOWN, Decimal

from django.db import migrations


def _cut(value):
    """Cut, not rounded, to the column's 4 places (see plan.publishing._stored)."""
    if value in (None, ""):
        return None
    return Decimal(str(value)).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)


def backfill(apps, schema_editor):
    Snapshot = apps.get_model("plan", "Snapshot")
    Objective = apps.get_model("plan", "Objective")
    ObjectiveFigure = apps.get_model("plan", "ObjectiveFigure")
    existing = set(Objective.objects.values_list("id", flat=True))
    figures = []
    for snapshot in Snapshot.objects.order_by("id").iterator(chunk_size=200):
        payload = snapshot.payload or {}
        colour = payload.get("plan_colour") or "grey"
        if snapshot.plan_colour != colour:
            snapshot.plan_colour = colour
            snapshot.save(update_fields=["plan_colour"])
        for objective in payload.get("objectives", []):
            compliance = objective.get("compliance")
            figures.append(
                ObjectiveFigure(
                    snapshot_id=snapshot.id,
                    objective_id=objective["id"] if objective.get("id") in existing else None,
                    number=objective["number"],
                    short_title=(objective.get("short_title") or "")[:120],
                    compliance=_cut(compliance),
                    colour=objective.get("colour") or "grey",
                )
            )
        if len(figures) >= 5000:
            ObjectiveFigure.objects.bulk_create(figures)
            figures = []
    ObjectiveFigure.objects.bulk_create(figures)


def unfill(apps, schema_editor):
    apps.get_model("plan", "ObjectiveFigure").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0005_published_figures"),
    ]

    operations = [
        migrations.RunPython(backfill, unfill),
    ]
