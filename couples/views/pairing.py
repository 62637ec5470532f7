from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from core import attempts
from couples import access, services
from couples.forms import (
    InvitationForm,
    JoinByCodeForm,
)
from couples.models import Invitation
from couples.safety import latest_check, safety_check_first

# ---------- The couple space and invitations ----------


@login_required
@access.client_required
@safety_check_first("couples:couple")
@require_safe
def couple(request):
    membership = access.membership_of(request.user)
    partner = access.partner_membership(membership)
    invitation = None
    if membership is not None and partner is None:
        invitation = membership.couple.invitations.pending().first()
    check = latest_check(request.user)
    context = {
        "membership": membership,
        "partner": partner.user if partner else None,
        "invitation": invitation,
        "invitation_form": InvitationForm(),
        "code_form": JoinByCodeForm(),
        "safety_concern": bool(check and check.concern),
    }
    return render(request, "couples/couple.html", context)


@login_required
@access.client_required
@require_POST
def couple_create(request):
    try:
        services.create_couple(user=request.user)
    except services.PairingError as error:
        messages.error(request, str(error))
    return redirect("couples:couple")


@login_required
@access.client_required
@safety_check_first(
    "couples:couple",
    keep=["email"],
    does=gettext_lazy("When you have answered, Mend will make your invitation."),
)
@require_POST
def invitation_create(request):
    membership = access.membership_of(request.user)
    if membership is None:
        membership_couple = services.create_couple(user=request.user)
    else:
        membership_couple = membership.couple
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invite_partner(
                couple=membership_couple,
                invited_by=request.user,
                email=form.cleaned_data["email"],
            )
        except services.PairingError as error:
            form.add_error("email", str(error))
    if form.errors:
        context = {
            "membership": access.membership_of(request.user),
            "partner": None,
            "invitation": membership_couple.invitations.pending().first(),
            "invitation_form": form,
            "code_form": JoinByCodeForm(),
        }
        return render(request, "couples/couple.html", context)
    messages.success(request, _("Your invitation is ready. It works once, for 7 days."))
    return redirect("couples:couple")


@login_required
@access.client_required
@require_POST
def invitation_revoke(request, pk):
    invitation = access.get_invitation_for(request.user, pk)
    services.revoke_invitation(invitation=invitation)
    messages.success(
        request, _("The invitation is cancelled. Its link and code no longer work.")
    )
    return redirect("couples:couple")


def _join_context(request, invitation, error=None):
    reason = error
    if reason is None:
        try:
            services.check_invitation(
                invitation, request.user if request.user.is_authenticated else None
            )
        except services.PairingError as problem:
            reason = str(problem)
    return {"invitation": invitation, "problem": reason}


@require_safe
def join(request, token):
    try:
        attempts.check(request, attempts.LINK_TOKEN)
    except attempts.TooManyAttempts:
        return render(request, "429.html", status=429)
    invitation = (
        Invitation.objects.select_related("invited_by").filter(token=token).first()
    )
    if invitation is None:
        attempts.record_failure(request, attempts.LINK_TOKEN)
        raise Http404("No such invitation.")
    if not request.user.is_authenticated:
        # Remember it through sign-up and email confirmation.
        request.session[access.PENDING_INVITATION] = token
    return render(request, "couples/join.html", _join_context(request, invitation))


@login_required
@access.client_required
@safety_check_first(
    lambda kwargs: reverse("couples:join", args=[kwargs["token"]]),
    does=gettext_lazy(
        "When you have answered, Mend will link your account with the person who invited you."
    ),
)
@require_POST
def join_accept(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("invited_by"), token=token
    )
    try:
        services.accept_invitation(invitation=invitation, user=request.user)
    except services.PairingError as error:
        return render(
            request, "couples/join.html", _join_context(request, invitation, str(error))
        )
    request.session.pop(access.PENDING_INVITATION, None)
    messages.success(
        request,
        _("You are now linked with %(name)s.")
        % {"name": invitation.invited_by.short_name},
    )
    return redirect("couples:couple")


@login_required
@access.client_required
@safety_check_first(
    "couples:couple",
    keep=["code"],
    does=gettext_lazy(
        "When you have answered, Mend will link your account with the person who invited you."
    ),
)
@require_POST
def join_by_code(request):
    form = JoinByCodeForm(request.POST)
    if form.is_valid():
        try:
            attempts.check(request, attempts.PAIRING_CODE)
        except attempts.TooManyAttempts as wait:
            form.add_error("code", str(wait))
    if form.is_valid():
        invitation = services.find_invitation_by_code(form.cleaned_data["code"])
        if invitation is None:
            attempts.record_failure(request, attempts.PAIRING_CODE)
            form.add_error(
                "code",
                _(
                    "We couldn't find an invitation with that code. Check it and try again."
                ),
            )
        else:
            try:
                services.accept_invitation(invitation=invitation, user=request.user)
            except services.PairingError as error:
                form.add_error("code", str(error))
    if form.errors:
        membership = access.membership_of(request.user)
        context = {
            "membership": membership,
            "partner": None,
            "invitation": None,
            "invitation_form": InvitationForm(),
            "code_form": form,
        }
        return render(request, "couples/couple.html", context)
    messages.success(request, _("You are now linked with your partner."))
    return redirect("couples:couple")


@login_required
@access.client_required
@require_POST
def couple_pause(request):
    services.pause_couple(couple=access.get_couple_for(request.user), by=request.user)
    messages.success(
        request, _("Sharing is paused. Your partner sees nothing new until you resume.")
    )
    return redirect("couples:couple")


@login_required
@access.client_required
@require_POST
def couple_resume(request):
    try:
        services.resume_couple(
            couple=access.get_couple_for(request.user), by=request.user
        )
    except services.PairingError as error:
        messages.error(request, str(error))
    return redirect("couples:couple")


@login_required
@access.client_required
@require_http_methods(["GET", "POST"])
def couple_end(request):
    couple = access.get_couple_for(request.user)
    if request.method == "POST":
        services.end_couple(couple=couple, by=request.user)
        messages.success(
            request, _("Your pairing has ended. Everything you wrote is still here.")
        )
        return redirect("couples:couple")
    partner = access.partner_membership(access.membership_of(request.user))
    return render(
        request,
        "couples/couple_end.html",
        {"partner": partner.user if partner else None},
    )
