import time

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from core.l10n import persian_digits_in_text

# Views narrow this further with require_http_methods; anything outside it
# (TRACE, CONNECT, PUT, …) never reaches a view.
ALLOWED_METHODS = ("GET", "HEAD", "POST")


class PrivacyHeadersMiddleware:
    """Refuse unexpected methods; keep signed-in pages out of every cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            response = HttpResponseNotAllowed(ALLOWED_METHODS)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response


class MethodNotAllowedPageMiddleware:
    """Opening a form's address in the browser shows a page, not a blank screen.

    Views that only take POST answer a GET with an empty 405, which is what
    a person sees after following an old link or signing in again on the way
    to one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.method == "GET"
            and not (response.content or request.htmx)
        ):
            page = render(request, "405.html", status=405)
            page["Allow"] = response["Allow"]
            return page
        return response


# How often the sliding idle timeout is pushed forward (a session write).
IDLE_REFRESH_SECONDS = 60


class IdleTimeoutMiddleware:
    """Sign a person out after the idle time they chose (their account setting)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - request.session.get("idle_refreshed_at", 0) > IDLE_REFRESH_SECONDS:
                request.session.set_expiry(user.idle_timeout_minutes * 60)
                request.session["idle_refreshed_at"] = now
                # "Last seen" on the sessions page, at the same once-a-minute pace.
                UserSession.objects.filter(
                    session_key=request.session.session_key
                ).update(last_seen_at=timezone.now())
        return self.get_response(request)


class PersonLanguageMiddleware:
    """A signed-in person reads Mend in the language they chose, on any device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class PersianDigitsMiddleware:
    """Persian pages show Persian digits in their text (never in form values)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            translation.get_language() == "fa"
            and response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
            and response.content
        ):
            response.content = persian_digits_in_text(
                response.content.decode(response.charset)
            ).encode(response.charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
