from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from core.dates import local_today
from core.diff import word_diff
from couples import access
from couples import agreements as steps
from couples.agreement_templates import BY_KEY, STARTING_POINTS
from couples.forms import (
    AgreementForm,
    DeclineForm,
    RevisionForm,
    SlipForm,
    SlipResponseForm,
)
from couples.models import Agreement, AgreementEvent


@login_required
@access.client_required
@require_safe
def agreement_list(request):
    membership = access.membership_of(request.user)
    partner = access.partner_membership(membership)
    if membership is None or partner is None:
        return render(request, "couples/agreements/list.html", {"no_partner": True})
    groups = {"waiting_for_me": [], "waiting_for_partner": [], "active": [], "past": []}
    today = local_today(request.user)
    for agreement in access.agreements_visible_to(request.user, membership.couple):
        agreement.review_due = steps.review_due(agreement, today=today)
        if agreement.status in (Agreement.Status.DECLINED, Agreement.Status.RETIRED):
            groups["past"].append(agreement)
        elif (
            agreement.status == Agreement.Status.PROPOSED or agreement.is_being_changed
        ):
            key = "waiting_for_partner" if agreement.i_accepted else "waiting_for_me"
            groups[key].append(agreement)
            if agreement.is_being_changed:
                groups["active"].append(agreement)
        else:
            groups["active"].append(agreement)
    return render(
        request,
        "couples/agreements/list.html",
        {"groups": groups, "partner": partner.user},
    )


@login_required
@access.client_required
@require_http_methods(["GET", "POST"])
def agreement_create(request):
    couple = access.get_couple_for(request.user)
    starting_point = BY_KEY.get(request.GET.get("from", ""))
    initial = None
    if starting_point:
        initial = {key: starting_point[key] for key in ("category", "title", "text")}
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = steps.propose_agreement(
                couple=couple,
                by=request.user,
                category=data["category"],
                title=data["title"],
                text=data["text"],
                review_on=data["review_on"],
            )
        except steps.AgreementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Proposed. Your partner can now accept it, suggest a change, or decline."
                ),
            )
            return redirect("couples:agreement-detail", pk=agreement.pk)
    return render(
        request,
        "couples/agreements/form.html",
        {"form": form, "starting_points": STARTING_POINTS, "creating": True},
    )


def _detail_context(request, agreement, **extra):
    events = list(
        agreement.events.select_related("user", "revision").order_by("created_at", "pk")
    )
    slips = list(agreement.slips.select_related("user"))
    slip_forms = extra.pop("slip_forms", {})
    for slip in slips:
        slip.response_form = slip_forms.get(slip.pk) or SlipResponseForm(
            prefix=f"slip-{slip.pk}"
        )
    today = local_today(request.user)
    reviewed_since = set()
    if steps.review_due(agreement, today=today):
        reviewed_since = {
            e.user_id
            for e in events
            if e.kind == AgreementEvent.Kind.REVIEWED
            and e.revision_id == agreement.active_revision_id
            and e.created_at.date() >= agreement.active_revision.review_on
        }
    current = agreement.current_revision
    context = {
        "agreement": agreement,
        "current": current,
        "in_force": agreement.active_revision,
        "events": events,
        "slips": slips,
        "is_open": agreement.status == Agreement.Status.PROPOSED
        or agreement.is_being_changed,
        "mine_to_answer": not agreement.i_accepted,
        "change_diff": (
            word_diff(agreement.active_revision.text, current.text)
            if agreement.is_being_changed
            else None
        ),
        "review_due": steps.review_due(agreement, today=today)
        and request.user.pk not in reviewed_since,
        "decline_form": DeclineForm(initial={"revision": current.number}),
    }
    context.update(extra)
    return context


@login_required
@access.client_required
@require_safe
def agreement_detail(request, pk):
    agreement = access.get_agreement_for(request.user, pk)
    return render(
        request, "couples/agreements/detail.html", _detail_context(request, agreement)
    )


def _take_step(request, agreement, step, done: str, **arguments):
    """Run one step of an agreement's life and say how it went, on its page."""
    try:
        agreement = step(agreement=agreement, by=request.user, **arguments)
    except steps.AgreementError as error:
        messages.error(request, str(error))
    else:
        if step is steps.accept and agreement.status == Agreement.Status.ACTIVE:
            # The last signature: a moment to mark, not a form to acknowledge.
            messages.success(
                request,
                _(
                    "You have both signed it. These words are now yours together, and they are on your timeline."
                ),
                extra_tags="milestone",
            )
        else:
            messages.success(request, done)
    return redirect("couples:agreement-detail", pk=agreement.pk)


@login_required
@access.client_required
@require_POST
def agreement_accept(request, pk):
    agreement = access.get_agreement_for(request.user, pk)
    form = RevisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please try again from the agreement's page."))
        return redirect("couples:agreement-detail", pk=agreement.pk)
    return _take_step(
        request,
        agreement,
        steps.accept,
        _("You accepted it."),
        revision_number=form.cleaned_data["revision"],
    )


