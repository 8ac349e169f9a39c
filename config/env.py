"""Tiny helpers that read settings from the environment and fail loudly on bad values."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envlist_pair(name: str) -> tuple[str, str] | None:
    """ "HTTP_X_FORWARDED_PROTO,https" -> ("HTTP_X_FORWARDED_PROTO", "https"); unset -> None."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise ImproperlyConfigured(f"{name} must be HEADER,value, got {value!r}")
    return parts[0], parts[1]


def cache_from_url(url: str) -> dict:
    """A CACHES["default"] entry from a URL:

    - ``locmem://`` (or empty): this process only; right for one developer, wrong for several
      workers or servers (each would keep its own copy).
    - ``redis://HOST:PORT/DB`` (or ``rediss://``): Django's RedisCache, shared by every worker.
    - ``db://TABLE``: Django's DatabaseCache in TABLE (``manage.py createcachetable``), shared
      through the database with no extra service.
    """
    url = url.strip()
    if not url or url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("db://"):
        table = url.removeprefix("db://").strip("/")
        if not table.isidentifier():
            raise ImproperlyConfigured(f"CACHE_URL db://TABLE needs a table name, got {url!r}")
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    raise ImproperlyConfigured(
        f"CACHE_URL must start with locmem://, redis://, rediss:// or db://, got {url!r}"
    )
