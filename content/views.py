from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe


@require_safe
def landing(request):
    if request.user.is_authenticated:
        return redirect("recovery:home")
    return render(request, "content/landing.html")


@require_safe
def safety(request):
    return render(request, "content/safety.html")


@require_safe
def privacy(request):
    return render(request, "content/privacy.html")


@require_safe
def library(request):
    return render(request, "content/library.html")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # The page is plain so that it still renders when the error came from
    # something the full layout depends on.
    try:
        return render(request, "500.html", status=500)
    except Exception:
        return HttpResponseServerError("Something went wrong on our side.")
