from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config import password_reset
from config.health import healthz

handler500 = "config.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
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
