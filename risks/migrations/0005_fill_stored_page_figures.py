"""Fill what the risk pages count from (risks.due, the published zone) for the rows stored
before the columns existed."""

from django.db import migrations
from django.db.models import Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from risks import due


def fill(apps, schema_editor):
    due.refresh_all(apps)
    zone = KeyTextTransform("zona_residual_codigo", "row")
    apps.get_model("risks", "PublishedRiskVersion").objects.update(
        residual_zone=Coalesce(zone, Value(""))
    )


def empty(apps, schema_editor):
    apps.get_model("risks", "Risk").objects.update(**{field: None for field in due.STORED})
    apps.get_model("risks", "PendingFollowUp").objects.all().delete()
    apps.get_model("risks", "PublishedRiskVersion").objects.update(residual_zone="")


class Migration(migrations.Migration):
    dependencies = [("risks", "0004_stored_page_figures")]

    operations = [migrations.RunPython(fill, empty)]
