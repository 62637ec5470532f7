from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from core import attempts
from couples import access, therapy
from couples.forms import ConnectCodeForm, ConsentForm

NO_SUCH_THERAPIST = _lazy(
    "We couldn't find a therapist with that code. Check it and try again."
)


@login_required
@access.client_required
@require_safe
def my_therapists(request):
    return _therapists_page(request, ConnectCodeForm())


def _therapists_page(request, code_form):
    consents = list(access.consents_of(request.user))
    for consent in consents:
        consent.form = ConsentForm(
            initial={name: getattr(consent, name) for name in therapy.SCOPES},
            prefix=f"consent-{consent.pk}",
        )
    log = access.access_log_of(request.user)[:50]
    context = {"consents": consents, "code_form": code_form, "log": log}
    return render(request, "couples/therapists.html", context)


@login_required
@access.client_required
@require_POST
def connect_by_code(request):
    form = ConnectCodeForm(request.POST)
    if not form.is_valid():
        return _therapists_page(request, form)
    try:
        attempts.check(request, attempts.THERAPIST_CODE)
    except attempts.TooManyAttempts as wait:
        form.add_error("code", str(wait))
        return _therapists_page(request, form)
    profile = therapy.therapist_by_code(form.cleaned_data["code"])
    if profile is None:
        attempts.record_failure(request, attempts.THERAPIST_CODE)
        form.add_error("code", NO_SUCH_THERAPIST)
        return _therapists_page(request, form)
    return redirect("couples:therapist-connect", code=profile.connection_code)


@login_required
@access.client_required
@require_http_methods(["GET", "POST"])
def therapist_connect(request, code):
    # A code typed into the address counts like one typed into the form, and
    # an unknown one answers like a wrong code there: no page tells a guesser
    # which codes exist.
    try:
        attempts.check(request, attempts.THERAPIST_CODE)
    except attempts.TooManyAttempts as wait:
        messages.error(request, str(wait))
        return redirect("couples:therapists")
    profile = therapy.therapist_by_code(code)
    if profile is None:
        attempts.record_failure(request, attempts.THERAPIST_CODE)
        messages.error(request, NO_SUCH_THERAPIST)
        return redirect("couples:therapists")
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            therapy.give_consent(
                client=request.user, therapist_profile=profile, scopes=form.cleaned_data
            )
        except therapy.ConsentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Connected. %(name)s can now see what you chose. You can change it here at any time."
                )
                % {"name": profile.full_name},
            )
            return redirect("couples:therapists")
    return render(
        request, "couples/therapist_connect.html", {"profile": profile, "form": form}
    )


@login_required
@access.client_required
@require_POST
def consent_update(request, pk):
    consent = access.get_consent_of(request.user, pk)
    form = ConsentForm(request.POST, prefix=f"consent-{consent.pk}")
    if not form.is_valid():
        raise Http404("Invalid form.")
    profile = consent.therapist.therapist_profile
    therapy.give_consent(
        client=request.user, therapist_profile=profile, scopes=form.cleaned_data
    )
    messages.success(request, _("Updated. The change applies straight away."))
    return redirect("couples:therapists")


@login_required
@access.client_required
@require_POST
def consent_revoke(request, pk):
    consent = access.get_consent_of(request.user, pk)
    therapy.revoke_consent(consent=consent)
    messages.success(
        request, _("Disconnected. From now on, they see nothing of yours.")
    )
    return redirect("couples:therapists")
