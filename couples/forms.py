import zoneinfo

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


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

    field_order = ["display_name", "email", "password1", "password2"]

    def save(self, request):
        user = super().save(request)
        user.display_name = self.cleaned_data["display_name"]
        user.time_zone = self.cleaned_data["time_zone"] or "UTC"
        user.save(update_fields=["display_name", "time_zone"])
        return user


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Your check-ins and reminders follow your own day."),
    )

    class Meta:
        model = User
        fields = ["display_name", "time_zone"]
