from django.urls import path

from dashboards import district_views, indicator_views, views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("proyectos/", views.project_list, name="projects"),
    # Before the plans' pages: «proyectos» is never a plan's slug.
    # ``path``: a project's code may hold «/» (nothing validates its 20 characters).
    path("proyectos/<slug:organisation>/<path:code>/", views.project, name="project"),
    # Before the plans' slugs: a plan cannot be reached at /tablero/distrito/.
    path("distrito/", district_views.district, name="district"),
    path("<slug:slug>/", views.plan_dashboard, name="plan"),
    path("<slug:slug>/indicadores/", indicator_views.indicator_table, name="indicators"),
    path(
        "<slug:slug>/indicadores/<int:indicator_id>/",
        indicator_views.indicator_detail,
        name="indicator",
    ),
    path("<slug:slug>/objetivos/<int:number>/", views.objective, name="objective"),
    path("<slug:slug>/alertas/", views.alerts, name="alerts"),
]
