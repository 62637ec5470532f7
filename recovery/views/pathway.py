from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from content.models import Article
from content.rendering import render_markdown
from core import encryption, limits
from couples.access import client_required, sharing_couple
from couples.models import Consent
from couples.safety import safety_check_first

from .. import access, progress, services
from ..forms import (
    AcknowledgementForm,
    CommitmentForm,
    JournalFilterForm,
    ResponseForm,
)
from ..models import Conversation, Exercise, Response, Step
from ..summary import progress_summary
from .practice import conversation_context

AUTHOR_SALT = "recovery.response-author"
KEPT_WRITING = "recovery.kept-writing"


def author_token(user) -> str:
    return signing.dumps(user.pk, salt=AUTHOR_SALT)


def _author_from(token: str):
    try:
        return signing.loads(token, salt=AUTHOR_SALT)
    except signing.BadSignature:
        return None


def _keep_writing_for_later(request, exercise, text: str) -> bool:
    """The session expired mid-writing: keep the text, encrypted, until they sign in."""
    author = _author_from(request.POST.get("author", ""))
    if author is None or not text.strip():
        return False
    kept = request.session.get(KEPT_WRITING, {})
    kept[str(exercise.pk)] = {"author": author, "text": encryption.encrypt(text)}
    request.session[KEPT_WRITING] = kept
    return True


def _restore_kept_writing(request, exercise):
    kept = request.session.get(KEPT_WRITING, {})
    entry = kept.get(str(exercise.pk))
    if not entry or entry["author"] != request.user.pk:
        return None
    text = encryption.decrypt(entry["text"])
    del kept[str(exercise.pk)]
    request.session[KEPT_WRITING] = kept
    return services.save_draft(user=request.user, exercise=exercise, text=text)


def _sign_in_url(exercise) -> str:
    return f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: exercise.get_absolute_url()})}"


@login_required
@client_required
@require_safe
def pathway(request):
    partner, couple = sharing_couple(request.user)
    states = progress.pathway_progress(request.user, partner=partner, couple=couple)
    context = {
        "states": states,
        "current": progress.current_state(states),
        "overall": progress.overall_percent(states),
        "partner": partner,
    }
    return render(request, "recovery/pathway.html", context)


@login_required
@client_required
@require_safe
def step(request, number):
    step = get_object_or_404(Step.objects.prefetch_related("exercises"), number=number)
    partner, couple = sharing_couple(request.user)
    state = progress.pathway_progress(
        request.user, partner=partner, couple=couple, steps=[step]
    )[0]
    # The step links to articles by slug; show each in the reader's language.
    related = (
        Article.objects.published()
        .in_language()
        .filter(slug__in=step.related.values("slug"))
        .only("slug", "title")
    )
    return render(
        request,
        "recovery/step.html",
        {"state": state, "step": step, "partner": partner, "related": related},
    )


@login_required
@client_required
@require_POST
def step_complete(request, number):
    step = get_object_or_404(Step, number=number)
    if request.POST.get("complete") == "1":
        services.complete_step(user=request.user, step=step)
        if services.finished_together(user=request.user, step=step):
            messages.success(
                request,
                _(
                    "You have both finished this step. Take a moment to notice how far you have come together."
                ),
                extra_tags="milestone",
            )
        else:
            messages.success(
                request,
                _("Step marked complete. You can come back to it whenever you need."),
            )
    else:
        services.reopen_step(user=request.user, step=step)
        messages.success(
            request, _("Step reopened. Coming back to a step is part of healing.")
        )
    return redirect(step)


def _summary_context(request, exercise, partner, couple) -> dict:
    return {"summary": progress_summary(request.user)}


def _commitments_context(request, exercise, partner, couple) -> dict:
    commitments = access.commitments_visible_to(
        request.user, partner=partner, couple=couple
    ).select_related("user")
    return {"commitments": list(commitments), "commitment_form": CommitmentForm()}


def _conversation_context(request, exercise, partner, couple) -> dict:
    if couple is None:
        return {}
    return conversation_context(request, exercise) | {
        "finished_before": Conversation.objects.filter(
            couple=couple, exercise=exercise, status=Conversation.Status.FINISHED
        ).exists()
    }


