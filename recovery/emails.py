"""Emails about the pathway. Discreet: nothing in a subject says what it is about."""

from django.urls import reverse

from core.emails import absolute, send_to_user


def send_assignment_email(assignment) -> None:
    client = assignment.client
    send_to_user(
        client,
        subject="Something new in Mend",
        template="recovery/email/assignment.txt",
        context={"name": client.short_name, "url": absolute(reverse("recovery:home"))},
    )
