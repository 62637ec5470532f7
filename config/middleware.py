from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers, patch_vary_headers

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
