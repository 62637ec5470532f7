from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from couples.access import client_required
from couples.forms import SafetyCheckForm
from couples.safety import record_check


@login_required
@client_required
@require_http_methods(["GET", "POST"])
def safety_check(request):
    next_url = request.POST.get("next") or request.GET.get("next", "")
    # An address with control characters (a NUL) is never a page of ours.
    if not next_url.isprintable() or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ):
        next_url = reverse("recovery:home")
    form = SafetyCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = record_check(user=request.user, answers=form.cleaned_data)
        if check.concern:
            return render(request, "couples/safety_result.html", {"next": next_url})
        return redirect(next_url)
    return render(
        request, "couples/safety_check.html", {"form": form, "next": next_url}
    )
