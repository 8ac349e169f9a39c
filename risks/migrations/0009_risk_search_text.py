"""Each risk stores its search text (risks.due): the column, filled by recomputing what
risks.due stores of every risk."""

from types import SimpleNamespace

from django.db import migrations, models

from risks import due


def fill(apps, schema_editor):
    names = ("Risk", "Assessment", "ActionActivity", "FollowUp", "RiskCutoff", "PendingFollowUp")
    m = SimpleNamespace(**{name: apps.get_model("risks", name) for name in names})
    m.Organisation = apps.get_model("plan", "Organisation")
    due.refresh(m.Risk.objects.all(), m)


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
