"""Forms for connecting with a therapist and choosing what they see."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import RenderedOnceWhileBlank


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
    include_private_scores = forms.BooleanField(
        label=_("Include the scores I keep from my partner"),
        required=False,
        initial=True,
        help_text=_(
            "Ticked, your therapist sees every score, including days you kept "
            "from your partner. Unticked, only the scores your partner can see "
            "too (none, while you have no linked partner). The words you write "
            "in a check-in are never shown to a therapist."
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
