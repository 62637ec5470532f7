"""Forms for the daily check-in and the monthly review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import limits


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
        max_length=limits.SHORT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    share_appreciated = forms.BooleanField(
        label=_("Share this with my partner"), required=False
    )
    need = forms.CharField(
        label=_("One thing I need"),
        required=False,
        max_length=limits.SHORT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    share_need = forms.BooleanField(
        label=_("Share this with my partner"), required=False
    )
    note = forms.CharField(
        label=_("A note for myself"),
        required=False,
        max_length=limits.LONGER,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Private unless you tick the box below."),
    )
    share_note = forms.BooleanField(
        label=_("Share this note with my partner"), required=False
    )

    share_checked_in = forms.BooleanField(
        label=_("Let my partner see that I checked in today"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, has_partner: bool = True, agreements=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not has_partner:
            for name in list(self.fields):
                if name.startswith("share_"):
                    del self.fields[name]
            # There is no box to tick: say so, not "unless you tick the box".
            self.fields["note"].help_text = _("Private: only you can read this.")
            # No question assumes a partner who is not linked.
            self.fields["closeness"].label = _(
                "How close do you feel to the people who matter to you?"
            )
        if agreements:
            self.fields["agreement"] = forms.TypedChoiceField(
                label=_("One of our agreements"),
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
        shares = ("share_scores", "share_appreciated", "share_need", "share_note")
        for name in shares:
            values.setdefault(name, False)
        # Without a partner to tell, nothing is shown to anyone anyway.
        values.setdefault("share_checked_in", False)
        if not values["share_checked_in"]:
            # Kept entirely private: no part may show, or the fact would too.
            for name in (*shares, "share_mention"):
                if name in values:
                    values[name] = False
        if "agreement" in values:
            values["agreement_id"] = values.pop("agreement")
        return values


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
                max_length=limits.LONGER,
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
