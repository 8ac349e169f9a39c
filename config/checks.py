"""Deployment checks of our own (manage.py check --deploy)."""

from django.conf import settings
from django.core.checks import Warning, register

CACHED_SESSIONS = {
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",
}


@register(deploy=True)
def sessions_need_a_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.SESSION_ENGINE in CACHED_SESSIONS and backend.endswith("LocMemCache"):
        return [
            Warning(
                "Sessions are cached in a per-process cache: with several workers or servers a "
                "signed-out session stays valid on the others.",
                hint="Set CACHE_URL to a shared cache (redis://...) or leave SESSION_ENGINE empty.",
                id="tablero.W001",
            )
        ]
    return []
