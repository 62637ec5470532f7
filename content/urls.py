from django.urls import path, re_path

from . import views

app_name = "content"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("language/", views.choose_language, name="language"),
    path("safety/", views.safety, name="safety"),
    re_path(
        r"^safety/(?P<code>[a-z]{2})/$", views.safety_country, name="safety-country"
    ),
    path("privacy/", views.privacy, name="privacy"),
    path("library/", views.library, name="library"),
    path("library/search/", views.search, name="search"),
    path("library/glossary/", views.glossary, name="glossary"),
    path("library/saved/", views.saved, name="saved"),
    path("library/topic/<slug:slug>/", views.topic, name="topic"),
    path("library/self-check/<slug:slug>/", views.self_check, name="self-check"),
    path(
        "library/self-check/<slug:slug>/save/",
        views.self_check_save,
        name="self-check-save",
    ),
    path("library/reflections/", views.reflections, name="reflections"),
    path("library/<slug:slug>/", views.article, name="article"),
    path("library/<slug:slug>/save/", views.article_save, name="article-save"),
    path("library/<slug:slug>/read/", views.article_read, name="article-read"),
]
