"""Every organisation's place in the district's lists (``Organisation.list_position``).

The lists of plans, projects, risks and events are ordered by sector, the sector's head first,
then entity by name (``plan.listing.sector_keys``). Sorting every row of a list by those names
costs a sort of the whole table on each page; the place of each organisation in that order is
therefore stored, behind an index, and a page reads its first rows in order from it.

``renumber`` recomputes the order in the database (the same collation as any ``ORDER BY`` on
the names) and writes only the places that changed. It runs after every save or delete of an
organisation (``plan.signals``) and after the bulk writes that bypass signals (the synthetic
data); a migration numbered the organisations that existed before.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Window
from django.db.models.functions import RowNumber

# Serialises renumbering on PostgreSQL: the last transaction to renumber waits for the others to
# commit, so it reads every organisation they saved (SQLite serialises writers anyway).
_LOCK_KEY = 4_150_036


def renumber(organisation_model=None) -> int:
    """Store each organisation's place in ``sector_keys`` order; returns how many changed.
    ``organisation_model``: the model to use (a migration passes its historical one)."""
    from plan import listing

    if organisation_model is None:
        from plan.models import Organisation as organisation_model
    with transaction.atomic():
        return _renumber(organisation_model, listing)


def _renumber(organisation_model, listing) -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    ranked = listing.with_sector(organisation_model.objects.all(), "").annotate(
        place=Window(RowNumber(), order_by=listing.sector_keys(""))
    )
    changed = []
    for pk, place, stored in ranked.values_list("pk", "place", "list_position"):
        if place != stored:
            changed.append(organisation_model(pk=pk, list_position=place))
    organisation_model.objects.bulk_update(changed, ["list_position"], batch_size=500)
    return len(changed)
