from django.db import migrations, models


class Migration(migrations.Migration):
    """The public list counts its events from an index of the public ones."""

    dependencies = [
        ("accountability", "0006_commitment_open_due_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("is_public", True)), fields=["id"], name="event_public_idx"
            ),
        ),
    ]
