"""Error pages that never fail: they need neither the database, the cache nor the session."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape

from .caches import UNREACHABLE as REDIS_UNREACHABLE

# Failures that pass by themselves (a restart, an outage): a 503 says so.
AWAY = (OperationalError, InterfaceError, *REDIS_UNREACHABLE)
RETRY_AFTER_SECONDS = 30

# Only if the page itself cannot be rendered (a broken deploy).
LAST_RESORT = (
    '<!doctype html><html lang="en"><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Something went wrong · Mend</title>"
    "<h1>Something went wrong on our side</h1>"
    "<p>Please try again in a moment.</p>"
    '<p><a href="{quick_exit}" rel="noreferrer">Quick exit</a> · '
    '<a href="/safety/">Safety and crisis help</a></p>'
)


def server_error(request):
    """The 500 page, or the 503 page when the database or Redis is away.

    Rendered from the request alone, with no context processors, so it works
    whatever failed; in the reader's language from their language cookie or
    their browser (their account's choice would need the database).
    """
    away = isinstance(sys.exception(), AWAY)
    status = 503 if away else 500
    try:
        with translation.override(translation.get_language_from_request(request)):
            content = render_to_string(
                f"{status}.html", {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL}
            )
    except Exception:
        content = LAST_RESORT.format(quick_exit=escape(settings.QUICK_EXIT_URL))
    response = HttpResponse(content, status=status)
    if away:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
