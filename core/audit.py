"""Record security events from the framework's own signals. Kinds and times only."""

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from .models import SecurityEvent

Kind = SecurityEvent.Kind


def record(kind: str, user=None) -> None:
    SecurityEvent.objects.create(kind=kind, user=user if user and user.pk else None)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(Kind.LOGIN, user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    record(Kind.LOGOUT, user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, **kwargs):
    # The credentials are not kept: not even the address that was tried.
    record(Kind.LOGIN_FAILED)


@receiver(password_changed)
def _password_changed(sender, request, user, **kwargs):
    record(Kind.PASSWORD_CHANGED, user)


@receiver(password_reset)
def _password_reset(sender, request, user, **kwargs):
    record(Kind.PASSWORD_RESET, user)


@receiver(authenticator_added)
def _mfa_added(sender, request, user, **kwargs):
    record(Kind.MFA_ADDED, user)


@receiver(authenticator_removed)
def _mfa_removed(sender, request, user, **kwargs):
    record(Kind.MFA_REMOVED, user)
