from allauth.account.decorators import reauthentication_required
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..deletion import delete_account
from ..forms import DeleteAccountForm


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Delete everything, after the password (and second factor) are entered again."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user=user)
        return redirect("recovery:account-deleted")
    return render(request, "recovery/account_delete.html", {"form": form})


@require_http_methods(["GET"])
def account_deleted(request):
    return render(request, "recovery/account_deleted.html")
