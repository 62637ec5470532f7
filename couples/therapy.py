"""Therapists and consent: giving, changing and revoking consent, and the record of every look.

Who may see what under a consent is decided in couples.access.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record
from core.models import SecurityEvent

from .emails import send_therapist_invitation, send_therapist_verified
from .models import (
    AccessLogEntry,
    Consent,
    TherapistProfile,
    User,
    normalise_code,
)

SCOPES = (
    "share_progress",
    "share_checkins",
    "include_private_scores",
    "share_responses",
)


class ConsentError(Exception):
    """A consent step that cannot happen; the message is shown to the person."""


def log_access(*, therapist: User, client: User, areas: list[str]) -> None:
    """Record one look at a client's page, naming every area it showed."""
    log_looks(therapist=therapist, looks={client: areas})


def log_looks(*, therapist: User, looks: dict[User, list[str]]) -> None:
    """Record one look at a page showing several clients (a couple), naming each one's areas."""
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(therapist=therapist, client=client, area=area)
        for client, areas in looks.items()
        for area in areas
    )
    record(SecurityEvent.Kind.THERAPIST_ACCESS, therapist)


def therapist_by_code(raw_code: str) -> TherapistProfile | None:
    return (
        TherapistProfile.objects.select_related("user")
        .filter(connection_code=normalise_code(raw_code))
        .first()
    )


@transaction.atomic
def give_consent(
    *, client: User, therapist_profile: TherapistProfile, scopes: dict
) -> Consent:
    """Create or update this client's consent; effective at once."""
    if client.is_therapist:
        raise ConsentError(_("A therapist account cannot be a client."))
    if not therapist_profile.is_verified:
        raise ConsentError(
            _(
                "This therapist's account hasn't been verified yet. Please try again later."
            )
        )
    consent = (
        Consent.objects.active()
        .select_for_update()
        .filter(client=client, therapist=therapist_profile.user)
        .first()
    )
    if consent is None:
        consent = Consent(client=client, therapist=therapist_profile.user)
    for name in SCOPES:
        setattr(consent, name, bool(scopes.get(name)))
    consent.save()
    record(SecurityEvent.Kind.CONSENT_CHANGED, client)
    return consent


@transaction.atomic
def revoke_consent(*, consent: Consent) -> Consent:
    consent.revoked_at = timezone.now()
    consent.save(update_fields=["revoked_at", "updated_at"])
    record(SecurityEvent.Kind.CONSENT_REVOKED, consent.client)
    return consent


@transaction.atomic
def verify_therapist(*, profile: TherapistProfile) -> TherapistProfile:
    if profile.verified_at is None:
        profile.verified_at = timezone.now()
        profile.save(update_fields=["verified_at"])
        send_therapist_verified(profile.user)
    return profile


def invite_client(*, profile: TherapistProfile, email: str) -> None:
    send_therapist_invitation(profile, email)
