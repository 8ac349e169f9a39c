"""Values computed over every plan, kept in Django's cache until any plan changes.

The district overview's aggregates (the sectors' roll-ups, the objectives by colour, a
sector's plans in order) and the open data index's published dates come from stored
publications, which change a few times a quarter; they are read many times in between.
Computing them over every plan on each request would make those pages grow with the district
(issue 15: flat at 1.100 plans), so they are kept in the cache under a key made of

    what is kept · the district's stamp · the date · the organisations the user reads ·
    the page's own arguments (sector, colour filter, order, search words)

where the stamp (``stamp``, one small aggregate query on every request that uses it) is the
newest ``Plan.published_changed_at`` and the number of plans: any publication, correction,
change to a plan, its structure, its organisation or sector, a new or deleted plan changes it
(plan.signals, indicators.signals), so a kept value is never read after such a change, in any
process, whether the cache is per process or shared. Old keys are never read again and expire
after ``TIMEOUT``. A page's own rows are always read.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

# Seconds a value is kept. A change makes a new key; this also bounds the one case the stamp
# misses (``stamp``).
TIMEOUT = 10 * 60
T = TypeVar("T")


def stamp() -> tuple:
    """What every kept value depends on besides its own arguments: the newest change to any
    plan, its structure, organisation, cutoffs or publications (``Plan.published_changed_at``),
    the number of plans (a plan deleted before any publication changes no one's stamp), and the
    generation plan.public_cache renews when a transaction that changed plans commits. One
    aggregate query over the plans' own table.

    The generation covers the one case the newest change misses: two transactions that touch
    different plans and commit in the opposite order of their changes (the later commit
    carries the older time). With a shared cache (Redis) every process sees the generation;
    with each process's own cache, the others keep such a value at most ``TIMEOUT``."""
    from plan.models import Plan
    from plan.public_cache import GENERATION_KEY

    # Two scalar subqueries in one query: the newest change from the column's index, the count
    # from the narrowest index (one aggregate over both would read every plan's row).
    table = connection.ops.quote_name(Plan._meta.db_table)
    column = connection.ops.quote_name(Plan._meta.get_field("published_changed_at").column)
    sql = f"SELECT (SELECT MAX({column}) FROM {table}), (SELECT COUNT(*) FROM {table})"  # noqa: S608 # nosec B608 - names from the model, no input
    with connection.cursor() as cursor:
        cursor.execute(sql)
        changed, plans = cursor.fetchone()
    # The value as the database gives it (SQLite: its text): only ever compared with itself.
    return (str(changed or ""), plans, cache.get(GENERATION_KEY))


def key(what: str, stamp: tuple, date: datetime.date, scope, parts: tuple = ()) -> str:
    """The cache key of ``what`` for this stamp, date, scope (None: every organisation) and
    arguments."""
    described = repr(
        (what, stamp, date.isoformat(), None if scope is None else sorted(scope), parts)
    )
    return "stamped:" + hashlib.sha256(described.encode()).hexdigest()


def list_key(request, what: str, scope=None, district_stamp=None) -> str | None:
    """The key of the rendered list of a list page (plan.listing) browsed page by page, or
    None when the request searches or carries any other parameter: such a list is computed
    every time and stored nowhere, so no query string can fill the cache."""
    from django.utils.translation import get_language

    from plan.listing import PAGE

    page = request.GET.get(PAGE, "1")
    if set(request.GET) - {PAGE} or not (page.isdigit() and len(page) <= 4):
        return None
    district_stamp = stamp() if district_stamp is None else district_stamp
    return key(what, district_stamp, datetime.date.min, scope, (page, get_language()))


def kept_list(
    request, what: str, build: Callable[[], dict], scope=None, district_stamp=None
) -> dict:
    """The context of a list page whose list part (``build()``: search form, page, groups) is
    rendered inside ``{% cache list_timeout <name> list_key using=list_cache %}`` and read
    from ``listing`` only when that fragment is not kept (``list_key``)."""
    from plan.public_cache import Deferred

    cache_key = list_key(request, what, scope, district_stamp)
    return {
        "listing": Deferred(build),
        "list_key": cache_key or "-",
        "list_cache": "default" if cache_key else "uncached",
        "list_timeout": TIMEOUT,
    }


def remembered(cache_key: str | None, build: Callable[[], T]) -> T:
    """The value kept under ``cache_key``, or ``build()`` kept there; with no key (a search:
    any text a visitor types), ``build()`` stored nowhere."""
    if cache_key is None:
        return build()
    found = cache.get(cache_key)
    if found is None:
        found = build()
        cache.set(cache_key, found, TIMEOUT)
    return found
