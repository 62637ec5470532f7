from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from content import pwa
from couples.views import account as account_views
from couples.views import signup as signup_views

# The admin login goes through allauth, so it is rate limited and 2FA-aware.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Mend administration"
admin.site.site_title = "Mend admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before allauth's own logout, to add Clear-Site-Data to it.
    path("accounts/logout/", account_views.logout, name="account_logout"),
    path(
        "accounts/signup/therapist/",
        signup_views.therapist_signup,
        name="therapist-signup",
    ),
    # The installable app, at the root so the service worker may control every page.
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("accounts/", include("allauth.urls")),
    path("", include("couples.urls")),
    path("", include("recovery.urls")),
    path("", include("content.urls")),
]

if settings.BENCHMARK_VIEWS:
    # The benchmark's yardsticks (config/bench.py): every page is reported as
    # a ratio of one of them.
    from config import bench

    urlpatterns += [
        path("bench/bare/", bench.bare, name="bench-bare"),
        path("bench/signed-in/", bench.signed_in_floor, name="bench-signed-in"),
        path(
            "bench/signed-in/page/",
            bench.signed_in_empty_page,
            name="bench-signed-in-page",
        ),
    ]

handler403 = "content.views.permission_denied"
handler404 = "content.views.page_not_found"
handler500 = "config.errors.server_error"
