from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("cuenta/", include("django.contrib.auth.urls")),
    path("tablero/", include("dashboards.urls")),
    path("datos-abiertos/", include("opendata.urls")),
    path("", include("plan.urls")),
]
