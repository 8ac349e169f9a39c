"""The trigram index (PostgreSQL) on the risks' generated search text, dropped with the
column it indexed by risks/0011 (plan.search_text)."""

from django.db import migrations

from plan.search_text import trigram_index


class Migration(migrations.Migration):
    dependencies = [("risks", "0011_risk_search_text_generated")]

    operations = [trigram_index("risks_risk", "risk_search_trigrams")]
