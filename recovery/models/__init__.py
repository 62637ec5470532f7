"""The recovery pathway's models, by subject. Import them from ``recovery.models``."""

from .pathway import STEP_TEXT_FIELDS, Exercise, Step
from .practice import (
    Assignment,
    Commitment,
    Conversation,
    ReassuranceRequest,
    TherapistNote,
    Trigger,
)
from .responses import Acknowledgement, Response, ResponseQuerySet, StepProgress
from .selfchecks import DataExport

__all__ = [
    "STEP_TEXT_FIELDS",
    "Acknowledgement",
    "Assignment",
    "Commitment",
    "Conversation",
    "DataExport",
    "Exercise",
    "ReassuranceRequest",
    "Response",
    "ResponseQuerySet",
    "Step",
    "StepProgress",
    "TherapistNote",
    "Trigger",
]
