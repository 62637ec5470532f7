"""The private safety check. Its answers are the person's alone, always."""

import json

from django.db import models
from django.utils import timezone

from core.encryption import EncryptedTextField

from .people import User


class SafetyCheck(models.Model):
    """One taking of the safety check. The newest one counts; it can be retaken."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="safety_checks"
    )
    # True when any answer suggests it may not be safe to work on this together.
    concern = models.BooleanField()
    answers_json = EncryptedTextField()
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-taken_at"]
        indexes = [
            models.Index(fields=["user", "-taken_at"], name="safetycheck_user_latest")
        ]

    def __str__(self):
        return f"Safety check {self.pk}"

    @property
    def answers(self) -> dict:
        return json.loads(self.answers_json)
