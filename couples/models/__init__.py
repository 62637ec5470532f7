"""Couples' models, by subject. Import them from here: ``couples.models``."""

from .agreements import (
    Agreement,
    AgreementEvent,
    AgreementQuerySet,
    AgreementRevision,
    Slip,
)
from .checkins import CheckIn, CheckInQuerySet, MonthlyReview
from .news import Delivery, Event, NotificationSettings, PushSubscription, Topic
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
    "Delivery",
    "Event",
    "Invitation",
    "InvitationQuerySet",
    "Membership",
    "MonthlyReview",
    "NotificationSettings",
    "PushSubscription",
    "SafetyCheck",
    "Slip",
    "TherapistProfile",
    "Topic",
    "User",
    "UserManager",
    "invitation_code",
    "invitation_token",
    "normalise_code",
    "validate_time_zone",
]
