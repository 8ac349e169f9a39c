from django.urls import path

from accountability import views

app_name = "accountability"

urlpatterns = [
    # Citizens
    path("", views.events, name="events"),
    path("espacios/<slug:slug>/", views.event_detail, name="event"),
    path("documentos/<int:pk>/", views.document_file, name="document"),
    path("temas/", views.topics, name="topics"),
    path("datos-abiertos/", views.open_data, name="open_data"),
    path("datos-abiertos/<slug:dataset>.<slug:fmt>", views.download, name="download"),
    path("<int:year>/informe/", views.year_report, name="report"),
    # Planning office, directors and units
    path("gestion/", views.manage, name="manage"),
    path("gestion/<int:year>/cronograma/", views.timeline, name="timeline"),
    path("gestion/espacios/<slug:slug>/", views.manage_event, name="manage_event"),
    path(
        "gestion/compromisos/<int:pk>/seguimiento/",
        views.report_follow_up,
        name="report_follow_up",
    ),
    path(
        "gestion/seguimientos/<int:pk>/revision/", views.review_follow_up, name="review_follow_up"
    ),
    path("gestion/preguntas/<int:pk>/respuesta/", views.answer_question, name="answer_question"),
    path("gestion/preguntas/<int:pk>/publicar/", views.publish_answer, name="publish_answer"),
]
