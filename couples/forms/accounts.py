"""Forms for accounts: signing up (clients and therapists), settings, two-step codes."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.utils.translation import gettext_lazy as _

from core.l10n import latin_digits

from ..models import User
from ..time_zones import TimeZoneField


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("What should we call you?"),
        max_length=60,
        required=False,
        help_text=_("A first name or a nickname is enough. You can leave it empty."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    # Filled in by the browser's own setting; UTC when there is no script.
    time_zone = TimeZoneField(
        required=False,
        widget=forms.HiddenInput(attrs={"data-detect-time-zone": ""}),
    )

    processing_consent = forms.BooleanField(
        label=_(
            "I agree that Mend may store what I write here, including things about my "
            "relationship, health and intimate life, to provide this service to me."
        ),
        help_text=_(
            "It is encrypted, never sold and never shown to anyone you don't choose. "
            "You can withdraw this at any time by downloading and then deleting your data."
        ),
        error_messages={
            "required": _("Mend can't keep your writing without this agreement.")
        },
    )

    field_order = [
        "display_name",
        "email",
        "password1",
        "password2",
        "processing_consent",
    ]

    def save(self, request):
        from django.utils import timezone

        user = super().save(request)
        user.display_name = self.cleaned_data["display_name"]
        user.time_zone = self.cleaned_data["time_zone"] or "UTC"
        user.processing_consent_at = timezone.now()
        user.save(update_fields=["display_name", "time_zone", "processing_consent_at"])
        return user


IDLE_TIMEOUT_CHOICES = [
    (15, _("15 minutes")),
    (60, _("1 hour")),
    (60 * 8, _("8 hours")),
    (60 * 24, _("1 day")),
    (60 * 24 * 7, _("1 week")),
    (60 * 24 * 14, _("2 weeks")),
]


FIRST_RUN_FIELDS = ["role", "together", "sees_therapist", "first_wish"]
FIRST_RUN_HELP = {
    "together": _(
        "Mend works fully for one person. If involving your partner might not be "
        "safe, choose “On my own”: nothing here is ever sent to them."
    ),
    "sees_therapist": _(
        "If you do, you can let them follow your progress, and choose exactly what they see."
    ),
    "first_wish": _("Pick what matters most today. Everything else stays open to you."),
}


def _as_optional_radios(form, names):
    """Radio buttons for the first-run questions: no blank option, none required."""
    for name in names:
        if name in form.fields:
            field = form.fields[name]
            field.required = False
            field.choices = [c for c in field.choices if c[0] != ""]
            field.widget = forms.RadioSelect(choices=field.choices)
            field.help_text = FIRST_RUN_HELP.get(name, field.help_text)


class IntakeForm(forms.ModelForm):
    """The first-run questions. Any may stay unanswered; all can change later."""

    class Meta:
        model = User
        fields = FIRST_RUN_FIELDS

    def __init__(self, *args, has_partner=False, **kwargs):
        super().__init__(*args, **kwargs)
        if has_partner:
            del self.fields["together"]  # they are already linked
        if self.instance.intake_at is None:
            self.initial["role"] = None  # a first answer, not the default's
        _as_optional_radios(self, FIRST_RUN_FIELDS)

    def clean_role(self):
        return self.cleaned_data.get("role") or User.Role.UNSAID


class ProfileForm(forms.ModelForm):
    def clean_idle_timeout_minutes(self):
        value = self.cleaned_data.get("idle_timeout_minutes")
        return value if value is not None else self.instance.idle_timeout_minutes

    def clean_role(self):
        return self.cleaned_data.get("role") or self.instance.role

    def about_you(self):
        """The fields of the "About you" card, in order."""
        return [self[name] for name in self.fields if name not in FIRST_RUN_FIELDS]

    def first_run(self):
        """The first-run answers, shown in a card of their own."""
        return [self[name] for name in FIRST_RUN_FIELDS if name in self.fields]

    time_zone = TimeZoneField(
        label=_("Time zone"),
        help_text=_("Your check-ins and reminders follow your own day."),
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            *FIRST_RUN_FIELDS,
            "time_zone",
            "checkin_reminder_time",
            "idle_timeout_minutes",
            "discreet_mode",
        ]
        widgets = {
            "role": forms.RadioSelect,
            "checkin_reminder_time": forms.TimeInput(attrs={"type": "time"}),
            "idle_timeout_minutes": forms.Select(choices=IDLE_TIMEOUT_CHOICES),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent without it keeps the current choice.
        self.fields["idle_timeout_minutes"].required = False
        if self.instance.is_therapist:
            for name in [*FIRST_RUN_FIELDS, "checkin_reminder_time"]:
                del self.fields[name]
        _as_optional_radios(self, FIRST_RUN_FIELDS)


class TherapistSignupForm(SignupForm):
    """Sign-up for therapists: the usual account, plus professional details to verify."""

    full_name = forms.CharField(
        label=_("Your full name, as registered"), max_length=120
    )
    licence_number = forms.CharField(
        label=_("Licence or registration number"), max_length=60
    )
    jurisdiction = forms.CharField(
        label=_("Where you are licensed"),
        max_length=120,
        help_text=_("Country, state or province, and the body that registered you."),
    )
    practice = forms.CharField(
        label=_("Practice or organisation"), max_length=160, required=False
    )

    field_order = [
        "full_name",
        "licence_number",
        "jurisdiction",
        "practice",
        "email",
        "password1",
        "password2",
    ]

    def save(self, request):
        from ..models import TherapistProfile

        user = super().save(request)
        user.account_type = User.AccountType.THERAPIST
        user.display_name = self.cleaned_data["full_name"]
        user.save(update_fields=["account_type", "display_name"])
        TherapistProfile.objects.create(
            user=user,
            full_name=self.cleaned_data["full_name"],
            licence_number=self.cleaned_data["licence_number"],
            jurisdiction=self.cleaned_data["jurisdiction"],
            practice=self.cleaned_data["practice"],
        )
        return user


class LatinDigitsCode:
    """A code typed on a phone set to Persian (۱۲۳) is the same code (123)."""

    def clean_code(self):
        self.cleaned_data["code"] = latin_digits(self.cleaned_data["code"])
        return super().clean_code()


class CodeAuthenticateForm(LatinDigitsCode, AuthenticateForm):
    pass


class CodeReauthenticateForm(LatinDigitsCode, ReauthenticateForm):
    pass


class CodeActivateTOTPForm(LatinDigitsCode, ActivateTOTPForm):
    pass
