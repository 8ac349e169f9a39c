"""A trigram index (PostgreSQL) on the events' stored search text (plan.search_text)."""

from django.db import migrations

from plan.search_text import trigram_index


class Migration(migrations.Migration):
    dependencies = [("accountability", "0004_event_search_text")]

    operations = [trigram_index("accountability_event", "event_search_trigrams")]
