import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import limits
from core.encryption import EncryptedTextField

from .people import Couple, User


class CheckInQuerySet(models.QuerySet):
    def by(self, user):
        return self.filter(user=user)

    def between(self, first_day, last_day):
        return self.filter(day__gte=first_day, day__lte=last_day)


class CheckIn(models.Model):
    """One person's daily check-in. Each part is private unless shared."""

    SCORE_FIELDS = ("mood", "closeness", "safety")
    TEXT_FIELDS = ("appreciated", "need", "note")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="checkins")
    # The couple at the time: a later partner never sees earlier check-ins.
    couple = models.ForeignKey(
        Couple,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkins",
    )
    day = models.DateField(help_text=_("The day in the author's own time zone."))
    mood = models.PositiveSmallIntegerField(_("mood"))
    closeness = models.PositiveSmallIntegerField(_("closeness"))
    safety = models.PositiveSmallIntegerField(_("safety and trust"))
    appreciated = EncryptedTextField(
        _("one thing I appreciated"), blank=True, default="", max_length=limits.SHORT
    )
    need = EncryptedTextField(
        _("one thing I need"), blank=True, default="", max_length=limits.SHORT
    )
    note = EncryptedTextField(
        _("note"), blank=True, default="", max_length=limits.LONGER
    )
    # False: the partner is not even told that this check-in exists.
    share_checked_in = models.BooleanField(default=True)
    share_scores = models.BooleanField(default=True)
    share_appreciated = models.BooleanField(default=False)
    share_need = models.BooleanField(default=False)
    share_note = models.BooleanField(default=False)
    # "I kept…" / "I'm struggling with…" one of our agreements.
    agreement = models.ForeignKey(
        "couples.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agreement_mention = models.CharField(
        max_length=12,
        blank=True,
        choices=[("kept", _("I kept it")), ("struggling", _("I'm struggling with it"))],
    )
    share_mention = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="checkin_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(mood__gte=1, mood__lte=5), name="checkin_mood_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(closeness__gte=1, closeness__lte=10),
                name="checkin_closeness_1_10",
            ),
            models.CheckConstraint(
                condition=models.Q(safety__gte=1, safety__lte=10),
                name="checkin_safety_1_10",
            ),
        ]
        indexes = [
            models.Index(fields=["couple", "day"], name="checkin_couple_day"),
            # A therapist's caseload shows each client's latest check-in time:
            # one index entry per client instead of sorting a year of days.
            models.Index(fields=["user", "-updated_at"], name="checkin_user_updated"),
        ]

    def __str__(self):
        return f"Check-in by {self.user} on {self.day}"

    def shared_parts(self) -> dict:
        """Return only what the author chose to share with their partner."""
        parts = {}
        if self.share_scores:
            parts.update(mood=self.mood, closeness=self.closeness, safety=self.safety)
        for name in self.TEXT_FIELDS:
            value = getattr(self, name)
            if getattr(self, f"share_{name}") and value:
                parts[name] = value
        if self.share_mention and self.agreement_id and self.agreement_mention:
            parts["mention"] = self.get_agreement_mention_display()
            parts["mention_agreement"] = self.agreement
        return parts


class MonthlyReview(models.Model):
    """The monthly "how are we doing?" answers of one person."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="monthly_reviews"
    )
    couple = models.ForeignKey(
        Couple, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    month = models.DateField(help_text=_("The first day of the month."))
    answers_json = EncryptedTextField()
    shared = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "month"], name="monthly_review_once"
            )
        ]

    def __str__(self):
        return f"{self.user}, {self.month:%B %Y}"

    @property
    def answers(self) -> dict[str, str]:
        return json.loads(self.answers_json)