# What each kind of exercise adds to its page, beside the writing every page has.
KIND_CONTEXT = {
    Exercise.Kind.THERAPY_PREP: _summary_context,
    Exercise.Kind.COMMITMENTS: _commitments_context,
    Exercise.Kind.CONVERSATION: _conversation_context,
}


def _exercise_context(request, exercise, *, form=None, restored=False):
    user = request.user
    partner, couple = sharing_couple(user)
    mine = (
        Response.objects.filter(user=user, exercise=exercise)
        .prefetch_related("acknowledgements__user")
        .first()
    )
    theirs = (
        access.partners_shared_responses(partner, couple)
        .filter(exercise=exercise)
        .prefetch_related("acknowledgements__user")
        .first()
    )
    if form is None:
        text = (
            mine.draft
            if mine and mine.has_unsaved_draft
            else (mine.body if mine else "")
        )
        form = ResponseForm(initial={"body": text, "author": author_token(user)})
    context = {
        "exercise": exercise,
        "step": exercise.step,
        "kind_template": f"recovery/exercise/{exercise.kind}.html",
        "mine": mine,
        "mine_html": render_markdown(mine.body).html if mine and mine.body else "",
        "theirs": theirs,
        "theirs_html": render_markdown(theirs.body).html if theirs else "",
        "partner": partner,
        "form": form,
        "ack_form": AcknowledgementForm(),
        "restored": restored,
        "for_me": exercise.fits(user.role),
        "therapist_sharing": Consent.objects.active()
        .filter(client=user, share_responses=True)
        .exists(),
    }
    kind_context = KIND_CONTEXT.get(exercise.kind)
    if kind_context is not None:
        context |= kind_context(request, exercise, partner, couple)
    return context


@login_required
@client_required
@require_safe
def exercise(request, pk):
    exercise = get_object_or_404(Exercise.objects.select_related("step"), pk=pk)
    restored = _restore_kept_writing(request, exercise) is not None
    if restored:
        messages.success(
            request,
            _("We kept what you were writing when you were signed out. It is here."),
        )
    return render(
        request,
        "recovery/exercise.html",
        _exercise_context(request, exercise, restored=restored),
    )


@require_POST
def response_draft(request, pk):
    """Autosave, every few seconds while typing and when the field loses focus."""
    exercise = get_object_or_404(Exercise, pk=pk)
    text = request.POST.get("body", "")[: limits.WRITING]
    if not request.user.is_authenticated:
        kept = _keep_writing_for_later(request, exercise, text)
        return render(
            request,
            "recovery/_draft_status.html",
            {"signed_out": True, "kept": kept, "sign_in_url": _sign_in_url(exercise)},
        )
    if request.user.is_therapist:
        raise PermissionDenied
    response = services.save_draft(user=request.user, exercise=exercise, text=text)
    return render(request, "recovery/_draft_status.html", {"response": response})


@require_POST
def response_save(request, pk):
    exercise = get_object_or_404(Exercise.objects.select_related("step"), pk=pk)
    if not request.user.is_authenticated:
        # Never lose writing to an expired session: keep it, then ask to sign in.
        _keep_writing_for_later(request, exercise, request.POST.get("body", ""))
        messages.info(
            request,
            _("You were signed out, but your writing is kept. Sign in to carry on."),
        )
        url = _sign_in_url(exercise)
        return (
            HttpResponseClientRedirect(url)
            if request.htmx
            else HttpResponseRedirect(url)
        )
    if request.user.is_therapist:
        raise PermissionDenied
    form = ResponseForm(request.POST)
    if not form.is_valid():
        if request.POST.get("body"):
            services.save_draft(
                user=request.user,
                exercise=exercise,
                text=request.POST["body"][: limits.WRITING],
            )
        return render(
            request,
            "recovery/exercise.html",
            _exercise_context(request, exercise, form=form),
        )
    services.save_response(
        user=request.user, exercise=exercise, body=form.cleaned_data["body"]
    )
    messages.success(
        request, _("Saved. It is private to you unless you choose to share it.")
    )
    return redirect(exercise)


