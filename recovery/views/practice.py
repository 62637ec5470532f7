import datetime
from statistics import mean

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from core.dates import local_today
from couples.access import client_required, sharing_couple
from couples.safety import found_no_danger, safety_check_first

from .. import access, services
from ..forms import (
    CommitmentForm,
    ConversationReadyForm,
    ReassuranceForm,
    TriggerForm,
)
from ..models import Exercise

TREND_WEEKS = 12
CHART_WIDTH, CHART_BARS_HEIGHT = 420, 110

# ---------- Commitments ----------


def _back_to_commitments():
    exercise = Exercise.objects.filter(kind=Exercise.Kind.COMMITMENTS).first()
    return redirect(exercise) if exercise else redirect("recovery:pathway")


@login_required
@client_required
@require_POST
def commitment_create(request):
    _partner, couple = sharing_couple(request.user)
    form = CommitmentForm(request.POST)
    if form.is_valid():
        services.make_commitment(
            user=request.user, couple=couple, text=form.cleaned_data["text"]
        )
        messages.success(
            request, _("Commitment made. Mark it kept when you have kept it.")
        )
    else:
        messages.error(
            request, _("Write your commitment in a few words (500 characters at most).")
        )
    return _back_to_commitments()


@login_required
@client_required
@require_POST
def commitment_kept(request, pk):
    commitment = access.get_commitment_for(request.user, pk)
    try:
        services.mark_kept(commitment=commitment, by=request.user)
        messages.success(
            request, _("Marked kept. Your partner can now acknowledge it.")
        )
    except services.PathwayError as error:
        messages.error(request, str(error))
    return _back_to_commitments()


@login_required
@client_required
@require_POST
def commitment_acknowledge(request, pk):
    commitment = access.get_commitment_for(request.user, pk)
    try:
        services.acknowledge_commitment(commitment=commitment, by=request.user)
        messages.success(
            request,
            _("Acknowledged. Kept promises, seen by both of you, are how trust grows."),
        )
    except services.PathwayError as error:
        messages.error(request, str(error))
    return _back_to_commitments()


# ---------- Trigger log ----------


def trigger_trend(triggers, today):
    """Weekly counts and average strength, oldest first, for the last TREND_WEEKS weeks."""
    first = today - datetime.timedelta(days=TREND_WEEKS * 7 - 1)
    weeks = []
    for index in range(TREND_WEEKS):
        start = first + datetime.timedelta(days=7 * index)
        end = start + datetime.timedelta(days=6)
        inside = [t.intensity for t in triggers if start <= t.occurred_on <= end]
        weeks.append(
            {
                "start": start,
                "end": end,
                "count": len(inside),
                "average": round(mean(inside), 1) if inside else None,
            }
        )
    slot = CHART_WIDTH / TREND_WEEKS
    for index, week in enumerate(weeks):
        # Bar height is the week's average strength: milder weeks, lower bars.
        height = round(CHART_BARS_HEIGHT * (week["average"] or 0) / 10, 1)
        week.update(
            x=round(index * slot + 4, 1),
            width=round(slot - 8, 1),
            height=height,
            y=round(CHART_BARS_HEIGHT + 6 - height, 1),
        )
    return weeks


@login_required
@client_required
@require_safe
def triggers(request):
    partner, couple = sharing_couple(request.user)
    today = local_today(request.user)
    mine = list(
        access.own_triggers(request.user).order_by("-occurred_on", "-created_at")
    )
    waiting = list(
        access.reassurance_requests_for(partner, couple).order_by("-occurred_on")[:20]
    )
    context = {
        "triggers": mine[:30],
        "weeks": trigger_trend(mine, today),
        "partner": partner,
        "partner_requests": waiting,
        "reassure_form": ReassuranceForm(),
    }
    return render(request, "recovery/triggers.html", context)


