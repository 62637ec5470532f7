import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core import attempts

from .. import access
from ..export import request_export
from ..models import DataExport


@login_required
@require_http_methods(["GET", "POST"])
def exports(request):
    if request.method == "POST":
        request_export(user=request.user)
        messages.success(
            request, _("We are preparing your data. It will be ready here shortly.")
        )
        return redirect("recovery:exports")
    recent = access.exports_of(request.user).only(
        "pk", "status", "token", "created_at", "ready_at", "expires_at", "user_id"
    )[:5]
    return render(request, "recovery/exports.html", {"exports": recent})


def _ready_export(request, pk, token) -> DataExport:
    """The export behind a download link; wrong links count as guesses."""
    attempts.check(request, attempts.LINK_TOKEN)
    try:
        return access.get_ready_export_for(request.user, pk, token)
    except Http404:
        attempts.record_failure(request, attempts.LINK_TOKEN)
        raise


@login_required
@require_safe
def export_json(request, pk, token):
    try:
        export = _ready_export(request, pk, token)
    except attempts.TooManyAttempts:
        return render(request, "429.html", status=429)
    response = HttpResponse(
        export.payload_json, content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mend-my-data.json"'
    return response


@login_required
@require_safe
def export_html(request, pk, token):
    try:
        export = _ready_export(request, pk, token)
    except attempts.TooManyAttempts:
        return render(request, "429.html", status=429)
    data = json.loads(export.payload_json)
    html = render_to_string("recovery/export_readable.html", {"data": data})
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mend-my-data.html"'
    return response
