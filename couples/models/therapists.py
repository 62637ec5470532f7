"""Therapists, and the consent that lets one see a client's progress."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import User, invitation_code


class TherapistProfile(models.Model):
    """A therapist's professional details. Features open once an administrator verifies them."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="therapist_profile"
    )
    full_name = models.CharField(_("full name"), max_length=120)
    licence_number = models.CharField(
        _("licence or registration number"), max_length=60
    )
    jurisdiction = models.CharField(_("where you are licensed"), max_length=120)
    practice = models.CharField(
        _("practice or organisation"), max_length=160, blank=True
    )
    connection_code = models.CharField(
        max_length=8, unique=True, default=invitation_code
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.full_name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def display_code(self) -> str:
        return f"{self.connection_code[:4]}-{self.connection_code[4:]}"


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Consent(models.Model):
    """One client's permission for one therapist, with what they may see. Revocable at once."""

    client = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="consents_given"
    )
    therapist = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="consents_received"
    )
    share_progress = models.BooleanField(_("my progress on the pathway"), default=True)
    share_checkins = models.BooleanField(
        _("my check-in scores over time"), default=False
    )
    share_responses = models.BooleanField(
        _("writing I mark “shared with my therapist”"), default=False
    )
    # With share_checkins: also the scores the client kept from their partner.
    include_private_scores = models.BooleanField(
        _("also scores I keep from my partner"), default=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "therapist"],
                condition=models.Q(revoked_at__isnull=True),
                name="consent_once_while_active",
            )
        ]

    def __str__(self):
        return f"{self.client} → {self.therapist}"


class AccessLogEntry(models.Model):
    """A therapist looked at a client's data: the client can always see when and what."""

    class Area(models.TextChoices):
        PROGRESS = "progress", _("pathway progress")
        CHECKINS = "checkins", _("check-in scores")
        RESPONSES = "responses", _("writing shared with the therapist")
        ASSIGNMENTS = "assignments", _("assignments")

    client = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="access_log"
    )
    therapist = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    area = models.CharField(max_length=16, choices=Area)
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [
            models.Index(
                fields=["client", "-viewed_at"], name="access_log_client_recent"
            )
        ]

    def __str__(self):
        return f"{self.therapist} viewed {self.area} of {self.client}"
