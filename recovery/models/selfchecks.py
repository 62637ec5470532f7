from django.conf import settings
from django.db import models
from django.utils import timezone

from core.encryption import EncryptedTextField


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