@login_required
@access.client_required
@require_POST
def agreement_decline(request, pk):
    agreement = access.get_agreement_for(request.user, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, agreement, decline_form=form)
        return render(request, "couples/agreements/detail.html", context)
    return _take_step(
        request,
        agreement,
        steps.decline,
        _("You declined it, and your reason was shared with your partner."),
        revision_number=form.cleaned_data["revision"],
        reason=form.cleaned_data["reason"],
    )


@login_required
@access.client_required
@require_POST
def agreement_retire(request, pk):
    return _take_step(
        request,
        access.get_agreement_for(request.user, pk),
        steps.request_retirement,
        _("You asked to retire it. It stays in force until your partner agrees."),
    )


@login_required
@access.client_required
@require_POST
def agreement_retire_confirm(request, pk):
    return _take_step(
        request,
        access.get_agreement_for(request.user, pk),
        steps.confirm_retirement,
        _("The agreement is retired. It stays in your history."),
    )


@login_required
@access.client_required
@require_POST
def agreement_retire_cancel(request, pk):
    return _take_step(
        request,
        access.get_agreement_for(request.user, pk),
        steps.cancel_retirement,
        _("The agreement stays in force."),
    )


@login_required
@access.client_required
@require_POST
def agreement_still_working(request, pk):
    return _take_step(
        request,
        access.get_agreement_for(request.user, pk),
        steps.mark_still_working,
        _("Noted: it's still working for you."),
    )


@login_required
@access.client_required
@require_http_methods(["GET", "POST"])
def agreement_change(request, pk):
    """Suggest a change to a proposal, or reopen an agreement in force."""
    agreement = access.get_agreement_for(request.user, pk)
    current = agreement.current_revision
    reopening = (
        agreement.status == Agreement.Status.ACTIVE and not agreement.is_being_changed
    )
    if agreement.status in (Agreement.Status.DECLINED, Agreement.Status.RETIRED):
        raise Http404("Nothing to change.")
    initial = {
        "title": current.title,
        "text": current.text,
        "review_on": current.review_on,
        "revision": current.number,
    }
    form = AgreementForm(request.POST or None, initial=initial, with_category=False)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        step = steps.reopen if reopening else steps.suggest_change
        try:
            step(
                agreement=agreement,
                by=request.user,
                revision_number=data["revision"],
                title=data["title"],
                text=data["text"],
                review_on=data["review_on"],
            )
        except steps.StaleRevision as error:
            stale = str(error)
            agreement = access.get_agreement_for(request.user, pk)
            current = agreement.current_revision
            # Keep their words; point the form at the newest version.
            form = AgreementForm(
                {**request.POST.dict(), "revision": current.number}, with_category=False
            )
            form.is_valid()
        except steps.AgreementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your wording is shared with your partner."))
            return redirect("couples:agreement-detail", pk=agreement.pk)
    return render(
        request,
        "couples/agreements/form.html",
        {
            "form": form,
            "agreement": agreement,
            "current": current,
            "reopening": reopening,
            "stale": stale,
        },
    )


@login_required
@access.client_required
@require_safe
def agreement_history(request, pk):
    agreement = access.get_agreement_for(request.user, pk)
    revisions = list(agreement.revisions.select_related("proposed_by"))
    numbers = [r.number for r in revisions]

    def pick(name, default):
        try:
            value = int(request.GET.get(name, default))
        except ValueError:
            return default
        return value if value in numbers else default

    newer = pick("to", numbers[-1])
    older = pick("from", max(numbers[0], newer - 1))
    by_number = {r.number: r for r in revisions}
    events = agreement.events.select_related("user", "revision").order_by(
        "created_at", "pk"
    )
    context = {
        "agreement": agreement,
        "revisions": revisions,
        "events": events,
        "older": by_number[older],
        "newer": by_number[newer],
        "title_diff": word_diff(by_number[older].title, by_number[newer].title),
        "text_diff": word_diff(by_number[older].text, by_number[newer].text),
    }
    return render(request, "couples/agreements/history.html", context)


@login_required
@access.client_required
@require_http_methods(["GET", "POST"])
def slip_create(request, pk):
    agreement = access.get_agreement_for(request.user, pk)
    form = SlipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            steps.record_slip(agreement=agreement, by=request.user, **form.cleaned_data)
        except steps.AgreementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Thank you for telling the truth. That is part of rebuilding trust, even when it is hard."
                ),
            )
            return redirect("couples:agreement-detail", pk=agreement.pk)
    return render(
        request, "couples/agreements/slip.html", {"form": form, "agreement": agreement}
    )


@login_required
@access.client_required
@require_POST
def slip_respond(request, pk):
    slip = access.get_slip_for(request.user, pk)
    form = SlipResponseForm(request.POST, prefix=f"slip-{slip.pk}")
    if form.is_valid():
        try:
            steps.respond_to_slip(
                slip=slip, by=request.user, response=form.cleaned_data["response"]
            )
        except steps.AgreementError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your answer is shared. Talking a slip through is how trust is rebuilt."
                ),
                extra_tags="milestone",
            )
        return redirect("couples:agreement-detail", pk=slip.agreement_id)
    # Keep their words beside the message, on the agreement's page.
    agreement = access.get_agreement_for(request.user, slip.agreement_id)
    context = _detail_context(request, agreement, slip_forms={slip.pk: form})
    return render(request, "couples/agreements/detail.html", context)
