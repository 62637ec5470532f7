"""The first run: a few skippable questions, right after a new account is confirmed."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from couples import access, services
from couples.forms import IntakeForm


@login_required
@access.client_required
@require_http_methods(["GET", "POST"])
def intake(request):
    has_partner = access.partner_membership(access.membership_of(request.user))
    form = IntakeForm(
        request.POST if request.method == "POST" else None,
        instance=request.user,
        has_partner=has_partner is not None,
    )
    if request.method == "POST" and form.is_valid():
        services.save_intake(user=request.user, answers=form.cleaned_data)
        return redirect("recovery:home")
    return render(request, "couples/intake.html", {"form": form})


@login_required
@access.client_required
@require_POST
def intake_skip(request):
    services.skip_intake(user=request.user)
    return redirect("recovery:home")
