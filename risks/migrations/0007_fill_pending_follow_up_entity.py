"""Fill each pending follow-up's organisation by recomputing what risks.due stores of every
risk."""

from types import SimpleNamespace

from django.db import migrations

from risks import due


def fill(apps, schema_editor):
    names = ("Risk", "Assessment", "ActionActivity", "FollowUp", "RiskCutoff", "PendingFollowUp")
    m = SimpleNamespace(**{name: apps.get_model("risks", name) for name in names})
    m.Organisation = apps.get_model("plan", "Organisation")
    due.refresh(m.Risk.objects.all(), m)


class Migration(migrations.Migration):
    dependencies = [("risks", "0006_pending_follow_up_entity")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
