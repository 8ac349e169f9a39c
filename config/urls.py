from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from config import password_reset
from config.health import healthz

handler500 = "config.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The language switch is in the header of every page. Choosing a language writes only the
    # language cookie (no data, no session), so it needs no CSRF token: the citizens' pages
    # then hold none and are the same for every visitor without a session (plan.public_cache:
    # one ETag for all, no CSRF cookie made per first visit). Where it sends the browser
    # next is still checked by Django (a foreign address is ignored).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # Password reset before Django's own URLs: off without SMTP, throttled when on.
    path(
        "cuenta/password_reset/", password_reset.PasswordResetView.as_view(), name="password_reset"
    ),
    path(
        "cuenta/password_reset/done/",
        password_reset.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "cuenta/reset/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "cuenta/reset/done/",
        password_reset.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("cuenta/", include("django.contrib.auth.urls")),
    path("rendicion-de-cuentas/", include("accountability.urls")),
    path("riesgos/", include("risks.urls")),
    path("reporte/", include("reporting.urls")),
    path("tablero/", include("dashboards.urls")),
    path("datos-abiertos/", include("opendata.urls")),
    path("", include("public.urls")),
]

if settings.BENCH_FLOOR_VIEW:  # the benchmark's throughput floor (bench/README.md)
    urlpatterns.insert(0, path("bench/", include("bench.urls")))
