from django.urls import path

from public import views

app_name = "plan"

urlpatterns = [
    path("", views.home, name="home"),
    path("planes/<slug:slug>/", views.plan_detail, name="plan_detail"),
    path(
        "planes/<slug:slug>/objetivos/<int:number>/",
        views.objective_detail,
        name="objective_detail",
    ),
    path(
        "planes/<slug:slug>/indicadores/<int:indicator_id>/",
        views.indicator_detail,
        name="indicator_detail",
    ),
    path("planes/<slug:slug>/metodologia/", views.methodology, name="methodology"),
    path("proyectos/", views.project_list, name="projects"),
    path(
        # ``path``: a project's code may hold «/» (nothing validates its 20 characters).
        "proyectos/<slug:organisation>/<path:code>/",
        views.project_detail,
        name="project_detail",
    ),
]
