from django.urls import path

from risks import public, views
from risks.follow_up_views import follow_up_edit, follow_up_review, follow_ups

app_name = "risks"

urlpatterns = [
    # Directors and the planning office
    path("", views.dashboard, name="dashboard"),
    path("alertas/", views.alerts, name="alerts"),
    path("registro/", views.register, name="register"),
    path("registro/nuevo/", views.risk_edit, name="risk_create"),
    path("registro/exportar/", views.export, name="export"),
    path("registro/importar/", views.import_workbook, name="import"),
    path("<int:pk>/", views.risk_detail, name="risk_detail"),
    path("<int:pk>/editar/", views.risk_edit, name="risk_edit"),
    path("<int:pk>/publicar/", views.risk_publish, name="risk_publish"),
    path("<int:pk>/valoracion/", views.assessment_edit, name="assessment_edit"),
    path("<int:pk>/plan-de-accion/", views.action_plan_edit, name="action_plan_edit"),
    path(
        "<int:pk>/seguimiento/<int:cutoff_pk>/",
        follow_up_edit,
        name="follow_up_edit",
    ),
    path("seguimiento/", follow_ups, name="follow_ups"),
    path("seguimiento/<int:pk>/revision/", follow_up_review, name="follow_up_review"),
    # Citizens
    path("corrupcion/", public.corruption_map, name="public_corruption"),
    path("corrupcion/datos.<str:fmt>", public.corruption_data, name="public_corruption_data"),
    path("metodologia/", public.methodology_page, name="methodology"),
]
