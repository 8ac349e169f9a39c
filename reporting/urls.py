from django.urls import path

from reporting import cycle_views, people_views, setup_views, views, workbook_views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("personas/", people_views.people_page, name="people"),
    path("personas/retirar/", people_views.people_revoke, name="people_revoke"),
    path("pendientes/", views.my_pending, name="my_pending"),
    path("cortes/<int:cutoff_id>/", views.cutoff_detail, name="cutoff_detail"),
    path("cortes/<int:cutoff_id>/historial/", views.cutoff_history, name="cutoff_history"),
    path("cortes/<int:cutoff_id>/cerrar/", views.cutoff_close, name="cutoff_close"),
    path("cortes/<int:cutoff_id>/publicar/", views.cutoff_publish, name="cutoff_publish"),
    path("cortes/<int:cutoff_id>/reabrir/", views.cutoff_reopen, name="cutoff_reopen"),
    path(
        "cortes/<int:cutoff_id>/indicadores/<int:indicator_id>/",
        views.measurement_edit,
        name="measurement_edit",
    ),
    path(
        "mediciones/<int:measurement_id>/revisar/",
        views.measurement_review,
        name="measurement_review",
    ),
    path("evidencias/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path(
        "cortes/<int:cutoff_id>/libro.xlsx", workbook_views.followup_export, name="followup_export"
    ),
    path(
        "cortes/<int:cutoff_id>/importar/", workbook_views.followup_import, name="followup_import"
    ),
    path(
        "cortes/<int:cutoff_id>/importar/confirmar/",
        workbook_views.followup_import_confirm,
        name="followup_import_confirm",
    ),
    path("indicadores/<int:indicator_id>/", views.indicator_detail, name="indicator_detail"),
    path(
        "planes/<slug:slug>/estructura.xlsx",
        workbook_views.structure_export,
        name="structure_export",
    ),
    path("estructura/importar/", workbook_views.structure_import, name="structure_import"),
    path("estructura/plantilla.xlsx", setup_views.structure_template, name="structure_template"),
    path("planes/<slug:slug>/calendario/", cycle_views.plan_calendar, name="plan_calendar"),
    path("planes/nuevo/", setup_views.plan_new, name="plan_new"),
    path("planes/<slug:slug>/configurar/", setup_views.plan_setup, name="plan_setup"),
    path("planes/<slug:slug>/objetivos/nuevo/", setup_views.objective_edit, name="objective_new"),
    path(
        "planes/<slug:slug>/objetivos/<int:pk>/", setup_views.objective_edit, name="objective_edit"
    ),
    path("planes/<slug:slug>/metas/nueva/", setup_views.goal_edit, name="goal_new"),
    path("planes/<slug:slug>/metas/<int:pk>/", setup_views.goal_edit, name="goal_edit"),
    path("planes/<slug:slug>/indicadores/nuevo/", setup_views.indicator_edit, name="indicator_new"),
    path(
        "planes/<slug:slug>/indicadores/<int:pk>/",
        setup_views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "planes/<slug:slug>/ponderaciones/<int:year>/",
        setup_views.plan_weights,
        name="plan_weights",
    ),
    path(
        "planes/<slug:slug>/programacion-anual/",
        setup_views.plan_programming,
        name="plan_programming",
    ),
    path(
        "cortes/<int:cutoff_id>/programacion/",
        cycle_views.cutoff_programming,
        name="cutoff_programming",
    ),
    path("cortes/<int:cutoff_id>/revision/", cycle_views.cutoff_review, name="cutoff_review"),
    path(
        "estructura/importar/confirmar/",
        workbook_views.structure_import_confirm,
        name="structure_import_confirm",
    ),
]