@login_required
@client_required
@require_http_methods(["GET", "POST"])
def trigger_create(request):
    """Note a moment, a question at a time: a short guided flow, one form."""
    partner, couple = sharing_couple(request.user)
    form = TriggerForm(
        request.POST or None,
        initial={"occurred_on": local_today(request.user)},
        # Asking the partner is offered only once the safety check found no danger.
        has_partner=partner is not None and found_no_danger(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.log_trigger(user=request.user, couple=couple, **form.cleaned_data)
        except services.PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Noted. Be gentle with yourself today."))
            return redirect("recovery:triggers")
    return render(
        request, "recovery/trigger_form.html", {"form": form, "partner": partner}
    )


@login_required
@client_required
@require_POST
def trigger_reassure(request, pk):
    trigger = access.get_reassurance_request_for(request.user, pk)
    form = ReassuranceForm(request.POST)
    if form.is_valid():
        services.reassure(
            trigger=trigger, by=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Your reassurance is sent."))
    else:
        messages.error(request, _("Write a few words of reassurance before sending."))
    return redirect("recovery:triggers")


# ---------- Guided conversations ----------


def conversation_context(request, exercise):
    partner, couple = sharing_couple(request.user)
    conversation = access.open_conversation_of(couple, exercise)
    return {
        "exercise": exercise,
        "conversation": conversation,
        "partner": partner,
        "prompt": exercise.prompts[conversation.prompt_index]
        if conversation and conversation.prompt_index < len(exercise.prompts)
        else None,
        "i_am_ready": conversation is not None
        and request.user.pk in conversation.ready_user_ids,
    }


def _conversation_response(request, exercise):
    context = conversation_context(request, exercise)
    if request.htmx:
        return render(
            request, "recovery/exercise/conversation.html#conversation", context
        )
    return redirect(exercise)


@login_required
@client_required
@require_safe
def conversation_state(request, pk):
    """The live part of a guided conversation; both phones poll it to stay in step."""
    exercise = get_object_or_404(Exercise, pk=pk, kind=Exercise.Kind.CONVERSATION)
    return render(
        request,
        "recovery/exercise/conversation.html#conversation",
        conversation_context(request, exercise),
    )


def _conversation_step(request, pk, step):
    """Run one step of a couple's guided conversation and show where it stands."""
    exercise = get_object_or_404(Exercise, pk=pk, kind=Exercise.Kind.CONVERSATION)
    _partner, couple = sharing_couple(request.user)
    if couple is None:
        messages.error(request, _("Guided conversations are for two linked partners."))
        return redirect(exercise)
    try:
        step(couple, exercise)
    except services.PathwayError as error:
        messages.error(request, str(error))
    return _conversation_response(request, exercise)


def _in_open_conversation(request, pk, step, **arguments):
    """One step of the couple's conversation under way on this exercise (404 if none)."""
    return _conversation_step(
        request,
        pk,
        lambda couple, exercise: step(
            conversation=access.get_open_conversation_for(request.user, exercise),
            by=request.user,
            **arguments,
        ),
    )


@login_required
@client_required
@require_POST
@safety_check_first(
    "recovery:pathway",
    does=gettext_lazy(
        "When you have answered, Mend will start the guided conversation."
    ),
)
def conversation_start(request, pk):
    return _conversation_step(
        request,
        pk,
        lambda couple, exercise: services.open_conversation(
            couple=couple, exercise=exercise
        ),
    )


@login_required
@client_required
@require_POST
@safety_check_first(
    "recovery:pathway",
    keep=["prompt"],
    does=gettext_lazy(
        "When you have answered, Mend will carry on with the guided conversation."
    ),
)
def conversation_ready(request, pk):
    form = ConversationReadyForm(request.POST)
    prompt_index = form.cleaned_data["prompt"] if form.is_valid() else -1
    return _in_open_conversation(
        request, pk, services.ready_for_next, prompt_index=prompt_index
    )


@login_required
@client_required
@require_POST
@safety_check_first(
    "recovery:pathway",
    does=gettext_lazy(
        "When you have answered, Mend will carry on with the guided conversation."
    ),
)
def conversation_pause(request, pk):
    return _in_open_conversation(request, pk, services.pause_conversation)


@login_required
@client_required
@require_POST
@safety_check_first(
    "recovery:pathway",
    does=gettext_lazy(
        "When you have answered, Mend will carry on with the guided conversation."
    ),
)
def conversation_resume(request, pk):
    return _in_open_conversation(request, pk, services.resume_conversation)
