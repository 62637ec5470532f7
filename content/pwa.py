"""The installable app: its web app manifest and its service worker.

Both are served from our origin, under the same CSP as every page. The
service worker (static/js/sw.js) keeps the library and the safety page
readable offline and never stores a signed-in page; the rules are there.
"""

from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# Our colours (static/css/mend.css: --accent and --bg), and a plain grey for
# discreet mode.
MEND_COLOURS = {"theme_color": "#2b6963", "background_color": "#fbf8f3"}
NEUTRAL_COLOURS = {"theme_color": "#6b7075", "background_color": "#f4f4f4"}


def _icons(name: str) -> list[dict]:
    return [
        {"src": static(f"img/{name}.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static(f"img/{name}-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static(f"img/{name}-512.png"), "sizes": "512x512", "type": "image/png"},
    ]


@require_safe
def manifest(request):
    """Describe the installed app; in discreet mode, a neutral name and icon."""
    if request.user.is_authenticated and request.user.discreet_mode:
        # Nothing here may hint at what the app is for.
        name = _("Notes")
        details = {"name": name, "short_name": name, **NEUTRAL_COLOURS}
        icons = _icons("notes")
    else:
        details = {
            "name": _("Mend"),
            "short_name": _("Mend"),
            "description": _(
                "Mend is a private, self-guided space for couples healing after emotional infidelity: plain-language reading, a five-step pathway and daily check-ins."
            ),
            **MEND_COLOURS,
        }
        icons = _icons("mend")
    data = {
        "id": "/",
        **details,
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "icons": icons,
    }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def service_worker(request):
    """Serve static/js/sw.js from the root, so it may control every page."""
    # From the source folder, not the collected (hashed) copy: its address
    # must never change, and browsers check it for updates on each visit.
    with open(finders.find("js/sw.js"), encoding="utf-8") as script:
        response = HttpResponse(script.read(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
