"""Couples' forms, one module per feature. Import them from here: ``couples.forms``."""

from .accounts import (
    IDLE_TIMEOUT_CHOICES,
    CodeActivateTOTPForm,
    CodeAuthenticateForm,
    CodeReauthenticateForm,
    LatinDigitsCode,
    ProfileForm,
    SignupForm,
    TherapistSignupForm,
)
from .agreements import (
    AgreementForm,
    DeclineForm,
    RevisionForm,
    SlipForm,
    SlipResponseForm,
)
from .checkins import (
    MONTHLY_PROMPTS,
    CheckInForm,
    MonthlyReviewForm,
    score_field,
)
from .pairing import (
    InvitationForm,
    JoinByCodeForm,
    SafetyCheckForm,
)
from .therapy import (
    ConnectCodeForm,
    ConsentForm,
    InviteClientForm,
)

__all__ = [
    "IDLE_TIMEOUT_CHOICES",
    "MONTHLY_PROMPTS",
    "AgreementForm",
    "CheckInForm",
    "CodeActivateTOTPForm",
    "CodeAuthenticateForm",
    "CodeReauthenticateForm",
    "ConnectCodeForm",
    "ConsentForm",
    "DeclineForm",
    "InvitationForm",
    "InviteClientForm",
    "JoinByCodeForm",
    "LatinDigitsCode",
    "MonthlyReviewForm",
    "ProfileForm",
    "RevisionForm",
    "SafetyCheckForm",
    "SignupForm",
    "SlipForm",
    "SlipResponseForm",
    "TherapistSignupForm",
    "score_field",
]
