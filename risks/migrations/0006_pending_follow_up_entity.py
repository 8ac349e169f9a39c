"""Each pending follow-up stores its risk's organisation (risks.due): the column, empty for
now. It is filled in the next migration and required in the one after: PostgreSQL refuses to
alter or index a table in the transaction that wrote its rows (their foreign keys are checked
at the commit), and each migration is a transaction of its own."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0014_fill_budget_year_totals"),
        ("risks", "0005_fill_stored_page_figures"),
    ]

    operations = [
        migrations.AddField(
            model_name="pendingfollowup",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="plan.organisation",
                verbose_name="entidad",
            ),
        ),
    ]
