"""Django's caching for the citizens' pages of a plan (issue 16): conditional responses and
fragment caching, keyed on what the page shows and nothing else.

A public plan page shows published figures and the plan's structure; every change to them
sets ``Plan.published_changed_at`` (plan.signals, indicators.signals), saving the plan or its
organisation included. So the page of one plan is fully described by

    plan id · that stamp · the language · the page's own arguments · the query parameters it
    reads (only ``corte``, and only when it names one of the plan's published cutoffs; the
    indicator page reads none)

and ``public_plan_page`` builds that *version key* from the plan's row, which every process
keeps in its own memory for ``PLAN_TTL`` seconds (``cached_plan``): a hit runs no query.
plan.signals forget the kept rows (``forget_plans``: a new generation in the cache) at once and
again on commit, so a change shows at once in the process that made it, and in every process
when the cache is shared (Redis); with the per-process default cache, another worker shows it
within ``PLAN_TTL`` seconds. With it:

1. Conditional responses (``django.views.decorators.http.condition``): an ETag and a
   Last-Modified (the stamp) for visitors without a session or messages cookie, so a browser
   that already has the page gets a 304 with no body. The page holds no CSRF token (the
   language switch needs none, config/urls.py) and no CSP nonce (script-src is 'self' alone
   and every script is one of our files, config/settings.py), so the ETag is the version key's
   hash, the same for every such visitor. ``Cache-Control: private, no-cache``: browsers ask
   every time (a publication shows at once); shared caches keep nothing.
2. The whole page for those visitors (``kept_whole``), per version key and address: the same
   for all of them, so a hit renders no template. The language form returns to the page's
   canonical address (``language_next``), never to the query string asked for.
3. Fragment caching (``{% cache %}`` in the templates, Django's cache) for everyone else (a
   signed-in person's page holds the sign-out form's token) and for the first rendering: the
   expensive middle of the page is stored under the version key; the view's expensive context
   is deferred (``Deferred``) and built only when the fragment is missing. base.html stores the
   page's ``<head>`` (meta, canonical address, stylesheets) under the same key, and its header,
   menu and footer per language and kind of visitor in each process's "chrome" cache; the
   language form and a signed-in person's sign-out form stay outside every fragment. Nothing
   is ever patched into stored HTML.

Any other query string (``?x=1``) creates no cache entry: the key ignores it. A ``corte`` that
is not one of the plan's published cutoffs (an error page, status 400) is rendered and stored
nowhere. Old versions are never read again (a change makes a new key) and expire after
``TIMEOUT``.
"""

from __future__ import annotations

import datetime
import hashlib
import time
from functools import cached_property, partial, wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition

from plan.choices import CutoffStatus
from plan.models import Plan, Snapshot

TIMEOUT = 60 * 60  # seconds: a change makes a new key; this only frees the old versions
# Seconds a process may keep serving a plan's row (its stamp) from the cache without reading
# it. A change made in this process, or in any process when the cache is shared (Redis),
# shows at once (``forget_plans``); one made by another worker with the per-process default
# cache shows within this delay.
PLAN_TTL = 2
GENERATION_KEY = "tablero:public-generation"


class Deferred:
    """The expensive part of a page's context, built on first use: inside the template's
    ``{% cache %}`` block, so never when the fragment is in the cache."""

    def __init__(self, build):
        self._build = build

    @cached_property
    def values(self) -> dict:
        return self._build()

    def __getitem__(self, name):
        return self.values.get(name)


def _new_generation() -> str:
    generation = str(time.time_ns())
    cache.set(GENERATION_KEY, generation, None)
    return generation


def forget_plans_now() -> None:
    """Every stored plan row is stale (no transaction involved: tests, scripts)."""
    _new_generation()


def _renew_on_commit() -> None:
    """The renewal once a transaction that changed plans commits (one per transaction)."""
    _new_generation()


def forget_plans() -> None:
    """Every stored plan row is stale: now (this transaction's own requests) and again once the
    transaction commits (a request that read the old row meanwhile may have stored it).

    An import saves thousands of rows in one transaction: the renewal on commit is registered
    once per transaction, not once per row (one cache write each, a round trip with Redis).
    A registration is dropped only when a savepoint active at the time rolls back, and every
    savepoint still open now would drop a new one as well; a released savepoint can no longer
    roll back. So one already pending is as sure to run as a new one: another is never needed.
    """
    _new_generation()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return  # autocommit: the change is committed already, the renewal above is the last
    if not any(func is _renew_on_commit for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_renew_on_commit)


# This process's plan rows: slug -> (generation, monotonic expiry, plan). Kept as objects, not
# pickled into the cache: a hit reads one short string from the cache (the generation) and
# unpickles no model. Only slugs of existing plans are stored (others raise Http404 first).
# The plan is shared by the requests of this process and only read.
_kept_plans: dict[str, tuple[str, float, Plan]] = {}
MAX_KEPT_PLANS = 5000  # past this (plans deleted and created for days), start again
_clock = time.monotonic


def cached_plan(slug: str) -> Plan:
    """The plan with its organisation: this process's copy when read less than ``PLAN_TTL``
    seconds ago and no change was made since (``forget_plans``), so a hit runs no query."""
    generation = cache.get(GENERATION_KEY) or _new_generation()
    kept = _kept_plans.get(slug)
    now = _clock()
    if kept is not None and kept[0] == generation and kept[1] > now:
        return kept[2]
    plan = get_object_or_404(Plan.objects.select_related("organisation"), slug=slug)
    if len(_kept_plans) >= MAX_KEPT_PLANS:
        _kept_plans.clear()
    _kept_plans[slug] = (generation, now + PLAN_TTL, plan)
    return plan


