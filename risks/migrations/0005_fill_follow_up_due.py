"""Fill Risk.follow_up_due (risks.due) for the risks stored before it existed."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery


def fill(apps, schema_editor):
    Risk = apps.get_model("risks", "Risk")
    RiskCutoff = apps.get_model("risks", "RiskCutoff")
    FollowUp = apps.get_model("risks", "FollowUp")
    reported = FollowUp.objects.filter(
        risk=OuterRef(OuterRef("pk")), cutoff=OuterRef("pk")
    ).exclude(status="returned")
    pending = (
        RiskCutoff.objects.filter(organisation=OuterRef("organisation"), date__year=OuterRef("year"))
        .filter(~Exists(reported))
        .order_by("deadline")
        .values("deadline")[:1]
    )
    Risk.objects.update(follow_up_due=Subquery(pending))


def empty(apps, schema_editor):
    apps.get_model("risks", "Risk").objects.update(follow_up_due=None)


class Migration(migrations.Migration):
    dependencies = [("risks", "0004_follow_up_due")]

    operations = [migrations.RunPython(fill, empty)]
