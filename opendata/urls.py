from django.urls import path, re_path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("diccionario/", views.dictionary, name="dictionary"),
    path("diccionario.csv", views.dictionary_csv, name="dictionary_csv"),
    path("descargar/", views.pick, name="pick"),
    # Every plan as of a date: two segments, so no plan's slug can collide with it.
    re_path(
        r"^(?P<date>\d{4}-\d{2}-\d{2})/(?P<dataset>plan|objetivos|indicadores)"
        r"\.(?P<fmt>csv|excel\.csv|json)$",
        views.district_download,
        name="district",
    ),
    # One plan's downloads: a single segment, after the literal pages above (the plan
    # identifiers cannot be their words: indicators.validation.reserved_plan_words).
    re_path(r"^(?P<slug>[-\w]+)/$", views.plan, name="plan"),
    re_path(
        r"^(?P<slug>[-\w]+)/estructura/(?P<dataset>objetivos|indicadores|proyectos)"
        r"\.(?P<fmt>csv|excel\.csv|json|xlsx)$",
        views.structure_download,
        name="structure",
    ),
    re_path(
        r"^(?P<slug>[-\w]+)/(?P<date>\d{4}-\d{2}-\d{2})/"
        r"(?P<dataset>plan|objetivos|indicadores)\.(?P<fmt>csv|excel\.csv|json|xlsx)$",
        views.download,
        name="download",
    ),
]
