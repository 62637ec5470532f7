import json

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.encryption import EncryptedTextField


class SelfCheckAnswerQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class SelfCheckAnswer(models.Model):
    """A library self-check that a person chose to keep. Visible to them alone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_checks"
    )
    check_slug = models.SlugField(max_length=60)
    # The ids of the statements ticked, as JSON. Encrypted: it says a lot.
    answers_json = EncryptedTextField()
    saved_at = models.DateTimeField(default=timezone.now)

    objects = SelfCheckAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-saved_at"]
        indexes = [
            models.Index(fields=["user", "-saved_at"], name="selfcheck_user_recent"),
        ]

    def __str__(self):
        return f"{self.check_slug} ({self.saved_at:%Y-%m-%d})"

    @property
    def answers(self) -> list[str]:
        return json.loads(self.answers_json)


class DataExport(models.Model):
    """A copy of everything that is a person's, ready for them alone to download, for a while."""

    LIFETIME_DAYS = 7

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    token = models.CharField(max_length=64, unique=True)
    payload_json = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Export {self.pk} ({self.status})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
