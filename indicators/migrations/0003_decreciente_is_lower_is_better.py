# «Decreciente» is lower-is-better by definition (DOMAIN.md): existing rows whose direction
# contradicts their annualisation are aligned (Indicator.save keeps new ones aligned).

from django.db import migrations


def align(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(annualization="decreciente").exclude(direction="lower").update(
        direction="lower"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_measurement_workflow_and_evidence"),
    ]

    operations = [
        # The previous direction is not kept: a decreciente indicator was never meant to be
        # higher-is-better, so going back leaves the aligned rows as they are.
        migrations.RunPython(align, migrations.RunPython.noop),
    ]
