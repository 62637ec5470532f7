import json

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import news
from .emails import send_invitation_email
from .models import (
    CheckIn,
    Couple,
    Invitation,
    Membership,
    MonthlyReview,
    User,
    normalise_code,
)


class PairingError(Exception):
    """A pairing step that cannot happen; the message is shown to the person."""


@transaction.atomic
def create_couple(*, user: User) -> Couple:
    """Open a couple space with this person in the first seat."""
    if Membership.objects.filter(user=user, ended_at__isnull=True).exists():
        raise PairingError(_("You already have a couple space."))
    couple = Couple.objects.create()
    Membership.objects.create(couple=couple, user=user, seat=1)
    return couple


@transaction.atomic
def join_couple(*, couple: Couple, user: User) -> Membership:
    """Seat this person as the second partner; the database refuses a third."""
    return Membership.objects.create(couple=couple, user=user, seat=2)


@transaction.atomic
def invite_partner(*, couple: Couple, invited_by: User, email: str = "") -> Invitation:
    """Create a fresh invitation, cancelling any earlier one still waiting."""
    if couple.memberships.filter(ended_at__isnull=True).count() >= 2:
        raise PairingError(_("Your couple space already has two people."))
    if email and email.lower() == invited_by.email.lower():
        raise PairingError(_("That is your own email address. Enter your partner's."))
    couple.invitations.filter(status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED, responded_at=timezone.now()
    )
    now = timezone.now()
    invitation = Invitation.objects.create(
        couple=couple,
        invited_by=invited_by,
        email=email,
        created_at=now,
        expires_at=now + Invitation.LIFETIME,
    )
    if email:
        send_invitation_email(invitation)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == Invitation.Status.PENDING:
        invitation.status = Invitation.Status.REVOKED
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["status", "responded_at"])
    return invitation


