"""Boundary agreements: written together, signed by both, kept as a history."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import limits
from core.encryption import EncryptedTextField

from .people import Couple, User


class AgreementQuerySet(models.QuerySet):
    def for_couple(self, couple):
        return self.filter(couple=couple)


class Agreement(models.Model):
    """One agreement between the two partners, through all its revisions.

    It is in force only when both partners accepted the same revision. While
    a change is being negotiated, the revision in force stays in force.
    """

    class Category(models.TextChoices):
        THIRD_PERSON = "third_person", _("Contact with the third person")
        DEVICES = "devices", _("Devices and transparency")
        FRIENDSHIPS = "friendships", _("Friendships and exes")
        SOCIAL_MEDIA = "social_media", _("Social media")
        WHEREABOUTS = "whereabouts", _("Time and whereabouts")
        INTIMACY = "intimacy", _("Intimacy")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Being discussed")
        ACTIVE = "active", _("In force")
        DECLINED = "declined", _("Not agreed")
        RETIRED = "retired", _("Retired")

    couple = models.ForeignKey(
        Couple, on_delete=models.CASCADE, related_name="agreements"
    )
    category = models.CharField(max_length=20, choices=Category, default=Category.OTHER)
    status = models.CharField(max_length=12, choices=Status, default=Status.PROPOSED)
    # The revision under discussion (the newest) and the one both signed.
    current_revision = models.ForeignKey(
        "AgreementRevision", on_delete=models.PROTECT, null=True, related_name="+"
    )
    active_revision = models.ForeignKey(
        "AgreementRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    retire_requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["couple", "status"], name="agreement_couple_status")
        ]

    def __str__(self):
        return f"Agreement {self.pk} ({self.status})"

    @property
    def is_being_changed(self) -> bool:
        """An agreement in force with a newer revision under discussion."""
        return (
            self.active_revision_id is not None
            and self.current_revision_id != self.active_revision_id
            and self.status == self.Status.ACTIVE
        )


class AgreementRevision(models.Model):
    """One wording of an agreement, proposed by one partner. Never edited."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    title = EncryptedTextField(_("title"), max_length=limits.TITLE)
    text = EncryptedTextField(
        _("the agreement, in plain words"), max_length=limits.ACCOUNT
    )
    review_on = models.DateField(_("review date"), null=True, blank=True)
    # Null once the author deleted their account: shown as "former partner".
    proposed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="revision_number_once"
            )
        ]

    def __str__(self):
        return f"Revision {self.number} of agreement {self.agreement_id}"


class AgreementEvent(models.Model):
    """Everything either partner did with an agreement, in order."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", _("proposed it")
        ACCEPTED = "accepted", _("accepted")
        CHANGE_SUGGESTED = "change_suggested", _("suggested a change")
        DECLINED = "declined", _("declined")
        REOPENED = "reopened", _("reopened it")
        RETIRE_REQUESTED = "retire_requested", _("asked to retire it")
        RETIRE_CANCELLED = "retire_cancelled", _("kept it in force")
        RETIRED = "retired", _("agreed to retire it")
        REVIEWED = "reviewed", _("said it is still working")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="events"
    )
    revision = models.ForeignKey(
        AgreementRevision, on_delete=models.CASCADE, related_name="events"
    )
    # Null once the person deleted their account: shown as "former partner".
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    reason = EncryptedTextField(blank=True, default="", max_length=limits.ANSWER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # Accepting the same wording twice is one acceptance.
            models.UniqueConstraint(
                fields=["revision", "user"],
                condition=models.Q(kind="accepted"),
                name="accept_revision_once",
            )
        ]

    def __str__(self):
        return f"{self.user} {self.kind} revision {self.revision_id}"


class Slip(models.Model):
    """A partner telling the other, honestly, that they broke or nearly broke an agreement."""

    class Kind(models.TextChoices):
        NEARLY = "nearly", _("I nearly broke it")
        BROKE = "broke", _("I broke it")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="slips"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind)
    what_happened = EncryptedTextField(_("what happened"), max_length=limits.ACCOUNT)
    what_helps = EncryptedTextField(
        _("what I will do differently"),
        blank=True,
        default="",
        max_length=limits.LONGER,
    )
    created_at = models.DateTimeField(default=timezone.now)
    response = EncryptedTextField(blank=True, default="", max_length=limits.LONGER)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Slip on agreement {self.agreement_id}"
