from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Trigger

MAX_RESPONSE_LENGTH = 20_000


class ResponseForm(forms.Form):
    body = forms.CharField(
        label=_("Your writing"),
        max_length=MAX_RESPONSE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={
            "required": _(
                "Write something before saving. Your draft is kept meanwhile."
            )
        },
    )
    # Whose writing this is, signed: lets us keep it safe if the session expired.
    author = forms.CharField(widget=forms.HiddenInput, required=False)


class AcknowledgementForm(forms.Form):
    text = forms.CharField(
        label=_("A short answer"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: “Thank you for telling me. I read every word.”"),
    )


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("I commit to…"),
        max_length=500,
        help_text=_(
            "Something specific your partner can see you do, like “I'll text if I'm running late.”"
        ),
    )


class TriggerForm(forms.ModelForm):
    intensity = forms.TypedChoiceField(
        label=_("How strong was it?"),
        choices=[(n, str(n)) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        help_text=_("1 is a flicker, 10 is overwhelming."),
        error_messages={
            "required": _("Choose a number from 1 to 10."),
            "invalid_choice": _("Choose a number from 1 to 10."),
        },
    )

    class Meta:
        model = Trigger
        fields = [
            "occurred_on",
            "what_happened",
            "intensity",
            "what_helped",
            "asked_for_reassurance",
        ]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}),
            "what_happened": forms.Textarea(attrs={"rows": 3}),
            "what_helped": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "asked_for_reassurance": _(
                "Send this to my partner as a request for reassurance"
            )
        }

    def __init__(self, *args, has_partner=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_partner:
            del self.fields["asked_for_reassurance"]


class ReassuranceForm(forms.Form):
    text = forms.CharField(
        label=_("Your reassurance"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Calm and kind beats long: “I'm here. I chose you, and I'm not going anywhere.”"
        ),
    )
