"""The organisation of each pending follow-up is required, behind an index on the
organisation and the cutoff (risks.alerts walks the entities in order to their pending rows)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("risks", "0007_fill_pending_follow_up_entity")]

    operations = [
        migrations.AlterField(
            model_name="pendingfollowup",
            name="organisation",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="plan.organisation",
                verbose_name="entidad",
            ),
        ),
        migrations.AddIndex(
            model_name="pendingfollowup",
            index=models.Index(
                fields=["organisation", "cutoff_date", "cutoff"], name="pending_follow_up_entity"
            ),
        ),
    ]
