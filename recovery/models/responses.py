"""What people write on the pathway. Private by default; shared only on purpose."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import limits
from core.encryption import EncryptedTextField

from .pathway import Exercise, Step


class ResponseQuerySet(models.QuerySet):
    def by(self, user):
        return self.filter(user=user)


class Response(models.Model):
    """One person's writing for one exercise, with an autosaved draft."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="responses"
    )
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, related_name="responses"
    )
    # Set when shared: a later partner never sees writing shared with an earlier one.
    couple = models.ForeignKey(
        "couples.Couple",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = EncryptedTextField(blank=True, default="", max_length=limits.WRITING)
    draft = EncryptedTextField(blank=True, default="", max_length=limits.WRITING)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    shared_with_partner = models.BooleanField(default=False)
    shared_at = models.DateTimeField(null=True, blank=True)
    seen_by_partner_at = models.DateTimeField(null=True, blank=True)
    # Independent of sharing with the partner; visible only with consent.
    shared_with_therapist = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "exercise"], name="response_once_per_exercise"
            )
        ]
        indexes = [
            models.Index(
                fields=["couple", "shared_with_partner"], name="response_shared"
            ),
        ]

    def __str__(self):
        return f"{self.user}'s response to {self.exercise}"

    @property
    def has_unsaved_draft(self) -> bool:
        return bool(self.draft) and self.draft != self.body

    def sharing_can_be_undone(self, now=None) -> bool:
        """Shared with the partner a moment ago and not yet opened by them."""
        from couples.news import UNDO_WINDOW

        return (
            self.shared_with_partner
            and self.seen_by_partner_at is None
            and self.shared_at is not None
            and (now or timezone.now()) - self.shared_at < UNDO_WINDOW
        )


class Acknowledgement(models.Model):
    """A partner's short answer to something shared with them."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    text = EncryptedTextField(_("your answer"), max_length=limits.ANSWER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Acknowledgement by {self.user}"


class StepProgress(models.Model):
    """A person marking a step complete. A couple's step is complete when both have."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_progress"
    )
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "step"], name="step_completed_once")
        ]

    def __str__(self):
        return f"{self.user} completed step {self.step_id}"
