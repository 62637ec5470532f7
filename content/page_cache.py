"""Public pages for visitors, kept whole in the cache.

A visitor's page differs from another visitor's only in its CSP nonce and its
CSRF token. The rendered page is stored with markers in their place, and each
request fills in its own. Signed-in people, visitors with a message waiting,
and query strings a page does not use are rendered as usual.
"""

import re
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.middleware.csrf import get_token

from .cache import forget_version, key_for

NONCE_MARK = "__mend-csp-nonce__"
CSRF_MARK = "__mend-csrf-token__"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
# Longer paths are someone's experiment, not a page worth keeping.
LONGEST_CACHED_PATH = 300


@dataclass(frozen=True, slots=True)
class StoredPage:
    status: int
    content_type: str
    template: str


# This process's own copy of the pages it served lately (settings.CACHES):
# a hit needs no trip to Redis. Its keys carry the library version, so an
# edit is never hidden there.
RECENT_PAGES = "recent-pages"


def empty_caches() -> None:
    """Empty the shared cache and what this process remembers of it."""
    cache.clear()
    caches[RECENT_PAGES].clear()
    forget_version()


def _stored(key: str) -> StoredPage | None:
    if (page := caches[RECENT_PAGES].get(key)) is None:
        page = cache.get(key)
        if page is not None:
            caches[RECENT_PAGES].set(key, page)
    return page


def _store(key: str, page: StoredPage) -> None:
    cache.set(key, page, settings.LIBRARY_CACHE_SECONDS)
    caches[RECENT_PAGES].set(key, page)


def _cacheable(request, parameters: frozenset[str]) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and set(request.GET) <= parameters
        and len(request.get_full_path()) <= LONGEST_CACHED_PATH
        and not len(get_messages(request))
    )


def _with_markers(request, content: str) -> str:
    if nonce := request._csp_nonce:
        content = content.replace(str(nonce), NONCE_MARK)
    for token in set(CSRF_FIELD.findall(content)):
        content = content.replace(token, CSRF_MARK)
    return content


def _filled_in(request, template: str) -> str:
    if NONCE_MARK in template:
        template = template.replace(NONCE_MARK, str(request._csp_nonce))
    if CSRF_MARK in template:
        template = template.replace(CSRF_MARK, get_token(request))
    return template


def cache_for_visitors(view=None, *, parameters: tuple[str, ...] = ()):
    """Serve a visitor the page another visitor was given, with its own nonce and token.

    `parameters` names the query string parameters the page uses; a request
    with any other is rendered afresh, never stored.
    """
    allowed = frozenset(parameters)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request, allowed):
                return view(request, *args, **kwargs)
            key = key_for("page", request.get_full_path(), bool(request.htmx))
            if (page := _stored(key)) is not None:
                return HttpResponse(
                    _filled_in(request, page.template),
                    content_type=page.content_type,
                    status=page.status,
                )
            response = view(request, *args, **kwargs)
            if (
                # Not 404s: any made-up address would take a place in the cache.
                response.status_code == 200
                and not response.streaming
                and not response.cookies
            ):
                content = response.content.decode(response.charset)
                page = StoredPage(
                    response.status_code,
                    response["Content-Type"],
                    _with_markers(request, content),
                )
                _store(key, page)
            return response

        return wrapper

    return decorator(view) if view is not None else decorator
