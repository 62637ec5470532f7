"""Therapists and consent: who may see what of a client, and the record of every look.

A verified therapist sees a client only with that client's active consent,
and only the parts the client chose. For a couple, the therapist sees
either partner only once both have consented.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import record
from .emails import send_therapist_invitation, send_therapist_verified
from .models import (
    AccessLogEntry,
    Consent,
    Membership,
    SecurityEvent,
    TherapistProfile,
    User,
    normalise_code,
)

SCOPES = ("share_progress", "share_checkins", "share_responses")


class ConsentError(Exception):
    """A consent step that cannot happen; the message is shown to the person."""


def verified_profile(user) -> TherapistProfile | None:
    if not user.is_authenticated or not user.is_therapist:
        return None
    try:
        profile = user.therapist_profile  # loaded with the user by our backends
    except TherapistProfile.DoesNotExist:
        return None
    return profile if profile.is_verified else None


def visible_consents(therapist: User):
    """Active consents this therapist may act on (both partners of a couple have consented)."""
    partner_seat = Membership.objects.filter(
        ended_at__isnull=True,
        couple__memberships__user=OuterRef("client"),
        couple__memberships__ended_at__isnull=True,
    ).exclude(user=OuterRef("client"))
    partner_consent = (
        Consent.objects.active()
        .filter(
            therapist=therapist,
            client__memberships__ended_at__isnull=True,
            client__memberships__couple__memberships__user=OuterRef("client"),
            client__memberships__couple__memberships__ended_at__isnull=True,
        )
        .exclude(client=OuterRef("client"))
    )
    return (
        Consent.objects.active()
        .filter(
            therapist=therapist, therapist__therapist_profile__verified_at__isnull=False
        )
        .annotate(
            has_partner=Exists(partner_seat), partner_consented=Exists(partner_consent)
        )
        .filter(Q(has_partner=False) | Q(partner_consented=True))
    )


def consent_between(therapist: User, client_id: int) -> Consent | None:
    return (
        visible_consents(therapist)
        .select_related("client")
        .filter(client_id=client_id)
        .first()
    )


def log_access(*, therapist: User, client: User, areas: list[str]) -> None:
    """Record one look at a client's page, naming every area it showed."""
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(therapist=therapist, client=client, area=area) for area in areas
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
