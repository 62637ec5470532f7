from allauth.account.views import LogoutView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm

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
        form.save()
        messages.success(request, _("Your details are saved."))
        return redirect("couples:settings")
    return render(request, "couples/settings.html", {"form": form})
