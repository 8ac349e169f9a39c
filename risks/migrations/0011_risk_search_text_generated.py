"""A risk's search text computed by the database from its code and wording (plan.search_text)
instead of stored by risks.due with its entity's and sector's names: the lists now look for
those in the organisations' own stored text, so renaming an organisation, even through
``QuerySet.update()``, leaves nothing to refresh. A column cannot become generated: it is
dropped (with its trigram index) and added again; risks/0012 indexes it again."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("risks", "0010_risk_search_trigrams")]

    operations = [
        migrations.RemoveField(model_name="risk", name="search_text"),
        migrations.AddField(
            model_name="risk",
            name="search_text",
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Lower(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Concat(models.F('code'), models.Value(' '), models.F('name'), output_field=models.TextField()), models.Value('á'), models.Value('a'), output_field=models.TextField()), models.Value('é'), models.Value('e'), output_field=models.TextField()), models.Value('í'), models.Value('i'), output_field=models.TextField()), models.Value('ó'), models.Value('o'), output_field=models.TextField()), models.Value('ú'), models.Value('u'), output_field=models.TextField()), models.Value('ü'), models.Value('u'), output_field=models.TextField()), models.Value('ñ'), models.Value('n'), output_field=models.TextField()), models.Value('Á'), models.Value('a'), output_field=models.TextField()), models.Value('É'), models.Value('e'), output_field=models.TextField()), models.Value('Í'), models.Value('i'), output_field=models.TextField()), models.Value('Ó'), models.Value('o'), output_field=models.TextField()), models.Value('Ú'), models.Value('u'), output_field=models.TextField()), models.Value('Ü'), models.Value('u'), output_field=models.TextField()), models.Value('Ñ'), models.Value('n'), output_field=models.TextField())), output_field=models.TextField()),
        ),
    ]
