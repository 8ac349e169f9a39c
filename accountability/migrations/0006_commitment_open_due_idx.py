from django.db import migrations, models


class Migration(migrations.Migration):
    """The «past due» list walks only the commitments not yet fulfilled."""

    dependencies = [
        ("accountability", "0005_event_search_trigrams"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="commitment", name="commitment_due_idx"),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                condition=models.Q(("status", "fulfilled"), _negated=True),
                fields=["due_date", "id"],
                name="commitment_open_due_idx",
            ),
        ),
    ]
