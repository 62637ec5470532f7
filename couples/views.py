from allauth.account.views import LogoutView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from . import access, services, trends
from .emails import user_id_from_unsubscribe_token
from .forms import (
    MONTHLY_PROMPTS,
    CheckInForm,
    InvitationForm,
    JoinByCodeForm,
    MonthlyReviewForm,
    ProfileForm,
)
from .models import Couple, Invitation, MonthlyReview, User
from .today import today_card

allauth_logout = LogoutView.as_view()
PENDING_INVITATION = "couples.pending_invitation"


def client_required(view):
    """Couple features are for clients; a therapist account gets 403."""

    def wrapper(request, *args, **kwargs):
        if request.user.is_therapist:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


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


# ---------- The couple space and invitations ----------


@login_required
@client_required
@require_safe
def couple(request):
    membership = access.membership_of(request.user)
    partner = access.partner_membership(membership)
    invitation = None
    if membership is not None and partner is None:
        invitation = membership.couple.invitations.pending().first()
    context = {
        "membership": membership,
        "partner": partner.user if partner else None,
        "invitation": invitation,
        "invitation_form": InvitationForm(),
        "code_form": JoinByCodeForm(),
    }
    return render(request, "couples/couple.html", context)


def _my_couple(user) -> Couple:
    membership = access.membership_of(user)
    if membership is None:
        raise Http404("No couple space.")
    return membership.couple


@login_required
@client_required
@require_POST
def couple_create(request):
    try:
        services.create_couple(user=request.user)
    except services.PairingError as error:
        messages.error(request, str(error))
    return redirect("couples:couple")


@login_required
@client_required
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
@client_required
@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk, couple=_my_couple(request.user))
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
    invitation = get_object_or_404(
        Invitation.objects.select_related("invited_by"), token=token
    )
    if not request.user.is_authenticated:
        # Remember it through sign-up and email confirmation.
        request.session[PENDING_INVITATION] = token
    return render(request, "couples/join.html", _join_context(request, invitation))


@login_required
@client_required
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
    request.session.pop(PENDING_INVITATION, None)
    messages.success(
        request,
        _("You are now linked with %(name)s.")
        % {"name": invitation.invited_by.short_name},
    )
    return redirect("couples:couple")


@login_required
@client_required
@require_POST
def join_by_code(request):
    form = JoinByCodeForm(request.POST)
    if form.is_valid():
        invitation = services.find_invitation_by_code(form.cleaned_data["code"])
        if invitation is None:
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
@client_required
@require_POST
def couple_pause(request):
    services.pause_couple(couple=_my_couple(request.user), by=request.user)
    messages.success(
        request, _("Sharing is paused. Your partner sees nothing new until you resume.")
    )
    return redirect("couples:couple")


@login_required
@client_required
@require_POST
def couple_resume(request):
    try:
        services.resume_couple(couple=_my_couple(request.user), by=request.user)
    except services.PairingError as error:
        messages.error(request, str(error))
    return redirect("couples:couple")


@login_required
@client_required
@require_http_methods(["GET", "POST"])
def couple_end(request):
    couple = _my_couple(request.user)
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


# ---------- Daily check-in ----------


def _card_response(request, context):
    template = (
        "couples/checkin.html#today-card" if request.htmx else "couples/checkin.html"
    )
    return render(request, template, context)


@login_required
@client_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    editing = request.GET.get("edit") == "1"
    if request.method == "GET":
        return _card_response(request, today_card(request.user, editing=editing))
    card = today_card(request.user, editing=True)
    form = CheckInForm(request.POST, has_partner=card["partner"] is not None)
    if not form.is_valid():
        card["form"] = form
        return _card_response(request, card)
    membership = access.membership_of(request.user)
    services.save_checkin(
        user=request.user,
        day=card["day"],
        couple=membership.couple if membership else None,
        values=form.checkin_values(),
    )
    if request.htmx:
        return _card_response(request, today_card(request.user))
    messages.success(request, _("Thank you. Your check-in is saved."))
    return redirect("couples:checkin")


@login_required
@client_required
@require_safe
def checkin_trends(request):
    try:
        weeks = int(request.GET.get("weeks", 8))
    except ValueError:
        weeks = 8
    if weeks not in trends.RANGE_WEEKS:
        weeks = 8
    membership = access.membership_of(request.user)
    partner_membership = access.partner_membership(membership)
    sharing = bool(membership and partner_membership and membership.couple.is_sharing)
    trend = trends.build_trend(
        user=request.user,
        today=access.local_today(request.user),
        weeks=weeks,
        partner=partner_membership.user if sharing else None,
        couple_id=membership.couple_id if sharing else None,
    )
    context = {"trend": trend, "ranges": trends.RANGE_WEEKS}
    template = "couples/trends.html#trend" if request.htmx else "couples/trends.html"
    return render(request, template, context)


# ---------- Monthly review ----------


@login_required
@client_required
@require_http_methods(["GET", "POST"])
def monthly_review(request):
    month = access.local_today(request.user).replace(day=1)
    mine = MonthlyReview.objects.filter(user=request.user, month=month).first()
    initial = {**mine.answers, "shared": mine.shared} if mine else None
    form = MonthlyReviewForm(request.POST or None, initial=initial)
    membership = access.membership_of(request.user)
    if request.method == "POST" and form.is_valid():
        services.save_monthly_review(
            user=request.user,
            month=month,
            couple=membership.couple if membership else None,
            answers=form.answers(),
            shared=form.cleaned_data["shared"],
        )
        messages.success(request, _("Your answers for this month are saved."))
        return redirect("couples:monthly")
    partner = access.sharing_partner(request.user)
    partner_answers = None
    if partner is not None and mine is not None:
        theirs = MonthlyReview.objects.filter(
            user=partner, month=month, couple=membership.couple, shared=True
        ).first()
        if theirs is not None:
            partner_answers = [
                (prompt, theirs.answers.get(key, "")) for key, prompt in MONTHLY_PROMPTS
            ]
    context = {
        "form": form,
        "month": month,
        "mine": mine,
        "partner": partner,
        "partner_answers": partner_answers,
    }
    return render(request, "couples/monthly.html", context)


# ---------- Reminders ----------


@csrf_exempt  # mail clients send the one-click POST without a CSRF token (RFC 8058)
@require_http_methods(["GET", "POST"])
def reminders_stop(request, token):
    user_id = user_id_from_unsubscribe_token(token)
    if user_id is None:
        raise Http404("Unknown link.")
    if request.method == "POST":
        User.objects.filter(pk=user_id).update(checkin_reminder_time=None)
        return render(request, "couples/reminders_stopped.html")
    return render(request, "couples/reminders_stop.html", {"token": token})
