"""Practices that two people do over time: commitments, triggers, conversations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import limits
from core.encryption import EncryptedTextField

from .pathway import Exercise


class Commitment(models.Model):
    """A specific promise, made visibly, marked kept, and acknowledged by the partner."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commitments"
    )
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = EncryptedTextField(_("I commit to"), max_length=limits.SHORT)
    created_at = models.DateTimeField(default=timezone.now)
    kept_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Commitment by {self.user}"


class Trigger(models.Model):
    """A moment that brought the pain back: private, or sent as a request for reassurance."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="triggers"
    )
    couple = models.ForeignKey(
        "couples.Couple",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    occurred_on = models.DateField(_("when"))
    what_happened = EncryptedTextField(_("what happened"), max_length=limits.ACCOUNT)
    intensity = models.PositiveSmallIntegerField(_("how strong it was"))
    what_helped = EncryptedTextField(
        _("what helped"), blank=True, default="", max_length=limits.LONGER
    )
    asked_for_reassurance = models.BooleanField(default=False)
    reassurance = EncryptedTextField(blank=True, default="", max_length=limits.ANSWER)
    reassured_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intensity__gte=1, intensity__lte=10),
                name="trigger_intensity_1_10",
            )
        ]
        indexes = [
            models.Index(fields=["user", "occurred_on"], name="trigger_user_day")
        ]

    def __str__(self):
        return f"Trigger of {self.user} on {self.occurred_on}"


class ReassuranceRequest(models.Model):
    """A one-tap "please reassure me" sent to the partner, and their answer.

    It carries no words of the person who asked: only that they asked, and when.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reassurance_requests",
    )
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    answer = EncryptedTextField(blank=True, default="", max_length=limits.ANSWER)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        constraints = [
            # Asking again while waiting renews the one request (a double tap too).
            models.UniqueConstraint(
                fields=["user", "couple"],
                condition=models.Q(answered_at__isnull=True),
                name="one_open_reassurance_request",
            )
        ]

    def __str__(self):
        return f"Reassurance request of {self.user}"


class Conversation(models.Model):
    """A guided conversation in progress: either may pause; the pace follows the slower person."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        PAUSED = "paused", _("Paused")
        FINISHED = "finished", _("Finished")

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, related_name="+"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    prompt_index = models.PositiveSmallIntegerField(default=0)
    # Who is ready for the next question; it moves on only when both are.
    ready_user_ids = models.JSONField(default=list)
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "exercise"],
                condition=~models.Q(status="finished"),
                name="one_open_conversation_per_exercise",
            )
        ]

    def __str__(self):
        return f"Conversation on {self.exercise} ({self.status})"


class Assignment(models.Model):
    """A step or exercise a therapist asked a client to work on."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        STARTED = "started", _("Started")
        DONE = "done", _("Done")

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    step = models.ForeignKey(
        "recovery.Step", on_delete=models.PROTECT, related_name="+"
    )
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = EncryptedTextField(
        _("a note for your client"), blank=True, default="", max_length=limits.ANSWER
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.ASSIGNED)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due_on", "-created_at"]
        indexes = [
            models.Index(fields=["client", "status"], name="assignment_client_status")
        ]

    def __str__(self):
        return f"Assignment for {self.client}"

    def get_absolute_url(self):
        return (self.exercise or self.step).get_absolute_url()


class TherapistNote(models.Model):
    """A therapist's private note about a client. Never visible to the client."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    text = EncryptedTextField(_("note"), max_length=limits.THERAPIST_NOTE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Note by {self.therapist}"
