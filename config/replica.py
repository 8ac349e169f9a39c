"""Read replica for the citizens' pages.

With DATABASE_REPLICA_URL set, the settings add a ``replica`` database alias. GET and HEAD
requests for the public pages listed in PUBLIC_VIEWS read the domain's tables from the
replica; everything else (internal pages, every write, users, sessions, sign-in throttling)
uses the primary. Public pages show published snapshots, so a replica a few seconds behind
only delays a publication by those seconds; staff always read their own writes from the
primary. Without DATABASE_REPLICA_URL the router answers None and Django uses ``default``.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
PRIMARY = "default"

# Citizens' pages (no sign-in, read only). Keep in step with the URLconfs; a test checks that
# every name resolves.
PUBLIC_VIEWS = frozenset(
    {
        "plan:home",
        "plan:plan_detail",
        "plan:objective_detail",
        "plan:indicator_detail",
        "plan:methodology",
        "plan:projects",
        "opendata:index",
        "opendata:plan",
        "opendata:dictionary",
        "opendata:dictionary_csv",
        "opendata:download",
        "accountability:events",
        "accountability:event",
        "accountability:document",
        "accountability:topics",
        "accountability:open_data",
        "accountability:download",
        "accountability:report",
        "risks:public_corruption",
        "risks:public_corruption_data",
        "risks:methodology",
    }
)

# Only the domain's tables go to the replica; auth, sessions, content types and axes stay on
# the primary so that a person who has just signed in is never "signed out" by replica lag.
REPLICATED_APPS = frozenset({"plan", "indicators", "risks", "accountability", "opendata"})

_public_request: ContextVar[bool] = ContextVar("tablero_public_request", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class PublicReadsMiddleware:
    """Marks GET/HEAD requests of public pages so that the router sends their reads to the
    replica (the mark lives in a context variable for the duration of the request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._replica_token = None
        try:
            response = self.get_response(request)
        finally:
            token = request._replica_token
            if token is not None:
                _public_request.reset(token)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in PUBLIC_VIEWS
            and replica_configured()
        ):
            request._replica_token = _public_request.set(True)
        return None


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _public_request.get()
            and model._meta.app_label in REPLICATED_APPS
            and replica_configured()
        ):
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: objects read from either may be related.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the schema by replication, never by migrate.
        return db == PRIMARY
