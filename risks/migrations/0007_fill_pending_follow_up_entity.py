"""Fill each pending follow-up's organisation by recomputing what risks.due stores of every
risk."""

from django.db import migrations

from risks import due


def fill(apps, schema_editor):
    due.refresh_all(apps)


class Migration(migrations.Migration):
    dependencies = [("risks", "0006_pending_follow_up_entity")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
