"""Forms for linking partners and the private safety check."""

from django import forms
from django.utils.translation import gettext_lazy as _


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Your partner's email"),
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


class SafetyCheckForm(forms.Form):
    def __init__(self, *args, **kwargs):
        from ..safety import ANSWERS, QUESTIONS

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
