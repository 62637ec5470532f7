"""The private safety check: routing a person away from joint work, gently and invisibly.

Nothing here ever changes what the partner sees: the check only changes what
this person is offered next.

An action that needs the check (sharing, pairing, asking the partner for
something) is not lost to it. `safety_check_first` keeps the interrupted
POST in the session, signed and short-lived: the action's own address and
only the form fields the view names (never the CSRF token, never anything
else the browser sent). When the check finds nothing of concern, the check
page completes the action by calling the same view, so the same access rules
and the same service run. On any sign of danger the kept action is dropped:
nothing is done and nothing reaches the partner.
"""

import json
import secrets
from functools import wraps

from django.core import signing
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from .models import SafetyCheck

QUESTIONS = [
    ("afraid", _("Are you ever afraid of your partner?")),
    (
        "threats",
        _("Has your partner threatened you, or someone or something you care about?"),
    ),
    (
        "hurt",
        _(
            "Has your partner ever pushed, hit, choked or hurt you, or pressured you into anything sexual?"
        ),
    ),
    (
        "control",
        _(
            "Does your partner control your money, your phone, who you see or where you go?"
        ),
    ),
    (
        "monitored",
        _(
            "Do you think your partner reads your messages or tracks where you are without your agreement?"
        ),
    ),
]
ANSWERS = [("no", _("No")), ("yes", _("Yes")), ("unsure", _("I'm not sure"))]

# The interrupted action, in the session: signed, and only good for a while.
INTERRUPTED = "couples.safety.interrupted"
INTERRUPTED_SALT = "couples.safety.interrupted-action"
INTERRUPTED_MAX_AGE = 30 * 60


def latest_check(user) -> SafetyCheck | None:
    """The newest check, looked up once per request (kept on the user object)."""
    if not hasattr(user, "_latest_safety_check"):
        user._latest_safety_check = (
            SafetyCheck.objects.filter(user=user).order_by("-taken_at").first()
        )
    return user._latest_safety_check


def found_no_danger(user) -> bool:
    """The person took the check and nothing in it suggested danger."""
    check = latest_check(user)
    return check is not None and not check.concern


@transaction.atomic
def record_check(*, user, answers: dict) -> SafetyCheck:
    """Any answer other than a plain "no" counts as a concern: when unsure, stay safe."""
    concern = any(value != "no" for value in answers.values())
    check = SafetyCheck.objects.create(
        user=user, concern=concern, answers_json=json.dumps(answers)
    )
    user._latest_safety_check = check
    return check


def safety_check_first(return_to, *, keep=(), does=None):
    """Before joint work: send a person who never took the safety check to it first.

    `return_to` is the page to go back to when the check raises a concern (a
    URL name, or a function of the view's keyword arguments returning a
    path). For a POST, the action is kept (its address and the `keep`
    fields) and completed once the check finds no danger; `does` says, in a
    sentence, what that action will do.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated and latest_check(request.user) is None:
                query = {}
                if request.method == "GET":
                    query["next"] = request.get_full_path()
                else:
                    query["next"] = (
                        return_to(kwargs) if callable(return_to) else reverse(return_to)
                    )
                    query["resume"] = keep_interrupted(request, keep)
                url = f"{reverse('couples:safety-check')}?{urlencode(query)}"
                # htmx would follow a plain redirect and swap the check into a fragment.
                return (
                    HttpResponseClientRedirect(url) if request.htmx else redirect(url)
                )
            return view(request, *args, **kwargs)

        wrapper.safety_resumable = True
        wrapper.safety_does = does
        return wrapper

    return decorator


def keep_interrupted(request, keep) -> str:
    """Keep this POST in the session until the check is answered; return its id."""
    action_id = secrets.token_urlsafe(12)
    fields = [[name, value] for name in keep for value in request.POST.getlist(name)]
    request.session[INTERRUPTED] = signing.dumps(
        {"id": action_id, "path": request.path, "fields": fields},
        salt=INTERRUPTED_SALT,
    )
    return action_id


def interrupted_action(request, action_id: str) -> dict | None:
    """The kept action with this id, still fresh, and the view it belongs to."""
    value = request.session.get(INTERRUPTED)
    if not value or not action_id:
        return None
    try:
        action = signing.loads(
            value, salt=INTERRUPTED_SALT, max_age=INTERRUPTED_MAX_AGE
        )
    except signing.BadSignature:
        return None
    if action["id"] != action_id:
        return None
    try:
        match = resolve(action["path"])
    except Resolver404:
        return None
    if not getattr(match.func, "safety_resumable", False):
        return None
    return action | {"match": match, "does": match.func.safety_does}


def forget_interrupted(request) -> None:
    request.session.pop(INTERRUPTED, None)


def complete_interrupted(request, action: dict):
    """Run the kept action now, through its own view: same rules, same service."""
    forget_interrupted(request)
    data = QueryDict(mutable=True)
    for name, value in action["fields"]:
        data.appendlist(name, value)
    request.POST = data
    match = action["match"]
    return match.func(request, *match.args, **match.kwargs)
