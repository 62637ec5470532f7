from allauth.account.views import LogoutView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
)

from core import attempts
from core.emails import user_id_from_unsubscribe_token
from couples import services
from couples.forms import (
    ProfileForm,
)

allauth_logout = LogoutView.as_view()


@require_http_methods(["GET", "POST"])
def logout(request):
    """Sign out with allauth, then ask the browser to forget this site's data."""
    response = allauth_logout(request)
    if request.method == "POST":
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def settings(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=request.user, form=form)
        messages.success(request, _("Your details are saved."))
        return redirect("couples:settings")
    return render(request, "couples/settings.html", {"form": form})


# ---------- Reminders ----------


@csrf_exempt  # mail clients send the one-click POST without a CSRF token (RFC 8058)
@require_http_methods(["GET", "POST"])
def reminders_stop(request, token):
    try:
        attempts.check(request, attempts.LINK_TOKEN)
    except attempts.TooManyAttempts:
        return render(request, "429.html", status=429)
    user_id = user_id_from_unsubscribe_token(token)
    if user_id is None:
        attempts.record_failure(request, attempts.LINK_TOKEN)
        raise Http404("Unknown link.")
    if request.method == "POST":
        services.stop_reminders(user_id=user_id)
        return render(request, "couples/reminders_stopped.html")
    return render(request, "couples/reminders_stop.html", {"token": token})


@login_required
@require_POST
def keepalive(request):
    """The "stay signed in" button: touching the session restarts the idle clock."""
    request.session["idle_refreshed_at"] = 0
    return HttpResponse(status=204)
