"""Trigram indexes (PostgreSQL) on the stored search text of organisations, plans and
projects: a list's search reads them instead of every row (plan.search_text)."""

from django.db import migrations

from plan.search_text import trigram_index


class Migration(migrations.Migration):
    dependencies = [("plan", "0015_search_text")]

    operations = [
        trigram_index("plan_organisation", "organisation_search_trigrams"),
        trigram_index("plan_plan", "plan_search_trigrams"),
        trigram_index("plan_investmentproject", "project_search_trigrams"),
    ]
