"""Cached public pages of a plan: a citizen's page costs one query when nothing changed.

A public plan page shows published figures only (plan.published); they change when a cutoff
is published, corrected or reopened, and every such change sets ``Plan.published_changed_at``
(plan.signals). The cache key holds a digest of every column of the plan and of its
organisation, that stamp included, with the language and the full URL: the one query that
fetches the plan (the page needs it anyway) tells whether the stored HTML is still right, so
nothing has to be invalidated across processes (each gunicorn worker keeps its own copies in
Django's default local-memory cache, bounded by its MAX_ENTRIES).

Micro-caching: once a worker has checked a plan's row, it trusts that check for
``FRESH_SECONDS`` and serves the stored page without any query. A change made by another
process shows within that time; a change made in the same process shows at once (plan.signals
calls ``changed``). Inside a transaction (a test, a management command) every hit is checked,
since a rollback sends no signal.

Only anonymous GET requests without a session or messages cookie are served from the cache:
signed-in users see their own menu and messages. The per-request values of the stored HTML
(the CSRF token of the language form, and a Content-Security-Policy nonce when a middleware
sets ``request.csp_nonce``) are stored as marks and filled in for each response, so every
visitor gets a valid token of their own.
"""

from __future__ import annotations

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from plan.models import Plan

TIMEOUT = 60 * 60  # seconds; a changed plan gets a new key at once, this only frees memory
FRESH_SECONDS = 2  # how long a worker trusts its last check of a plan's row
_generation = 0  # this process's count of changes to plans (plan.signals)
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_MARK = "@@tablero-csrf-token@@"
NONCE_MARK = "@@tablero-csp-nonce@@"


def row_state(*instances) -> str:
    """A digest of every column of the given rows."""
    values = [
        (type(obj).__name__, [getattr(obj, f.attname) for f in obj._meta.concrete_fields])
        for obj in instances
    ]
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


def cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def changed() -> None:
    """A plan, its organisation, cutoffs or snapshots changed in this process: forget every
    recent check (plan.signals)."""
    global _generation
    _generation += 1


def cache_key(request, page: str, state: str) -> str:
    where = hashlib.blake2b(request.build_absolute_uri().encode(), digest_size=16).hexdigest()
    return f"tablero:public:{page}:{state}:{get_language()}:{where}"


def _checked_key(slug: str) -> str:
    return f"tablero:public-checked:{_generation}:{slug}"


def _nonce(request) -> str:
    return str(getattr(request, "csp_nonce", "") or "")


def to_stored(request, html: str) -> str:
    """The page with its per-request values replaced by marks."""
    html = CSRF_INPUT.sub(rf"\g<1>{CSRF_MARK}\g<2>", html)
    nonce = _nonce(request)
    if nonce:
        html = html.replace(nonce, NONCE_MARK)
    return html


def from_stored(request, html: str) -> str:
    """The stored page with this request's values."""
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, get_token(request))
    if NONCE_MARK in html:
        html = html.replace(NONCE_MARK, _nonce(request))
    return html


def public_plan_page(view):
    """Decorate a public view ``view(request, plan, **kwargs)`` routed with a ``slug``."""

    @wraps(view)
    def wrapper(request, slug, **kwargs):
        trusted = cacheable(request) and not connection.in_atomic_block
        if trusted:
            state = cache.get(_checked_key(slug))
            stored = state and cache.get(cache_key(request, view.__name__, state))
            if stored:
                return HttpResponse(from_stored(request, stored))
        plan = get_object_or_404(Plan.objects.select_related("organisation"), slug=slug)
        if not cacheable(request):
            return view(request, plan, **kwargs)
        state = row_state(plan, plan.organisation)
        if trusted:
            cache.set(_checked_key(slug), state, FRESH_SECONDS)
        key = cache_key(request, view.__name__, state)
        stored = cache.get(key)
        if stored is not None:
            return HttpResponse(from_stored(request, stored))
        response = view(request, plan, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, to_stored(request, response.content.decode(response.charset)), TIMEOUT)
        return response

    return wrapper
