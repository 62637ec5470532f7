from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from couples.access import client_required
from couples.forms import SafetyCheckForm
from couples.safety import (
    complete_interrupted,
    forget_interrupted,
    interrupted_action,
    record_check,
)


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
    resume = request.POST.get("resume") or request.GET.get("resume", "")
    action = interrupted_action(request, resume)
    form = SafetyCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = record_check(user=request.user, answers=form.cleaned_data)
        if check.concern:
            # Nothing of what was asked is done: the partner sees no trace of it.
            forget_interrupted(request)
            return render(request, "couples/safety_result.html", {"next": next_url})
        if action is not None:
            return complete_interrupted(request, action)
        return redirect(next_url)
    context = {
        "form": form,
        "next": next_url,
        "resume": resume if action else "",
        "does": action["does"] if action else None,
    }
    return render(request, "couples/safety_check.html", context)