@login_required
@client_required
@require_POST
@safety_check_first(
    "recovery:journal",
    does=gettext_lazy(
        "When you have answered, Mend will share this writing with your partner."
    ),
)
def response_share(request, pk):
    response = access.get_own_response(request.user, pk)
    partner, couple = sharing_couple(request.user)
    try:
        services.share_response(response=response, couple=couple)
    except services.PathwayError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Shared with %(name)s. Changed your mind? You can undo it for the"
                " next ten minutes, as long as %(name)s has not opened it."
            )
            % {"name": partner.short_name},
        )
    return redirect(response.exercise)


@login_required
@client_required
@require_POST
def response_share_undo(request, pk):
    response = access.get_own_response(request.user, pk)
    partner, _couple = sharing_couple(request.user)
    name = partner.short_name if partner else _("your partner")
    if services.undo_sharing(response=response):
        messages.success(
            request,
            _("Undone. It is private again, and %(name)s was not told of it.")
            % {"name": name},
        )
    else:
        messages.success(
            request,
            _(
                "It is private again, but %(name)s may already have read it:"
                " it was shared a while ago, or they had opened it."
            )
            % {"name": name},
        )
    return redirect(response.exercise)


@login_required
@client_required
@require_POST
def response_unshare(request, pk):
    response = access.get_own_response(request.user, pk)
    services.unshare_response(response=response)
    messages.success(request, _("No longer shared. Your partner can't see it now."))
    return redirect(response.exercise)


@login_required
@client_required
@require_POST
def response_therapist_share(request, pk):
    response = access.get_own_response(request.user, pk)
    services.share_with_therapist(response=response, shared=True)
    messages.success(request, _("Shared with your therapist."))
    return redirect(response.exercise)


@login_required
@client_required
@require_POST
def response_therapist_unshare(request, pk):
    response = access.get_own_response(request.user, pk)
    services.share_with_therapist(response=response, shared=False)
    messages.success(request, _("No longer shared with your therapist."))
    return redirect(response.exercise)


@login_required
@client_required
@require_POST
def response_seen(request, pk):
    """The partner opened shared writing: the page posts this once it has loaded."""
    response = access.get_partners_shared_response(request.user, pk)
    services.mark_seen(response)
    if request.htmx:
        return HttpResponse("")
    return redirect(response.exercise)


@login_required
@client_required
@require_POST
def response_acknowledge(request, pk):
    response = access.get_partners_shared_response(request.user, pk)
    form = AcknowledgementForm(request.POST)
    if form.is_valid():
        services.acknowledge(
            response=response, by=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Your answer is shared."))
        return redirect(response.exercise)
    context = _exercise_context(request, response.exercise)
    context["ack_form"] = form
    return render(request, "recovery/exercise.html", context)


@login_required
@client_required
@require_safe
def journal(request):
    responses = (
        access.own_responses(request.user)
        .filter(saved_at__isnull=False)
        .select_related("exercise__step")
    )
    form = JournalFilterForm(request.GET)
    filters = form.filters()
    query = filters["query"]
    if filters["step"] is not None:
        responses = responses.filter(exercise__step__number=filters["step"])
    if filters["kind"]:
        responses = responses.filter(exercise__kind=filters["kind"])
    entries = list(responses.order_by("-saved_at"))
    if query:
        # The writing is encrypted in the database, so it is searched here, after decryption.
        needle = query.lower()
        entries = [
            r
            for r in entries
            if needle in r.body.lower() or needle in r.exercise.title.lower()
        ]
    context = {
        "entries": entries,
        "steps": Step.objects.all(),
        "kinds": Exercise.Kind.choices,
        "step_filter": str(filters["step"] or ""),
        "kind_filter": filters["kind"],
        "query": query,
        "refused": form.errors.get("q"),
    }
    template = (
        "recovery/journal.html#entries" if request.htmx else "recovery/journal.html"
    )
    return render(request, template, context)
