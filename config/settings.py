"""Tablero settings. Every value comes from the environment; see .env.example."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import cache_from_url, envbool, envint, envlist, envlist_pair

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", "false")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example); "
            "only DEBUG=true runs without one."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - DEBUG only  # nosec B105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "config.apps.TableroAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "plan",
    "indicators",
    "publication",
    "public",
    "risks",
    "accountability",
    "synthetic",
    "ops",
    "reporting",
    "dashboards",
    "opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.locale.ChosenLanguageMiddleware",
    # Before any view reads a parameter: control characters in the address or a form are a 400.
    "config.control_characters.ControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.replica.PublicReadsMiddleware",
    # django-axes must come last: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
SILENCED_SYSTEM_CHECKS: list[str] = []
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
# A read replica for the citizens' pages (config/replica.py); tests treat it as a mirror.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=envint("CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: this process only by default; CACHE_URL=redis://... (or db://TABLE) when several
# workers or servers must share it (config/env.py: cache_from_url).
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", ""))}
# Several deployments (or test runs) may share one Redis: each keeps to its own prefix.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "tablero")
SHARED_CACHE = CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache"
# Stores nothing: the {% cache %} fragments of a page variant that must not be kept (an unknown
# ?corte= on a public page, plan.public_cache) use it.
CACHES["uncached"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
# The parts of base.html that depend only on the code, the language and the kind of visitor
# (header, menu, footer): in every process's own memory, even with a shared cache, since they
# change only with a deploy (a restart) and a network round trip would cost more than
# rendering them.
CACHES["chrome"] = {"BACKEND": "config.process_cache.ProcessMemoryCache", "TIMEOUT": None}
# Sessions live in the database (every server sees them); with a shared cache they are also
# cached there. A per-process cache would keep a signed-out session alive on the other servers.
SESSION_ENGINE = os.environ.get(
    "SESSION_ENGINE",
    "django.contrib.sessions.backends.cached_db"
    if SHARED_CACHE
    else "django.contrib.sessions.backends.db",
)
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = envbool("SESSION_EXPIRE_AT_BROWSER_CLOSE", "true")

# --- Security --------------------------------------------------------------------------------
# HTTPS=true in production (behind TLS): redirect plain HTTP, secure cookies, HSTS. Behind a
# proxy that terminates TLS, SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (only when the
# proxy always sets that header and strips it from clients).
HTTPS = envbool("HTTPS", "false")
SECURE_PROXY_SSL_HEADER = envlist_pair("SECURE_PROXY_SSL_HEADER")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp): scripts only from our own static files, never inline.
# No page has an inline script, so no response needs a nonce: a page is then the same for every
# visitor without a session, which lets the public pages be kept whole (plan.public_cache), and
# no nonce is ever stored in kept HTML. Styles allow 'unsafe-inline' because plotly.js sets inline
# styles on the charts it draws (the issue accepts it for styles, never for scripts).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    }
}

# «Cuatro ojos» (MIPG): whoever submitted a report, a risk follow-up or a commitment follow-up
# does not approve it. Off only for a one-person office; the history then says so.
FOUR_EYES = envbool("FOUR_EYES", "true")

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failures for one user name from
# one address, that pair waits AXES_COOLOFF_MINUTES. TRUSTED_PROXY_COUNT proxies in front
# (0 = clients connect directly) tell which X-Forwarded-For entry is the client's address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = envbool("AXES_ENABLED", "true")
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
AXES_VERBOSE = False
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# plotly.js is served from our own static files, never from a CDN: static/vendor/plotly holds
# the official partial bundles of the plotly.js version the plotly package ships (4.1.1):
# "basic" (bar, pie, scatter: every public chart, 395 KB gzipped) and "cartesian" (adds the
# heatmap of the risk map). The full bundle (4,8 MB) is never served.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# E-mail (reminders of missing measurements): the console in development; in production an
# SMTP backend, e.g. django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tablero@localhost")
# Password reset by e-mail: on by default only with the SMTP backend, so that reset links never
# go to the console (the application log). Throttled per address and per client.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
PASSWORD_RESET = envbool("PASSWORD_RESET", "true" if EMAIL_BACKEND == SMTP_BACKEND else "false")
PASSWORD_RESET_PER_ADDRESS = envint("PASSWORD_RESET_PER_ADDRESS", "3")
PASSWORD_RESET_PER_CLIENT = envint("PASSWORD_RESET_PER_CLIENT", "10")
PASSWORD_RESET_WINDOW_MINUTES = envint("PASSWORD_RESET_WINDOW_MINUTES", "60")

# Uploads: evidence files are checked in reporting/evidence.py (10 MB each); workbooks in
# reporting/xlsx.py (5 MB). Larger request bodies are streamed to a temporary file.
DATA_UPLOAD_MAX_NUMBER_FILES = 20

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# The benchmark's throughput floor at /bench/floor/ (bench/README.md); off in production.
BENCH_FLOOR_VIEW = envbool("BENCH_FLOOR_VIEW", "false")
