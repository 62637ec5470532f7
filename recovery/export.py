"""Everything that is a person's, as data they can take with them.

Every model that points at a person must appear in SECTIONS or in
NOT_EXPORTED with a reason: a test fails when a new one is left out.
"""

import json
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from content.models import ArticleRead, SavedArticle, SelfCheckAnswer
from core.audit import record
from core.models import SecurityEvent
from couples.models import (
    AccessLogEntry,
    Agreement,
    AgreementEvent,
    CheckIn,
    Consent,
    Membership,
    MonthlyReview,
    SafetyCheck,
    Slip,
    TherapistProfile,
    User,
)

from .models import (
    Acknowledgement,
    Assignment,
    Commitment,
    DataExport,
    ReassuranceRequest,
    Response,
    StepProgress,
    TherapistNote,
    Trigger,
)

# Models that point at a person but are not theirs to take, and why.
NOT_EXPORTED = {
    "admin.LogEntry": "staff actions in the admin, not the person's data",
    "mfa.Authenticator": "sign-in secrets: exporting them would weaken the account",
    "account.EmailAddress": "included in the account section",
    "usersessions.UserSession": "sign-in sessions, shown on the sessions page",
    "couples.Couple": "reached through memberships",
    "couples.Invitation": "one-time codes, not personal writing",
    "couples.AgreementRevision": "included in the agreements section",
    "recovery.Conversation": "shared progress marker without writing",
    "recovery.DataExport": "the exports themselves",
    "django_tasks_database.DBTaskResult": "background job records",
    "core.SecurityEvent": "security records without content, kept for the service's safety",
    "couples.Event": "notices that point at things already in the export",
    "couples.NotificationSettings": "how the person chose to be told, no content",
    "couples.PushSubscription": "device addresses and keys for notifications",
}


def _rows(queryset, *fields):
    return [{name: _plain(getattr(row, name)) for name in fields} for row in queryset]


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _agreements(user):
    """Agreements the person is party to: their words, and every version they signed."""
    signed = set(
        AgreementEvent.objects.filter(
            user=user, kind=AgreementEvent.Kind.ACCEPTED
        ).values_list("revision_id", flat=True)
    )
    couples = Membership.objects.filter(user=user).values("couple_id")
    result = []
    for agreement in Agreement.objects.filter(couple__in=couples).prefetch_related(
        "revisions__proposed_by"
    ):
        versions = [
            {
                "number": revision.number,
                "title": revision.title,
                "text": revision.text,
                "written_by_me": revision.proposed_by_id == user.pk,
                "signed_by_me": revision.pk in signed,
                "created_at": revision.created_at.isoformat(),
            }
            for revision in agreement.revisions.all()
            if revision.proposed_by_id == user.pk or revision.pk in signed
        ]
        result.append(
            {
                "category": agreement.category,
                "status": agreement.status,
                "versions": versions,
            }
        )
    return result


