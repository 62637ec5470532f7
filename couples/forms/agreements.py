"""Forms for agreements and slips."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import limits

from ..models import Agreement, Slip


class AgreementForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=Agreement.Category.choices
    )
    title = forms.CharField(
        label=_("A short title"),
        max_length=limits.TITLE,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    text = forms.CharField(
        label=_("The agreement, in plain words"),
        max_length=limits.ACCOUNT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say what each of you will do. Specific is kinder than vague."),
    )
    review_on = forms.DateField(
        label=_("Look at it again on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("We'll remind you both, discreetly."),
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
        max_length=limits.ANSWER,
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
        max_length=limits.ACCOUNT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    what_helps = forms.CharField(
        label=_("What you will do differently, or what would help"),
        required=False,
        max_length=limits.LONGER,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SlipResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Your answer"),
        max_length=limits.LONGER,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
