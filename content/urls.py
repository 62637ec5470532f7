from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("safety/", views.safety, name="safety"),
    path("privacy/", views.privacy, name="privacy"),
    path("library/", views.library, name="library"),
]
