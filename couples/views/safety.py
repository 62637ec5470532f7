from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from couples.forms import SafetyCheckForm
from couples.safety import latest_check, record_check

from .common import client_required


def safety_check_first(return_to: str):
    """Before joint work: send a person who never took the safety check to it first."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated and latest_check(request.user) is None:
                target = (
                    request.get_full_path()
                    if request.method == "GET"
                    else reverse(return_to)
                )
                return redirect(
                    f"{reverse('couples:safety-check')}?{urlencode({'next': target})}"
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


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
