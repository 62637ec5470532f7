"""The life of an agreement: propose, negotiate, keep, change, retire.

Every step locks the agreement's row and checks which revision the person
was looking at, so two partners acting at the same moment end in one
consistent state, and nobody answers a version that has since changed.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from . import news
from .models import (
    Agreement,
    AgreementEvent,
    AgreementRevision,
    Couple,
    Membership,
    Slip,
    User,
)

Kind = AgreementEvent.Kind
Status = Agreement.Status
News = news.Kind


class AgreementError(Exception):
    """A step that cannot happen now; the message is shown to the person."""


class StaleRevision(AgreementError):
    """The person answered a revision that is no longer the newest."""


def _members(couple: Couple) -> set[int]:
    return set(
        Membership.objects.filter(couple=couple, ended_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )


def _locked(agreement: Agreement, revision_number: int | None) -> Agreement:
    # Lock the row alone: joined rows read under the lock could be stale when
    # another transaction just committed a new revision. The revisions are
    # then read afresh, after the lock is ours.
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if (
        revision_number is not None
        and agreement.current_revision.number != revision_number
    ):
        raise StaleRevision(
            _(
                "Your partner changed this agreement while you were reading it. Here is the newest version; your words are kept below."
            )
        )
    return agreement


def _event(agreement, revision, user, kind, reason=""):
    return AgreementEvent.objects.create(
        agreement=agreement, revision=revision, user=user, kind=kind, reason=reason
    )


def _new_revision(agreement, *, by, title, text, review_on) -> AgreementRevision:
    number = (
        (agreement.current_revision.number + 1) if agreement.current_revision else 1
    )
    revision = AgreementRevision.objects.create(
        agreement=agreement,
        number=number,
        title=title,
        text=text,
        review_on=review_on,
        proposed_by=by,
    )
    agreement.current_revision = revision
    return revision


def _tell_partner(agreement, by, kind, **subject):
    """Agreements are seen by both seats whether or not the couple shares now."""
    subject = subject or {"agreement": agreement}
    news.tell_partner(
        by=by, couple=agreement.couple, kind=kind, sharing=False, **subject
    )


def _add_wording(agreement, by, kind, title, text, review_on) -> Agreement:
    """A new revision in this person's words, which they accept by writing it."""
    revision = _new_revision(
        agreement, by=by, title=title, text=text, review_on=review_on
    )
    agreement.save(update_fields=["current_revision", "updated_at"])
    _event(agreement, revision, by, kind)
    _event(agreement, revision, by, Kind.ACCEPTED)
    told = News.AGREEMENT_REVIEW if kind == Kind.REOPENED else News.AGREEMENT_CHANGED
    _tell_partner(agreement, by, told)
    return agreement


@transaction.atomic
def propose_agreement(
    *, couple: Couple, by: User, category: str, title: str, text: str, review_on=None
) -> Agreement:
    if len(_members(couple)) < 2:
        raise AgreementError(
            _("Agreements are made by two people. Invite your partner first.")
        )
    agreement = Agreement.objects.create(couple=couple, category=category)
    revision = _new_revision(
        agreement, by=by, title=title, text=text, review_on=review_on
    )
    agreement.save(update_fields=["current_revision"])
    _event(agreement, revision, by, Kind.PROPOSED)
    _event(agreement, revision, by, Kind.ACCEPTED)
    _tell_partner(agreement, by, News.AGREEMENT_PROPOSED)
    return agreement


def _is_open(agreement) -> bool:
    return agreement.status == Status.PROPOSED or agreement.is_being_changed


@transaction.atomic
def accept(*, agreement: Agreement, by: User, revision_number: int) -> Agreement:
    agreement = _locked(agreement, revision_number)
    if not _is_open(agreement):
        raise AgreementError(_("There is nothing waiting to be accepted here."))
    revision = agreement.current_revision
    try:
        with transaction.atomic():
            _event(agreement, revision, by, Kind.ACCEPTED)
    except IntegrityError:
        raise AgreementError(_("You have already accepted this version.")) from None
    accepted_by = set(
        revision.events.filter(kind=Kind.ACCEPTED).values_list("user_id", flat=True)
    )
    if _members(agreement.couple) <= accepted_by:
        agreement.status = Status.ACTIVE
        agreement.active_revision = revision
        agreement.retire_requested_by = None
        agreement.review_reminded_on = None
        agreement.save(
            update_fields=[
                "status",
                "active_revision",
                "retire_requested_by",
                "review_reminded_on",
                "updated_at",
            ]
        )
        # Both signed the same words: a moment for them both.
        news.mark_milestone(
            couple=agreement.couple, kind=News.SIGNED, by=by, agreement=agreement
        )
    return agreement


@transaction.atomic
def suggest_change(
    *,
    agreement: Agreement,
    by: User,
    revision_number: int,
    title: str,
    text: str,
    review_on=None,
) -> Agreement:
    """Answer a proposal with a new wording: a new revision, in this person's words."""
    agreement = _locked(agreement, revision_number)
    if not _is_open(agreement):
        raise AgreementError(_("This agreement isn't being discussed right now."))
    return _add_wording(agreement, by, Kind.CHANGE_SUGGESTED, title, text, review_on)


