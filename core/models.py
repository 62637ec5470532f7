"""Security events: what happened to an account, never what anyone wrote."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Failed sign-in"
        LOGOUT = "logout", "Signed out"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET = "password_reset", "Password reset"
        MFA_ADDED = "mfa_added", "Two-factor method added"
        MFA_REMOVED = "mfa_removed", "Two-factor method removed"
        EXPORT = "export", "Data export requested"
        DELETION = "deletion", "Account deleted"
        CONSENT_CHANGED = "consent_changed", "Therapist consent given or changed"
        CONSENT_REVOKED = "consent_revoked", "Therapist consent revoked"
        THERAPIST_ACCESS = "therapist_access", "A therapist viewed client data"

    # Kept (without the person) after an account is deleted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "couples_securityevent"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="security_event_user")
        ]

    def __str__(self):
        return f"{self.kind} at {self.created_at:%Y-%m-%d %H:%M}"
