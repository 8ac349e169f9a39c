"""Fill PublishedRiskVersion.residual_zone from each stored row (risks.published.zone_of)."""

from django.db import migrations
from django.db.models import Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Version = apps.get_model("risks", "PublishedRiskVersion")
    zone = KeyTextTransform("zona_residual_codigo", "row")
    Version.objects.update(residual_zone=Coalesce(zone, Value("")))


def empty(apps, schema_editor):
    apps.get_model("risks", "PublishedRiskVersion").objects.update(residual_zone="")


class Migration(migrations.Migration):
    dependencies = [("risks", "0006_published_zone")]

    operations = [migrations.RunPython(fill, empty)]
