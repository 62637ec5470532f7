import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.l10n import latin_digits


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list."), code="invalid")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    class AccountType(models.TextChoices):
        CLIENT = "client", _("Person or partner")
        THERAPIST = "therapist", _("Therapist")

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("What Mend and your partner call you. A first name is enough."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )

    class Role(models.TextChoices):
        HURT = "hurt", _("I'm the partner who was hurt")
        STRAYED = "strayed", _("I'm the partner who turned to someone else")
        UNSAID = "unsaid", _("I'm not sure, or I'd rather not say")

    # The first-run questions; each may stay unanswered ("").
    class Together(models.TextChoices):
        ALONE = "alone", _("On my own, for now")
        PARTNER = "partner", _("With my partner, or I hope to")
        UNSURE = "unsure", _("I don't know yet")

    class Therapist(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("Not at the moment")
        LOOKING = "looking", _("I'd like to find one")

    class Wish(models.TextChoices):
        UNDERSTAND = "understand", _("Understand what happened")
        CALM = "calm", _("Stop the fighting")
        DECIDE = "decide", _("Decide whether to stay")
        TRUST = "trust", _("Rebuild trust")

    account_type = models.CharField(
        max_length=16, choices=AccountType, default=AccountType.CLIENT
    )
    role = models.CharField(
        _("which part of this are you living?"),
        max_length=16,
        choices=Role,
        default=Role.UNSAID,
        help_text=_(
            "It only changes which prompts Mend suggests first. You can change it any time."
        ),
    )
    together = models.CharField(
        _("are you doing this alone or with a partner?"),
        max_length=16,
        choices=Together,
        blank=True,
        default="",
    )
    sees_therapist = models.CharField(
        _("do you see a therapist or counsellor?"),
        max_length=16,
        choices=Therapist,
        blank=True,
        default="",
    )
    first_wish = models.CharField(
        _("what would help most, first?"),
        max_length=16,
        choices=Wish,
        blank=True,
        default="",
    )
    # When the person answered the first-run questions, or skipped them.
    intake_at = models.DateTimeField(null=True, blank=True, editable=False)
    checkin_reminder_time = models.TimeField(
        _("daily reminder"),
        null=True,
        blank=True,
        help_text=_(
            "A short email at this time of your day. Leave empty for no reminders."
        ),
    )
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)
    # Explicit consent to process sensitive personal data (health, sex life).
    processing_consent_at = models.DateTimeField(null=True, blank=True, editable=False)
    idle_timeout_minutes = models.PositiveIntegerField(
        _("sign me out after"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(60 * 24 * 14)],
        help_text=_("Of inactivity. Shorter is safer on a shared device."),
    )
    discreet_mode = models.BooleanField(
        _("discreet mode"),
        default=False,
        help_text=_(
            "Emails only say there is something new, from a neutral sender, and the "
            "browser tab shows a plain title."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_("Empty: the language your browser asks for."),
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_name or self.email

    @property
    def short_name(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]

    @property
    def is_therapist(self) -> bool:
        return self.account_type == self.AccountType.THERAPIST


class CoupleQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(memberships__user=user, memberships__ended_at__isnull=True)


class Couple(models.Model):
    """A shared space for two partners. Each keeps their own entries."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    status = models.CharField(max_length=12, choices=Status, default=Status.ACTIVE)
    paused_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = CoupleQuerySet.as_manager()

    def __str__(self):
        return f"Couple {self.pk}"

    @property
    def is_sharing(self) -> bool:
        return self.status == self.Status.ACTIVE


class Membership(models.Model):
    """One person's seat in a couple. Two seats at most; one active couple each."""

    couple = models.ForeignKey(
        Couple, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    seat = models.PositiveSmallIntegerField()
    joined_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(ended_at__isnull=True),
                name="membership_one_active_couple_per_person",
            ),
            models.UniqueConstraint(
                fields=["couple", "seat"], name="membership_two_seats"
            ),
            models.CheckConstraint(
                condition=models.Q(seat__in=[1, 2]), name="membership_seat_1_or_2"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.couple}"


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


# No 0/O, 1/I/L: the code is read aloud and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def invitation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An invitation to join a couple space: a link and a short code, once, for 7 days."""

    LIFETIME = datetime.timedelta(days=7)

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Cancelled")

    couple = models.ForeignKey(
        Couple, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=invitation_token)
    code = models.CharField(max_length=8, unique=True, default=invitation_code)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation {self.display_code} ({self.status})"

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


def normalise_code(raw: str) -> str:
    """Letters and digits only, in capitals; Persian and Arabic digits as 0-9.

    A phone set to Persian types ۲۳۴۵ for 2345: the code is the same.
    """
    return "".join(ch for ch in latin_digits(raw).upper() if ch.isalnum())
