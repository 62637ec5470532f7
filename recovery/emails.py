"""Emails about the pathway. Discreet: nothing in a subject says what it is about."""

from django.template.loader import render_to_string
from django.urls import reverse

from couples.emails import absolute
from couples.tasks import send_email


def send_assignment_email(assignment) -> None:
    send_email.enqueue(
        subject="Something new in Mend",
        body=render_to_string(
            "recovery/email/assignment.txt",
            {
                "name": assignment.client.short_name,
                "url": absolute(reverse("recovery:home")),
            },
        ),
        to=[assignment.client.email],
    )