def _stamp(plan: Plan) -> str:
    return plan.published_changed_at.isoformat() if plan.published_changed_at else "never"


def published_dates(plan: Plan) -> frozenset[str]:
    """ISO dates of the plan's published cutoffs: one query, then from the cache until the
    stamp changes."""
    key = f"tablero:public-dates:{plan.pk}:{_stamp(plan)}"
    dates = cache.get(key)
    if dates is None:
        dates = frozenset(
            d.isoformat()
            for d in Snapshot.objects.filter(
                cutoff__plan=plan, cutoff__status=CutoffStatus.PUBLISHED
            ).values_list("cutoff__date", flat=True)
        )
        cache.set(key, dates, TIMEOUT)
    return dates


def read_params(request, plan: Plan, reads: tuple[str, ...]) -> str | None:
    """The query parameters the page reads, normalised; None when a value is not one the
    page can show (a malformed or unknown ``corte``): such a variant is never stored."""
    if "corte" not in reads:
        return ""
    corte = request.GET.get("corte")
    if corte is None:
        return "corte="
    try:
        normalised = datetime.date.fromisoformat(corte).isoformat()
    except ValueError:
        return None
    if normalised != corte or corte not in published_dates(plan):
        return None
    return f"corte={corte}"


def version_key(request, plan: Plan, page: str, kwargs: dict, reads=("corte",)) -> str | None:
    params = read_params(request, plan, reads)
    if params is None:
        return None
    arguments = ",".join(f"{k}={v}" for k, v in sorted(kwargs.items()))
    return f"{page}:{plan.pk}:{_stamp(plan)}:{get_language()}:{arguments}:{params}"


def conditional(request) -> bool:
    """Visitors whose page is the same for everyone: no session, no pending messages."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def _etag(request, plan, **kwargs) -> str | None:
    """The version key's hash: the page is the same for every visitor without a session (it
    holds no CSRF token: the language switch needs none, config/urls.py)."""
    if request.public_version is None or not conditional(request):
        return None
    return hashlib.blake2b(request.public_version.encode(), digest_size=16).hexdigest()


def _last_modified(request, plan, **kwargs) -> datetime.datetime | None:
    if request.public_version is None or not conditional(request):
        return None
    return plan.published_changed_at


def _page_key(request) -> str | None:
    """Where the whole page of a visitor without a session is kept: the version key with the
    address the page is served under (its canonical link names it)."""
    if request.public_version is None or not conditional(request):
        return None
    where = f"{request.scheme}://{request.get_host()}|{request.public_version}"
    return "tablero:public-page:" + hashlib.blake2b(where.encode(), digest_size=16).hexdigest()


def kept_whole(view):
    """The whole page for visitors without a session (Django's cache, ``TIMEOUT``): it is the
    same for all of them (no CSRF token, no nonce, the language form returns to the canonical
    address), so it is stored once per version and a hit renders nothing. The middleware still
    runs on every response (its headers are the request's own). A signed-in person's page, with
    the sign-out form's token, is rendered from the fragments every time."""

    @wraps(view)
    def whole(request, plan, **kwargs):
        key = _page_key(request)
        kept = cache.get(key) if key else None
        if kept is not None:
            content_type, content = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, plan, **kwargs)
        if key and response.status_code == 200 and not response.streaming:
            cache.set(key, (response["Content-Type"], response.content), TIMEOUT)
        return response

    return whole


def public_plan_page(view=None, *, reads: tuple[str, ...] = ("corte",)):
    """Decorate a public view ``view(request, plan, **kwargs)`` routed with a ``slug``: one
    query for the plan, a 304 when the visitor's copy is current, and
    ``request.public_version`` for the view's fragments (``render_public``). ``reads``: the
    query parameters the page reads (``@public_plan_page(reads=())`` for none)."""
    if view is None:
        return lambda view: public_plan_page(view, reads=reads)
    checked = condition(etag_func=_etag, last_modified_func=_last_modified)(kept_whole(view))

    @wraps(view)
    def wrapper(request, slug, **kwargs):
        plan = cached_plan(slug)
        request.public_version = version_key(request, plan, view.__name__, kwargs, reads)
        response = checked(request, plan, **kwargs)
        if response.status_code not in (200, 304):
            for header in ("ETag", "Last-Modified"):
                if header in response:
                    del response[header]
        patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapper


def render_public(request, template: str, context: dict, build, meta=("meta_description",)):
    """Render a cached public page. ``context`` holds what is cheap (the plan); ``build()``
    returns the rest with the page's ``status``, which the template reads as ``page`` inside
    ``{% cache cache_timeout <name> cache_version using=fragment_cache %}``. base.html stores
    the page's head the same way: the ``meta`` values it shows are read from ``build()`` only
    when that fragment is made. ``build()`` may raise Http404 (nothing is stored then)."""
    key = request.public_version
    page = Deferred(build)
    context.update(page=page, cache_timeout=TIMEOUT)
    if key is None:  # a variant that is never stored: built now, for its status too
        context.update({m: page[m] for m in meta}, cache_version="-", fragment_cache="uncached")
        return render(request, template, context, status=page["status"])
    # Templates call callables: the head fragment asks for these only when it is made.
    context.update({m: partial(page.__getitem__, m) for m in meta})
    query = key.rsplit(":", 1)[1]  # the parameters the page reads: its canonical address
    path = request.path + (f"?{query}" if query and not query.endswith("=") else "")
    context.update(
        language_next=path,
        cache_version=key,
        fragment_cache="default",
        canonical_url=partial(request.build_absolute_uri, path),
    )
    return render(request, template, context)
