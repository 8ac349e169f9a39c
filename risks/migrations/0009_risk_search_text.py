"""Each risk stores its search text (risks.due): the column, filled by recomputing what
risks.due stores of every risk."""

from django.db import migrations, models

from risks import due


def fill(apps, schema_editor):
    due.refresh_all(apps)


class Migration(migrations.Migration):
    dependencies = [("risks", "0008_pending_follow_up_entity_required")]

    operations = [
        migrations.AddField(
            model_name="risk",
            name="search_text",
            field=models.TextField(editable=False, null=True, verbose_name="texto de búsqueda"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
