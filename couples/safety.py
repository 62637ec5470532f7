"""The private safety check: routing a person away from joint work, gently and invisibly.

Nothing here ever changes what the partner sees: the check only changes what
this person is offered next.
"""

import json
from functools import wraps

from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

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


def latest_check(user) -> SafetyCheck | None:
    """The newest check, looked up once per request (kept on the user object)."""
    if not hasattr(user, "_latest_safety_check"):
        user._latest_safety_check = (
            SafetyCheck.objects.filter(user=user).order_by("-taken_at").first()
        )
    return user._latest_safety_check


@transaction.atomic
def record_check(*, user, answers: dict) -> SafetyCheck:
    """Any answer other than a plain "no" counts as a concern: when unsure, stay safe."""
    concern = any(value != "no" for value in answers.values())
    check = SafetyCheck.objects.create(
        user=user, concern=concern, answers_json=json.dumps(answers)
    )
    user._latest_safety_check = check
    return check


def safety_check_first(return_to: str):
    """Before joint work: send a person who never took the safety check to it first."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated and latest_check(request.user) is None:
                target = (
                    request.get_full_path()
                    if request.method == "GET"
                    else reverse(return_to)
                )
                return redirect(
                    f"{reverse('couples:safety-check')}?{urlencode({'next': target})}"
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
