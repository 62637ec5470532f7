from django.urls import path

from . import views

app_name = "couples"

urlpatterns = [
    path("", views.settings, name="settings"),
]
