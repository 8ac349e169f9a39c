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


UNSENT_MAIL = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register(deploy=True)
def password_reset_needs_real_mail(app_configs, **kwargs):
    if settings.PASSWORD_RESET and settings.EMAIL_BACKEND in UNSENT_MAIL:
        return [
            Warning(
                "Password reset is on but e-mail is not sent: valid reset links go to the "
                "console (the application log) or nowhere.",
                hint="Set EMAIL_BACKEND to django.core.mail.backends.smtp.EmailBackend with "
                "EMAIL_HOST, or PASSWORD_RESET=false.",
                id="tablero.W002",
            )
        ]
    return []
