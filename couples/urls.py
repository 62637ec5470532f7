from django.urls import path

from .views import (
    account,
    agreements,
    checkins,
    intake,
    news,
    notifications,
    pairing,
    safety,
    therapy,
)

app_name = "couples"

urlpatterns = [
    path("account/", account.settings, name="settings"),
    path("account/keepalive/", account.keepalive, name="keepalive"),
    path(
        "account/notifications/",
        notifications.notification_settings,
        name="notifications",
    ),
    path(
        "account/notifications/stop/<str:token>/",
        notifications.notifications_stop,
        name="notifications-stop",
    ),
    path(
        "account/notifications/push/",
        notifications.push_subscribe,
        name="push-subscribe",
    ),
    path(
        "account/notifications/push/stop/",
        notifications.push_unsubscribe,
        name="push-unsubscribe",
    ),
    path(
        "account/notifications/devices/<int:pk>/remove/",
        notifications.push_device_remove,
        name="push-device-remove",
    ),
    path("news/", news.news_list, name="news"),
    path("news/seen/", news.news_seen, name="news-seen"),
    path("news/<int:pk>/", news.news_event, name="news-event"),
    path("couple/timeline/", news.timeline, name="timeline"),
    path("start/", intake.intake, name="intake"),
    path("start/skip/", intake.intake_skip, name="intake-skip"),
    path("safety/check/", safety.safety_check, name="safety-check"),
    path("couple/", pairing.couple, name="couple"),
    path("couple/start/", pairing.couple_create, name="couple-create"),
    path("couple/invite/", pairing.invitation_create, name="invitation-create"),
    path(
        "couple/invite/<int:pk>/cancel/",
        pairing.invitation_revoke,
        name="invitation-revoke",
    ),
    path("couple/code/", pairing.join_by_code, name="join-by-code"),
    path("couple/pause/", pairing.couple_pause, name="couple-pause"),
    path("couple/resume/", pairing.couple_resume, name="couple-resume"),
    path("couple/end/", pairing.couple_end, name="couple-end"),
    path("couple/monthly/", checkins.monthly_review, name="monthly"),
    path("join/<str:token>/", pairing.join, name="join"),
    path("join/<str:token>/accept/", pairing.join_accept, name="join-accept"),
    path("checkin/", checkins.checkin, name="checkin"),
    path("checkin/trends/", checkins.checkin_trends, name="trends"),
    path("reminders/stop/<str:token>/", account.reminders_stop, name="reminders-stop"),
    path("therapists/", therapy.my_therapists, name="therapists"),
    path("therapists/code/", therapy.connect_by_code, name="therapist-code"),
    path(
        "therapists/connect/<str:code>/",
        therapy.therapist_connect,
        name="therapist-connect",
    ),
    path("therapists/consent/<int:pk>/", therapy.consent_update, name="consent-update"),
    path(
        "therapists/consent/<int:pk>/revoke/",
        therapy.consent_revoke,
        name="consent-revoke",
    ),
    path("agreements/", agreements.agreement_list, name="agreements"),
    path("agreements/new/", agreements.agreement_create, name="agreement-create"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement-detail"),
    path(
        "agreements/<int:pk>/accept/",
        agreements.agreement_accept,
        name="agreement-accept",
    ),
    path(
        "agreements/<int:pk>/decline/",
        agreements.agreement_decline,
        name="agreement-decline",
    ),
    path(
        "agreements/<int:pk>/retire/",
        agreements.agreement_retire,
        name="agreement-retire",
    ),
    path(
        "agreements/<int:pk>/retire/confirm/",
        agreements.agreement_retire_confirm,
        name="agreement-retire-confirm",
    ),
    path(
        "agreements/<int:pk>/retire/cancel/",
        agreements.agreement_retire_cancel,
        name="agreement-retire-cancel",
    ),
    path(
        "agreements/<int:pk>/still-working/",
        agreements.agreement_still_working,
        name="agreement-still-working",
    ),
    path(
        "agreements/<int:pk>/change/",
        agreements.agreement_change,
        name="agreement-change",
    ),
    path(
        "agreements/<int:pk>/history/",
        agreements.agreement_history,
        name="agreement-history",
    ),
    path("agreements/<int:pk>/slip/", agreements.slip_create, name="slip-create"),
    path(
        "agreements/slips/<int:pk>/respond/",
        agreements.slip_respond,
        name="slip-respond",
    ),
]
