"""Couples' forms, one module per feature. Import them from here: ``couples.forms``."""

from .accounts import (
    FIRST_RUN_FIELDS,
    IDLE_TIMEOUT_CHOICES,
    CodeActivateTOTPForm,
    CodeAuthenticateForm,
    CodeReauthenticateForm,
    IntakeForm,
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
    "FIRST_RUN_FIELDS",
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
    "IntakeForm",
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