@transaction.atomic
def decline(
    *, agreement: Agreement, by: User, revision_number: int, reason: str
) -> Agreement:
    agreement = _locked(agreement, revision_number)
    if not _is_open(agreement):
        raise AgreementError(_("There is nothing waiting for an answer here."))
    if agreement.current_revision.proposed_by_id == by.pk:
        raise AgreementError(_("This is your own wording. Suggest a change instead."))
    _event(agreement, agreement.current_revision, by, Kind.DECLINED, reason)
    if agreement.active_revision_id:
        # The change is not adopted; the version both signed stays in force.
        agreement.current_revision = agreement.active_revision
    else:
        agreement.status = Status.DECLINED
    agreement.save(update_fields=["status", "current_revision", "updated_at"])
    _tell_partner(agreement, by, News.AGREEMENT_DECLINED)
    return agreement


@transaction.atomic
def reopen(
    *,
    agreement: Agreement,
    by: User,
    revision_number: int,
    title: str,
    text: str,
    review_on=None,
) -> Agreement:
    """Propose a new wording for an agreement in force; the old one stays in force meanwhile."""
    agreement = _locked(agreement, revision_number)
    if agreement.status != Status.ACTIVE or agreement.is_being_changed:
        raise AgreementError(
            _(
                "Only an agreement in force, with no change under discussion, can be reopened."
            )
        )
    return _add_wording(agreement, by, Kind.REOPENED, title, text, review_on)


@transaction.atomic
def request_retirement(*, agreement: Agreement, by: User) -> Agreement:
    agreement = _locked(agreement, None)
    if agreement.status != Status.ACTIVE:
        raise AgreementError(_("Only an agreement in force can be retired."))
    if agreement.retire_requested_by_id is None:
        agreement.retire_requested_by = by
        agreement.save(update_fields=["retire_requested_by", "updated_at"])
        _event(agreement, agreement.active_revision, by, Kind.RETIRE_REQUESTED)
        _tell_partner(agreement, by, News.AGREEMENT_RETIRE_ASKED)
    return agreement


@transaction.atomic
def confirm_retirement(*, agreement: Agreement, by: User) -> Agreement:
    agreement = _locked(agreement, None)
    if agreement.status != Status.ACTIVE or agreement.retire_requested_by_id is None:
        raise AgreementError(_("Nobody has asked to retire this agreement."))
    if agreement.retire_requested_by_id == by.pk:
        raise AgreementError(_("Your partner needs to agree before it is retired."))
    agreement.status = Status.RETIRED
    agreement.save(update_fields=["status", "updated_at"])
    _event(agreement, agreement.active_revision, by, Kind.RETIRED)
    _tell_partner(agreement, by, News.AGREEMENT_RETIRED)
    return agreement


@transaction.atomic
def cancel_retirement(*, agreement: Agreement, by: User) -> Agreement:
    agreement = _locked(agreement, None)
    if agreement.status == Status.ACTIVE and agreement.retire_requested_by_id:
        agreement.retire_requested_by = None
        agreement.save(update_fields=["retire_requested_by", "updated_at"])
        _event(agreement, agreement.active_revision, by, Kind.RETIRE_CANCELLED)
    return agreement


def review_due(agreement: Agreement, *, today: datetime.date) -> bool:
    revision = agreement.active_revision
    return bool(
        agreement.status == Status.ACTIVE
        and revision is not None
        and revision.review_on is not None
        and revision.review_on <= today
    )


@transaction.atomic
def mark_still_working(*, agreement: Agreement, by: User) -> Agreement:
    agreement = _locked(agreement, None)
    if agreement.status != Status.ACTIVE:
        raise AgreementError(_("Only an agreement in force can be reviewed."))
    _event(agreement, agreement.active_revision, by, Kind.REVIEWED)
    return agreement


@transaction.atomic
def record_slip(
    *,
    agreement: Agreement,
    by: User,
    kind: str,
    what_happened: str,
    what_helps: str = "",
) -> Slip:
    agreement = _locked(agreement, None)
    if agreement.status != Status.ACTIVE:
        raise AgreementError(_("Slips can be told about agreements in force."))
    slip = Slip.objects.create(
        agreement=agreement,
        user=by,
        kind=kind,
        what_happened=what_happened,
        what_helps=what_helps,
    )
    _tell_partner(agreement, by, News.SLIP_LOGGED, slip=slip)
    return slip


@transaction.atomic
def respond_to_slip(*, slip: Slip, by: User, response: str) -> Slip:
    slip = Slip.objects.select_for_update().get(pk=slip.pk)
    if slip.user_id == by.pk:
        raise AgreementError(_("Your partner answers this, not you."))
    first_answer = slip.responded_at is None
    slip.response = response
    slip.responded_at = timezone.now()
    slip.save(update_fields=["response", "responded_at"])
    if first_answer:
        news.mark_milestone(
            couple=slip.agreement.couple,
            kind=News.SLIP_TALKED_THROUGH,
            by=by,
            slip=slip,
        )
    return slip


def agreements_in_play(couple: Couple, user: User) -> list[Agreement]:
    """The couple's agreements in force or under negotiation, in one query.

    Each carries `waiting_for_me`: it has a wording this person has not yet
    answered (a new proposal, or a change to one in force).
    """
    answered = AgreementEvent.objects.filter(
        revision=OuterRef("current_revision"), user=user, kind=Kind.ACCEPTED
    )
    agreements = list(
        Agreement.objects.filter(couple=couple)
        .exclude(status__in=[Status.DECLINED, Status.RETIRED])
        .annotate(i_accepted=Exists(answered))
        .select_related("active_revision", "current_revision")
        .order_by("pk")
    )
    for agreement in agreements:
        new_wording = (
            agreement.status == Status.PROPOSED
            or agreement.current_revision_id != agreement.active_revision_id
        )
        agreement.waiting_for_me = new_wording and not agreement.i_accepted
    return agreements