def check_invitation(invitation: Invitation, user: User | None = None) -> None:
    """Raise PairingError with a clear reason if this invitation cannot be used."""
    if invitation.status == Invitation.Status.ACCEPTED:
        raise PairingError(_("This invitation has already been used."))
    if invitation.status == Invitation.Status.REVOKED:
        raise PairingError(
            _("This invitation was cancelled. Ask your partner for a new one.")
        )
    if invitation.is_expired:
        raise PairingError(
            _(
                "This invitation has expired: they last 7 days. Ask your partner for a new one."
            )
        )
    if user is None:
        return
    if user.pk == invitation.invited_by_id:
        raise PairingError(
            _("This is your own invitation. Share it with your partner.")
        )
    if user.is_therapist:
        raise PairingError(_("Therapist accounts cannot join a couple space."))
    if Membership.objects.filter(user=user, ended_at__isnull=True).exists():
        raise PairingError(
            _(
                "You are already in a couple space. End it first if you want to join this one."
            )
        )


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """Join the inviter's couple. Safe when two people try the same invitation at once."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_invitation(invitation, user)
    couple = Couple.objects.select_for_update().get(pk=invitation.couple_id)
    if couple.status == Couple.Status.ENDED:
        raise PairingError(_("This couple space has been closed."))
    try:
        with transaction.atomic():
            membership = join_couple(couple=couple, user=user)
    except IntegrityError:
        raise PairingError(
            _("This couple space is already full, or you joined another one meanwhile.")
        ) from None
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_by = user
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "responded_at"])
    news.tell_partner(by=user, couple=couple, kind=news.Kind.PARTNER_JOINED)
    news.record_event(
        recipient=user, actor=user, kind=news.Kind.LINKED, couple=couple, read=True
    )
    return membership


def find_invitation_by_code(raw_code: str) -> Invitation | None:
    return Invitation.objects.filter(code=normalise_code(raw_code)).first()


@transaction.atomic
def pause_couple(*, couple: Couple, by: User) -> Couple:
    couple = Couple.objects.select_for_update().get(pk=couple.pk)
    if couple.status == Couple.Status.ACTIVE:
        couple.status = Couple.Status.PAUSED
        couple.paused_by = by
        couple.status_changed_at = timezone.now()
        couple.save(update_fields=["status", "paused_by", "status_changed_at"])
        # A plain fact in the app, never emailed or pushed (couples.news).
        news.tell_partner(
            by=by, couple=couple, kind=news.Kind.SHARING_PAUSED, sharing=False
        )
    return couple


@transaction.atomic
def resume_couple(*, couple: Couple, by: User) -> Couple:
    couple = Couple.objects.select_for_update().get(pk=couple.pk)
    if couple.status != Couple.Status.PAUSED:
        return couple
    if couple.paused_by_id not in (None, by.pk):
        raise PairingError(_("Only the partner who paused sharing can resume it."))
    couple.status = Couple.Status.ACTIVE
    couple.paused_by = None
    couple.status_changed_at = timezone.now()
    couple.save(update_fields=["status", "paused_by", "status_changed_at"])
    news.tell_partner(
        by=by, couple=couple, kind=news.Kind.SHARING_RESUMED, sharing=False
    )
    return couple


@transaction.atomic
def end_couple(*, couple: Couple, by: User) -> Couple:
    """End the pairing for both. Nothing is deleted; sharing stops at once."""
    couple = Couple.objects.select_for_update().get(pk=couple.pk)
    if couple.status != Couple.Status.ENDED:
        # Told while both still hold their seats; in the app only.
        news.tell_partner(
            by=by, couple=couple, kind=news.Kind.PAIRING_ENDED, sharing=False
        )
    now = timezone.now()
    couple.status = Couple.Status.ENDED
    couple.status_changed_at = now
    couple.save(update_fields=["status", "status_changed_at"])
    couple.memberships.filter(ended_at__isnull=True).update(ended_at=now)
    couple.invitations.filter(status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED, responded_at=now
    )
    return couple


@transaction.atomic
def save_checkin(*, user: User, day, couple: Couple | None, values: dict) -> CheckIn:
    """Create or update this person's check-in for their day.

    Two submissions at once (a double tap, two tabs) end as one check-in:
    the row lock and the one-per-day constraint decide, never a race.
    """
    checkin = CheckIn.objects.select_for_update().filter(user=user, day=day).first()
    if checkin is None:
        try:
            with transaction.atomic():
                return CheckIn.objects.create(
                    user=user, day=day, couple=couple, **values
                )
        except IntegrityError:
            checkin = CheckIn.objects.select_for_update().get(user=user, day=day)
    for name, value in values.items():
        setattr(checkin, name, value)
    checkin.save(update_fields=[*values, "updated_at"])
    return checkin


def invitation_url(invitation: Invitation) -> str:
    return reverse("couples:join", args=[invitation.token])


@transaction.atomic
def save_monthly_review(
    *, user, month, couple, answers: dict, shared: bool
) -> MonthlyReview:
    review, _created = MonthlyReview.objects.update_or_create(
        user=user,
        month=month,
        defaults={
            "couple": couple,
            "answers_json": json.dumps(answers),
            "shared": shared,
        },
    )
    return review


@transaction.atomic
def update_profile(*, user: User, form) -> User:
    """Save a person's own settings, from their valid settings form."""
    return form.save()


@transaction.atomic
def stop_reminders(*, user_id: int) -> None:
    """Stop the daily check-in reminder (the one-click link in its email)."""
    User.objects.filter(pk=user_id).update(checkin_reminder_time=None)


# ---------- First run ----------


@transaction.atomic
def save_intake(*, user: User, answers: dict) -> User:
    """Keep the first-run answers; the home page's plan follows them."""
    for name, value in answers.items():
        setattr(user, name, value)
    user.intake_at = timezone.now()
    user.save(update_fields=[*answers, "intake_at"])
    return user


@transaction.atomic
def skip_intake(*, user: User) -> User:
    """Not now: the questions stay in the account settings."""
    user.intake_at = timezone.now()
    user.save(update_fields=["intake_at"])
    return user
