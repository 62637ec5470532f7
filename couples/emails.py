"""Emails about pairing, check-ins, agreements and therapists; sent through core.emails."""

from django.template.loader import render_to_string
from django.urls import reverse

from core.emails import absolute, send_to_user, unsubscribe_token
from core.tasks import send_email


def send_invitation_email(invitation) -> None:
    context = {
        "inviter": invitation.invited_by.short_name,
        "url": absolute(reverse("couples:join", args=[invitation.token])),
        "code": invitation.display_code,
        "expires_at": invitation.expires_at,
    }
    send_email.enqueue(
        subject="An invitation to Mend",
        body=render_to_string("couples/email/invitation.txt", context),
        to=[invitation.email],
    )


def send_checkin_reminder(user) -> None:
    unsubscribe = absolute(
        reverse("couples:reminders-stop", args=[unsubscribe_token(user)])
    )
    context = {
        "name": user.short_name,
        "url": absolute(reverse("couples:checkin")),
        "unsubscribe": unsubscribe,
    }
    send_to_user(
        user,
        subject="Your daily moment",
        template="couples/email/reminder.txt",
        context=context,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_agreement_review(user, agreement) -> None:
    context = {
        "name": user.short_name,
        "url": absolute(reverse("couples:agreement-detail", args=[agreement.pk])),
    }
    send_to_user(
        user,
        subject="A gentle nudge from Mend",
        template="couples/email/agreement_review.txt",
        context=context,
    )


def send_therapist_verified(user) -> None:
    send_to_user(
        user,
        subject="Your Mend account is ready",
        template="couples/email/therapist_verified.txt",
        context={"name": user.short_name, "url": absolute(reverse("recovery:home"))},
    )


def send_therapist_invitation(profile, email: str) -> None:
    context = {
        "name": profile.full_name,
        "url": absolute(
            reverse("couples:therapist-connect", args=[profile.connection_code])
        ),
        "code": profile.display_code,
    }
    send_email.enqueue(
        subject="An invitation to Mend",
        body=render_to_string("couples/email/therapist_invitation.txt", context),
        to=[email],
    )
