from django.urls import path

from . import views

app_name = "recovery"

urlpatterns = [
    path("home/", views.home, name="home"),
    path("reflections/", views.reflections, name="reflections"),
    path(
        "reflections/<slug:slug>/save/", views.self_check_save, name="self-check-save"
    ),
]
