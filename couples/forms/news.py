"""Forms for what's new: marking news read, choosing how to hear, a device's push subscription."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .. import news
from ..models import Delivery, Topic

CHANNEL_LABELS = {"email": _("Email"), "push": _("Notification on your devices")}


class SeenForm(forms.Form):
    upto = forms.IntegerField(min_value=1)


class NotificationChoicesForm(forms.Form):
    """One choice per topic and channel: at once, in a daily summary, or never."""

    def __init__(self, *args, user, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = news.topics_for(user)
        for topic in self.topics:
            for channel in news.CHANNELS:
                self.fields[f"{topic}-{channel}"] = forms.ChoiceField(
                    label=CHANNEL_LABELS[channel],
                    choices=Delivery.choices,
                    initial=news.choice(current, topic, channel),
                )

    def topic_rows(self):
        """Each topic with its two fields, for the template."""
        return [
            (Topic(topic).label, [self[f"{topic}-{c}"] for c in news.CHANNELS])
            for topic in self.topics
        ]

    def choices(self) -> dict:
        return {
            topic: {c: self.cleaned_data[f"{topic}-{c}"] for c in news.CHANNELS}
            for topic in self.topics
        }


def is_push_service(endpoint: str) -> bool:
    """Whether an address belongs to a browser's push service (settings), so a
    subscription can never make the worker post to any other server."""
    host = (urlsplit(endpoint).hostname or "").lower()
    if settings.PUSH_HTTP_ENDPOINTS and host in ("127.0.0.1", "localhost", "::1"):
        return True  # a local test receiver
    return any(
        host == allowed or host.endswith("." + allowed)
        for allowed in settings.PUSH_SERVICE_HOSTS
    )


class PushSubscriptionForm(forms.Form):
    """What a browser's PushManager gives: where to push, and the keys to encrypt with."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)
    device = forms.CharField(max_length=120, required=False)

    def clean_endpoint(self):
        endpoint = self.cleaned_data["endpoint"]
        # Push services answer over HTTPS; plain HTTP only for local test receivers.
        if not endpoint.startswith("https://") and not settings.PUSH_HTTP_ENDPOINTS:
            raise forms.ValidationError(_("A push address must use HTTPS."))
        if not is_push_service(endpoint):
            raise forms.ValidationError(
                _("That is not the address of a browser's push service.")
            )
        return endpoint


class ForgetDeviceForm(forms.Form):
    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
