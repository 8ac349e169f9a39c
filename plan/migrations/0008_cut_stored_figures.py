# Stored figures were rounded to the columns' 4 places by the database (82,48495 -> 82,4850,
# shown as 82,49). Cut them from the payloads instead, so the 2 places shown are the half-up
# rounding of the full-precision published figure (plan.publishing._stored).

from decimal import ROUND_DOWN, Decimal

from django.db import migrations

PLACES = Decimal("0.0001")


def _cut(value):
    if value in (None, ""):
        return None
    return Decimal(str(value)).quantize(PLACES, rounding=ROUND_DOWN)


def cut(apps, schema_editor):
    Snapshot = apps.get_model("plan", "Snapshot")
    ObjectiveFigure = apps.get_model("plan", "ObjectiveFigure")
    for snapshot in Snapshot.objects.order_by("id").iterator(chunk_size=200):
        payload = snapshot.payload or {}
        plan_compliance = _cut(payload.get("plan_compliance"))
        if snapshot.plan_compliance != plan_compliance:
            Snapshot.objects.filter(pk=snapshot.pk).update(plan_compliance=plan_compliance)
        for objective in payload.get("objectives", []):
            ObjectiveFigure.objects.filter(
                snapshot_id=snapshot.pk, number=objective["number"]
            ).exclude(compliance=_cut(objective.get("compliance"))).update(
                compliance=_cut(objective.get("compliance"))
            )


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0007_plan_declared_total_weight"),
    ]

    operations = [
        migrations.RunPython(cut, migrations.RunPython.noop),
    ]
