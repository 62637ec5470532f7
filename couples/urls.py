from django.urls import path

from . import views

app_name = "couples"

urlpatterns = [
    path("account/", views.settings, name="settings"),
    path("couple/", views.couple, name="couple"),
    path("couple/start/", views.couple_create, name="couple-create"),
    path("couple/invite/", views.invitation_create, name="invitation-create"),
    path(
        "couple/invite/<int:pk>/cancel/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("couple/code/", views.join_by_code, name="join-by-code"),
    path("couple/pause/", views.couple_pause, name="couple-pause"),
    path("couple/resume/", views.couple_resume, name="couple-resume"),
    path("couple/end/", views.couple_end, name="couple-end"),
    path("couple/monthly/", views.monthly_review, name="monthly"),
    path("join/<str:token>/", views.join, name="join"),
    path("join/<str:token>/accept/", views.join_accept, name="join-accept"),
    path("checkin/", views.checkin, name="checkin"),
    path("checkin/trends/", views.checkin_trends, name="trends"),
    path("reminders/stop/<str:token>/", views.reminders_stop, name="reminders-stop"),
]
