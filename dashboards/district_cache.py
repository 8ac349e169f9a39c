"""The district overview's aggregates, kept in Django's cache between changes.

Every figure of the overview comes from stored publications, which change a few times a
quarter; a director opens the overview many times in between. Adding up every plan of the
district on each request would make the page grow with the district (issue 15: flat at
1.100 plans), so the aggregates (the sectors' roll-ups, the objectives by colour, a sector's
plans in order) are kept in the cache under a key made of

    what is kept · the district's stamp · the date · the organisations the user reads ·
    the level's own arguments (sector, colour filter, order, search words)

where the stamp (``dashboards.district_data.stamp``, one small aggregate query on every
request) is the newest ``Plan.published_changed_at`` and the number of plans: any
publication, correction, change to a plan, its organisation or sector, new or deleted plan
changes it (plan.signals), so a kept value is never read after such a change, in any process,
whether the cache is per process or shared. Old keys are never read again and expire after
``TIMEOUT``. The page's own rows (one page of plans and their objectives) are always read.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

TIMEOUT = 60 * 60  # seconds: a change makes a new key; this only frees the old ones
T = TypeVar("T")


def key(what: str, stamp: tuple, date: datetime.date, scope, parts: tuple = ()) -> str:
    """The cache key of ``what`` for this stamp, date, scope (None: every organisation) and
    arguments."""
    described = repr(
        (what, stamp, date.isoformat(), None if scope is None else sorted(scope), parts)
    )
    return "district:" + hashlib.sha256(described.encode()).hexdigest()


def remembered(cache_key: str, build: Callable[[], T]) -> T:
    """The value kept under ``cache_key``, or ``build()`` kept there."""
    found = cache.get(cache_key)
    if found is None:
        found = build()
        cache.set(cache_key, found, TIMEOUT)
    return found
