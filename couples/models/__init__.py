"""Couples' models, by subject. Import them from here: ``couples.models``."""

from .agreements import (
    Agreement,
    AgreementEvent,
    AgreementQuerySet,
    AgreementRevision,
    Slip,
)
from .checkins import CheckIn, CheckInQuerySet, MonthlyReview
from .people import (
    CODE_ALPHABET,
    Couple,
    CoupleQuerySet,
    Invitation,
    InvitationQuerySet,
    Membership,
    User,
    UserManager,
    invitation_code,
    invitation_token,
    normalise_code,
    validate_time_zone,
)
from .safety import SafetyCheck
from .therapists import AccessLogEntry, Consent, ConsentQuerySet, TherapistProfile

__all__ = [
    "CODE_ALPHABET",
    "AccessLogEntry",
    "Agreement",
    "AgreementEvent",
    "AgreementQuerySet",
    "AgreementRevision",
    "CheckIn",
    "CheckInQuerySet",
    "Consent",
    "ConsentQuerySet",
    "Couple",
    "CoupleQuerySet",
    "Invitation",
    "InvitationQuerySet",
    "Membership",
    "MonthlyReview",
    "SafetyCheck",
    "Slip",
    "TherapistProfile",
    "User",
    "UserManager",
    "invitation_code",
    "invitation_token",
    "normalise_code",
    "validate_time_zone",
]
