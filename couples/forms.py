import zoneinfo

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import RenderedOnceWhileBlank
from core.l10n import latin_digits

from .models import Agreement, Slip, User


def time_zone_choices():
    return [
        (zone, zone.replace("_", " "))
        for zone in sorted(zoneinfo.available_timezones())
    ]


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("What should we call you?"),
        max_length=60,
        required=False,
        help_text=_("A first name or a nickname is enough. You can leave it empty."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    # Filled in by the browser's own setting; UTC when there is no script.
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        initial="UTC",
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


class ProfileForm(forms.ModelForm):
    def clean_idle_timeout_minutes(self):
        value = self.cleaned_data.get("idle_timeout_minutes")
        return value if value is not None else self.instance.idle_timeout_minutes

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Your check-ins and reminders follow your own day."),
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "role",
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
            del self.fields["role"]
            del self.fields["checkin_reminder_time"]


def score_field(label, maximum, help_text):
    return forms.TypedChoiceField(
        label=label,
        choices=[(n, str(n)) for n in range(1, maximum + 1)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        help_text=help_text,
        error_messages={
            "required": _("Choose a number from 1 to %(max)d.") % {"max": maximum},
            "invalid_choice": _("Choose a number from 1 to %(max)d.")
            % {"max": maximum},
        },
    )


class CheckInForm(forms.Form):
    mood = score_field(_("Mood today"), 5, _("1 is very low, 5 is good."))
    closeness = score_field(
        _("How close do you feel to your partner?"),
        10,
        _("1 is far apart, 10 is very close."),
    )
    safety = score_field(
        _("How safe and trusting do you feel?"),
        10,
        _("1 is not at all, 10 is completely."),
    )
    share_scores = forms.BooleanField(
        label=_("Share these three numbers with my partner"),
        required=False,
        initial=True,
    )
    appreciated = forms.CharField(
        label=_("One thing I appreciated"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    share_appreciated = forms.BooleanField(
        label=_("Share this with my partner"), required=False
    )
    need = forms.CharField(
        label=_("One thing I need"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    share_need = forms.BooleanField(
        label=_("Share this with my partner"), required=False
    )
    note = forms.CharField(
        label=_("A note for myself"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Private unless you tick the box below."),
    )
    share_note = forms.BooleanField(
        label=_("Share this note with my partner"), required=False
    )

    def __init__(self, *args, has_partner: bool = True, agreements=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not has_partner:
            for name in list(self.fields):
                if name.startswith("share_"):
                    del self.fields[name]
        if agreements:
            self.fields["agreement"] = forms.TypedChoiceField(
                label=_("One of our agreements (optional)"),
                choices=[("", _("None today"))]
                + [(a.pk, a.active_revision.title) for a in agreements],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields["agreement_mention"] = forms.ChoiceField(
                label=_("About it"),
                choices=[
                    ("kept", _("I kept it")),
                    ("struggling", _("I'm struggling with it")),
                ],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields["share_mention"] = forms.BooleanField(
                label=_("Share this with my partner"), required=False, initial=True
            )

    def clean(self):
        cleaned = super().clean()
        agreement, mention = cleaned.get("agreement"), cleaned.get("agreement_mention")
        if agreement and not mention:
            self.add_error(
                "agreement_mention",
                _("Say whether you kept it or are struggling with it."),
            )
        if mention and not agreement:
            self.add_error("agreement", _("Choose which agreement you mean."))
        return cleaned

    def checkin_values(self) -> dict:
        values = dict(self.cleaned_data)
        for name in ("share_scores", "share_appreciated", "share_need", "share_note"):
            values.setdefault(name, False)
        if "agreement" in values:
            values["agreement_id"] = values.pop("agreement")
        return values


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Your partner's email (optional)"),
        required=False,
        help_text=_(
            "We'll send them the link. You can also share the link or code yourself."
        ),
    )


class JoinByCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("Eight letters and numbers, for example ABCD-2345."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


MONTHLY_PROMPTS = [
    ("better", _("What has felt even a little better between you this month?")),
    ("hardest", _("What has been hardest this month?")),
    ("close", _("When did you feel closest this month?")),
    ("try", _("What is one thing you would like to try together next month?")),
    ("unsaid", _("Is there something you need that you haven't said yet?")),
]


class MonthlyReviewForm(forms.Form):
    shared = forms.BooleanField(
        label=_("Share my answers with my partner"),
        required=False,
        help_text=_("Your partner sees them once they have written theirs too."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, prompt in MONTHLY_PROMPTS:
            self.fields[key] = forms.CharField(
                label=prompt,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.order_fields([key for key, _p in MONTHLY_PROMPTS] + ["shared"])

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(key) for key, _p in MONTHLY_PROMPTS):
            raise forms.ValidationError(_("Write something for at least one question."))
        return cleaned

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key, _p in MONTHLY_PROMPTS}


class AgreementForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=Agreement.Category.choices
    )
    title = forms.CharField(label=_("A short title"), max_length=120)
    text = forms.CharField(
        label=_("The agreement, in plain words"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say what each of you will do. Specific is kinder than vague."),
    )
    review_on = forms.DateField(
        label=_("Look at it again on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional. We'll remind you both, discreetly."),
    )
    # The version the person was looking at, so a stale answer is caught.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, with_category=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_category:
            del self.fields["category"]

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_text(self):
        return self.cleaned_data["text"].strip()


class RevisionForm(forms.Form):
    """Which wording a person answered: a newer one makes their answer stale."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why this doesn't work for you"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Your partner will read this. Say what you need rather than what they did wrong."
        ),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class SlipForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened?"), choices=Slip.Kind.choices, widget=forms.RadioSelect
    )
    what_happened = forms.CharField(
        label=_("In your own words"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    what_helps = forms.CharField(
        label=_("What you will do differently, or what would help (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SlipResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Your answer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


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
        label=_("Practice or organisation (optional)"), max_length=160, required=False
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
        from .models import TherapistProfile

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


class ConsentForm(forms.Form):
    share_progress = forms.BooleanField(
        label=_("My progress on the pathway: which steps and exercises I have done"),
        required=False,
        initial=True,
    )
    share_checkins = forms.BooleanField(
        label=_("My check-in scores over time"),
        required=False,
        help_text=_(
            "If you share these and record very low safety several days running, "
            "your therapist will see it highlighted so they can reach out."
        ),
    )
    share_responses = forms.BooleanField(
        label=_("Writing I choose to mark “shared with my therapist”"),
        required=False,
        help_text=_("Nothing is shared until you mark a piece of writing, one by one."),
    )


class ConnectCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your therapist's connection code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class InviteClientForm(RenderedOnceWhileBlank, forms.Form):
    email = forms.EmailField(label=_("Your client's email"))


class SafetyCheckForm(forms.Form):
    def __init__(self, *args, **kwargs):
        from .safety import ANSWERS, QUESTIONS

        super().__init__(*args, **kwargs)
        for key, question in QUESTIONS:
            self.fields[key] = forms.ChoiceField(
                label=question,
                choices=ANSWERS,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose an answer. “I'm not sure” is a fine answer.")
                },
            )


# ---------- Two-step sign-in codes ----------


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
