from django.urls import path

from . import views

app_name = "recovery"

urlpatterns = [
    path("home/", views.home, name="home"),
]
