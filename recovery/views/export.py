import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

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
    recent = DataExport.objects.filter(user=request.user).only(
        "pk", "status", "token", "created_at", "ready_at", "expires_at", "user_id"
    )[:5]
    return render(request, "recovery/exports.html", {"exports": recent})


def _ready_export(user, pk, token) -> DataExport:
    export = get_object_or_404(
        DataExport, pk=pk, token=token, user=user, status=DataExport.Status.READY
    )
    if export.is_expired:
        raise Http404("This download link has expired.")
    return export


@login_required
@require_safe
def export_json(request, pk, token):
    export = _ready_export(request.user, pk, token)
    response = HttpResponse(
        export.payload_json, content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mend-my-data.json"'
    return response


@login_required
@require_safe
def export_html(request, pk, token):
    export = _ready_export(request.user, pk, token)
    data = json.loads(export.payload_json)
    html = render_to_string("recovery/export_readable.html", {"data": data})
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mend-my-data.html"'
    return response
