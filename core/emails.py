"""Sending email to a person. Discreet by design: in discreet mode a subject
and preview never say what a person is going through."""

from django.conf import settings
from django.core import signing
from django.shortcuts import resolve_url
from django.template.loader import render_to_string

from .tasks import send_email

UNSUBSCRIBE_SALT = "couples.reminders.unsubscribe"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def send_to_user(
    user, *, subject: str, template: str, context: dict, headers=None, stop_url=""
) -> None:
    """Email a person; in discreet mode, say only that something is new, from a neutral sender.

    `stop_url` is the one link that stops such emails: it goes in the body
    (discreet or not) and in the List-Unsubscribe headers.
    """
    if stop_url:
        headers = {
            **(headers or {}),
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    if user.discreet_mode:
        subject = "A new notification"
        body = render_to_string(
            "core/email/discreet.txt",
            {
                "url": absolute(resolve_url(settings.LOGIN_REDIRECT_URL)),
                "stop": stop_url,
            },
        )
        from_email = settings.DISCREET_FROM_EMAIL
    else:
        body = render_to_string(template, context)
        from_email = ""
    send_email.enqueue(
        subject=subject,
        body=body,
        to=[user.email],
        from_email=from_email,
        headers=headers,
    )


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
