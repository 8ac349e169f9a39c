"""On PostgreSQL, a trigram index on each risk's search text (plan.search_text.trigram_index):
a search's LIKE '%word%' reads the index instead of every risk. A migration of its own:
PostgreSQL refuses to index a table in the transaction that wrote its rows (the previous
migration's fill, when it had one)."""

from django.db import migrations

from plan.search_text import trigram_index


class Migration(migrations.Migration):
    dependencies = [("risks", "0009_risk_search_text")]

    operations = [trigram_index("risks_risk", "risk_search_trigrams")]
