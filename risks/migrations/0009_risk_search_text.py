"""Each risk stored its search text (risks.due), filled by recomputing what risks.due stored
of every risk. risks/0011 replaced the column by one the database computes (plan.search_text),
so there is nothing left to fill here: a database migrating from scratch skips the work."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("risks", "0008_pending_follow_up_entity_required")]

    operations = [
        migrations.AddField(
            model_name="risk",
            name="search_text",
            field=models.TextField(editable=False, null=True, verbose_name="texto de búsqueda"),
        ),
    ]
