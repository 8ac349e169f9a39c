from django.urls import path

from plan import views

app_name = "plan"

urlpatterns = [
    path("", views.home, name="home"),
    path("planes/<slug:slug>/", views.plan_detail, name="plan_detail"),
]