SECTIONS = {
    "couples.User": lambda u: [
        {
            "email": u.email,
            "display_name": u.display_name,
            "time_zone": u.time_zone,
            "role": u.role,
            "account_type": u.account_type,
            "date_joined": u.date_joined.isoformat(),
            "discreet_mode": u.discreet_mode,
            "email_addresses": list(u.emailaddress_set.values_list("email", flat=True)),
        }
    ],
    "couples.Membership": lambda u: _rows(
        Membership.objects.filter(user=u), "couple_id", "joined_at", "ended_at"
    ),
    "couples.CheckIn": lambda u: _rows(
        CheckIn.objects.filter(user=u),
        "day",
        "mood",
        "closeness",
        "safety",
        "appreciated",
        "need",
        "note",
        "share_scores",
        "share_appreciated",
        "share_need",
        "share_note",
        "agreement_mention",
    ),
    "couples.MonthlyReview": lambda u: [
        {"month": r.month.isoformat(), "answers": r.answers, "shared": r.shared}
        for r in MonthlyReview.objects.filter(user=u)
    ],
    "couples.Agreement": _agreements,
    "couples.AgreementEvent": lambda u: _rows(
        AgreementEvent.objects.filter(user=u),
        "agreement_id",
        "kind",
        "reason",
        "created_at",
    ),
    "couples.Slip": lambda u: _rows(
        Slip.objects.filter(
            Q(user=u) | Q(agreement__couple__memberships__user=u)
        ).distinct(),
        "kind",
        "what_happened",
        "what_helps",
        "response",
        "created_at",
    ),
    "couples.SafetyCheck": lambda u: [
        {"answers": c.answers, "taken_at": c.taken_at.isoformat()}
        for c in SafetyCheck.objects.filter(user=u)
    ],
    "couples.TherapistProfile": lambda u: _rows(
        TherapistProfile.objects.filter(user=u),
        "full_name",
        "licence_number",
        "jurisdiction",
        "practice",
    ),
    "couples.Consent": lambda u: _rows(
        Consent.objects.filter(Q(client=u) | Q(therapist=u)),
        "client_id",
        "therapist_id",
        "share_progress",
        "share_checkins",
        "share_responses",
        "created_at",
        "revoked_at",
    ),
    "couples.AccessLogEntry": lambda u: _rows(
        AccessLogEntry.objects.filter(Q(client=u) | Q(therapist=u)),
        "therapist_id",
        "client_id",
        "area",
        "viewed_at",
    ),
    "recovery.Response": lambda u: [
        {
            "exercise": r.exercise.title,
            "body": r.body,
            "unsaved_draft": r.draft,
            "shared_with_partner": r.shared_with_partner,
            "shared_with_therapist": r.shared_with_therapist,
            "saved_at": _plain(r.saved_at),
        }
        for r in Response.objects.filter(user=u).select_related("exercise")
    ],
    "recovery.Acknowledgement": lambda u: _rows(
        Acknowledgement.objects.filter(Q(user=u) | Q(response__user=u)),
        "response_id",
        "text",
        "created_at",
    ),
    "recovery.StepProgress": lambda u: _rows(
        StepProgress.objects.filter(user=u), "step_id", "completed_at"
    ),
    "recovery.Commitment": lambda u: _rows(
        Commitment.objects.filter(user=u),
        "text",
        "created_at",
        "kept_at",
        "acknowledged_at",
    ),
    "recovery.Trigger": lambda u: _rows(
        Trigger.objects.filter(user=u),
        "occurred_on",
        "what_happened",
        "intensity",
        "what_helped",
        "asked_for_reassurance",
        "reassurance",
    ),
    "recovery.ReassuranceRequest": lambda u: _rows(
        ReassuranceRequest.objects.filter(user=u),
        "asked_at",
        "answer",
        "answered_at",
    ),
    "recovery.Assignment": lambda u: _rows(
        Assignment.objects.filter(Q(client=u) | Q(therapist=u)),
        "step_id",
        "exercise_id",
        "note",
        "due_on",
        "status",
    ),
    "recovery.TherapistNote": lambda u: _rows(
        TherapistNote.objects.filter(therapist=u), "client_id", "text", "created_at"
    ),
    "content.SelfCheckAnswer": lambda u: [
        {
            "check": a.check_slug,
            "answers": a.answers,
            "saved_at": a.saved_at.isoformat(),
        }
        for a in SelfCheckAnswer.objects.filter(user=u)
    ],
    "content.SavedArticle": lambda u: _rows(
        SavedArticle.objects.filter(user=u).select_related("article"),
        "article_id",
        "saved_at",
    ),
    "content.ArticleRead": lambda u: _rows(
        ArticleRead.objects.filter(user=u), "article_id", "read_at"
    ),
}


def collect(user: User) -> dict:
    return {
        "exported_at": timezone.now().isoformat(),
        "sections": {label: build(user) for label, build in SECTIONS.items()},
    }


@transaction.atomic
def request_export(*, user: User) -> DataExport:
    export = DataExport.objects.create(
        user=user,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + timedelta(days=DataExport.LIFETIME_DAYS),
    )
    build_export.enqueue(export_id=export.pk)
    record(SecurityEvent.Kind.EXPORT, user)
    return export


@task
def build_export(*, export_id: int) -> None:
    """Gather the data outside the request: for a long history it takes a while."""
    export = DataExport.objects.select_related("user").get(pk=export_id)
    export.payload_json = json.dumps(collect(export.user), ensure_ascii=False, indent=2)
    export.status = DataExport.Status.READY
    export.ready_at = timezone.now()
    export.save(update_fields=["payload_json", "status", "ready_at"])
