"""What's new: recording events about shared things, reading them, and choosing how to hear.

Events are recorded by the service functions that perform each action
(couples.agreements, couples.services, recovery.services), inside the same
transaction, and only when the recipient may see the subject: a private
action records nothing. Who may see an event is couples.access's
`events_visible_to`; how it is delivered (email, push) is couples.notify.
"""

import datetime

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Couple,
    Delivery,
    Event,
    NotificationSettings,
    PushSubscription,
    Topic,
    User,
)

Kind = Event.Kind

# Which topic each kind belongs to. Kinds without one (pausing, resuming,
# ending) are shown in the app only: never emailed, never pushed.
TOPIC_OF_KIND = {
    Kind.AGREEMENT_PROPOSED: Topic.AGREEMENTS,
    Kind.AGREEMENT_CHANGED: Topic.AGREEMENTS,
    Kind.AGREEMENT_REVIEW: Topic.AGREEMENTS,
    Kind.AGREEMENT_DECLINED: Topic.AGREEMENTS,
    Kind.AGREEMENT_RETIRE_ASKED: Topic.AGREEMENTS,
    Kind.AGREEMENT_RETIRED: Topic.AGREEMENTS,
    Kind.SIGNED: Topic.AGREEMENTS,
    Kind.SLIP_LOGGED: Topic.SLIPS,
    Kind.SLIP_TALKED_THROUGH: Topic.SLIPS,
    Kind.WRITING_SHARED: Topic.WRITING,
    Kind.REASSURANCE_ASKED: Topic.REASSURANCE,
    Kind.REASSURANCE_GIVEN: Topic.REASSURANCE,
    Kind.STEP_FINISHED: Topic.STEPS,
    Kind.STEP_TOGETHER: Topic.STEPS,
    Kind.CONVERSATION_HELD: Topic.STEPS,
    Kind.ONE_MONTH: Topic.STEPS,
    Kind.THREE_MONTHS: Topic.STEPS,
    Kind.LINKED: Topic.PARTNER,
    Kind.PARTNER_JOINED: Topic.PARTNER,
    Kind.ASSIGNED: Topic.THERAPIST,
    Kind.CLIENT_SHARED_WRITING: Topic.CLIENTS,
    Kind.CLIENT_FINISHED_STEP: Topic.CLIENTS,
    Kind.CLIENT_FINISHED_ASSIGNMENT: Topic.CLIENTS,
}
DELIVERED_KINDS = tuple(TOPIC_OF_KIND)

# Shared writing can be taken back for a while if nobody has read it yet;
# news of it waits that long before leaving the app, so undoing tells nobody.
UNDO_WINDOW = datetime.timedelta(minutes=10)
HELD_FOR_UNDO = (Kind.WRITING_SHARED, Kind.CLIENT_SHARED_WRITING)

# The couple's timeline: milestones, never streaks or counts of missed days.
MILESTONES = (
    Kind.PARTNER_JOINED,
    Kind.LINKED,
    Kind.SIGNED,
    Kind.STEP_TOGETHER,
    Kind.CONVERSATION_HELD,
    Kind.SLIP_TALKED_THROUGH,
    Kind.ONE_MONTH,
    Kind.THREE_MONTHS,
)

# Agreements, reassurance and the moments that happen once (a partner
# joining, a therapist's request) at once; the rest in the evening summary.
DEFAULTS = {
    Topic.AGREEMENTS: Delivery.NOW,
    Topic.SLIPS: Delivery.DAILY,
    Topic.WRITING: Delivery.DAILY,
    Topic.REASSURANCE: Delivery.NOW,
    Topic.STEPS: Delivery.DAILY,
    Topic.PARTNER: Delivery.NOW,
    Topic.THERAPIST: Delivery.NOW,
    Topic.CLIENTS: Delivery.DAILY,
}
CHANNELS = ("email", "push")
CLIENT_TOPICS = [t for t in Topic if t != Topic.CLIENTS]
THERAPIST_TOPICS = [Topic.CLIENTS]


def topics_for(user: User) -> list[Topic]:
    return THERAPIST_TOPICS if user.is_therapist else CLIENT_TOPICS


def choice(settings: NotificationSettings | None, topic, channel: str) -> str:
    """How this person wants to hear of a topic on a channel: their choice or the default."""
    chosen = (settings.choices if settings else {}).get(str(topic), {})
    return chosen.get(channel, DEFAULTS[topic])


def settings_of(user: User) -> NotificationSettings | None:
    return NotificationSettings.objects.filter(user=user).first()


# ---------- Recording ----------


def record_event(*, recipient: User, kind: str, actor=None, read=False, **subject):
    """Record one event for one person and, if they want it at once, deliver it.

    The delivery task is queued in the same transaction (the task queue is
    in the database), so a rolled-back action tells nobody.
    """
    from .notify import deliver_event

    event = Event.objects.create(
        recipient=recipient,
        actor=actor,
        kind=kind,
        read_at=timezone.now() if read else None,
        **subject,
    )
    topic = TOPIC_OF_KIND.get(kind)
    if topic is not None and not read:
        settings = settings_of(recipient)
        if any(choice(settings, topic, c) == Delivery.NOW for c in CHANNELS):
            delivery = deliver_event
            if kind in HELD_FOR_UNDO and deliver_event.get_backend().supports_defer:
                delivery = deliver_event.using(run_after=event.created_at + UNDO_WINDOW)
            delivery.enqueue(event_id=event.pk)
    return event


def _seated(couple: Couple):
    return User.objects.filter(
        memberships__couple=couple, memberships__ended_at__isnull=True
    )


def tell_partner(
    *, by: User, couple: Couple | None, kind: str, sharing=True, **subject
):
    """Tell the other person of this couple; with `sharing`, only while the couple shares."""
    if couple is None:
        return None
    couple = Couple.objects.get(pk=couple.pk)  # its status now, not when it was read
    if sharing and not couple.is_sharing:
        return None
    partner = _seated(couple).exclude(pk=by.pk).first()
    if partner is None:
        return None
    return record_event(
        recipient=partner, actor=by, kind=kind, couple=couple, **subject
    )


def mark_milestone(*, couple: Couple, kind: str, by: User | None = None, **subject):
    """A moment the couple reached together, on both timelines.

    The person whose action completed it sees it on the page at once, so
    theirs is already read; their partner learns of it as news.
    """
    for person in _seated(couple):
        read = by is not None and person.pk == by.pk
        record_event(
            recipient=person, actor=by, kind=kind, couple=couple, read=read, **subject
        )


def tell_therapists(*, client: User, kind: str, scope: str | None, **subject):
    """Tell each therapist whose consent covers it; consent decides visibility again on reading."""
    from .models import Consent

    consents = Consent.objects.active().filter(client=client)
    if scope:
        consents = consents.filter(**{scope: True})
    for therapist in User.objects.filter(pk__in=consents.values("therapist_id")):
        record_event(recipient=therapist, actor=client, kind=kind, **subject)


# ---------- Reading ----------


@transaction.atomic
def mark_read(*, user: User, upto: int) -> int:
    """Mark as read every visible event up to this one: the list showed them."""
    from .access import events_visible_to

    return (
        events_visible_to(user)
        .filter(read_at__isnull=True, pk__lte=upto)
        .update(read_at=timezone.now())
    )


# ---------- Choices and devices ----------


@transaction.atomic
def save_choices(*, user: User, choices: dict) -> NotificationSettings:
    """Keep this person's choices ({topic: {channel: delivery}})."""
    settings, _created = NotificationSettings.objects.select_for_update().get_or_create(
        user=user
    )
    settings.choices = {
        str(topic): {c: choices[topic][c] for c in CHANNELS}
        for topic in topics_for(user)
        if topic in choices
    }
    settings.save(update_fields=["choices"])
    return settings


@transaction.atomic
def stop_emails(*, user: User) -> NotificationSettings:
    """The one link in every email: no more notification emails of any kind."""
    settings, _created = NotificationSettings.objects.select_for_update().get_or_create(
        user=user
    )
    choices = dict(settings.choices)
    for topic in topics_for(user):
        choices[str(topic)] = choices.get(str(topic), {}) | {"email": Delivery.NEVER}
    settings.choices = choices
    settings.save(update_fields=["choices"])
    return settings


STOP_SALT = "couples.news.stop-emails"


def stop_token(user: User) -> str:
    return signing.dumps(user.pk, salt=STOP_SALT)


def user_id_from_stop_token(token: str) -> int | None:
    try:
        return signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None


@transaction.atomic
def subscribe_device(
    *, user: User, endpoint: str, p256dh: str, auth: str, device: str = ""
) -> PushSubscription:
    """Remember a device's push subscription; the same device moves to whoever signed in."""
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "device": device},
    )
    return subscription


@transaction.atomic
def forget_device(*, user: User, endpoint: str = "", pk: int | None = None) -> int:
    """Stop pushing to one of this person's devices."""
    devices = PushSubscription.objects.filter(user=user)
    devices = (
        devices.filter(pk=pk) if pk is not None else devices.filter(endpoint=endpoint)
    )
    return devices.delete()[0]


# ---------- Saying what happened ----------

HEADLINES = {
    Kind.AGREEMENT_PROPOSED: lambda: _("%(name)s proposed an agreement."),
    Kind.AGREEMENT_CHANGED: lambda: _("%(name)s suggested a change to an agreement."),
    Kind.AGREEMENT_REVIEW: lambda: _("%(name)s asked to look at an agreement again."),
    Kind.AGREEMENT_DECLINED: lambda: _("%(name)s declined an agreement."),
    Kind.AGREEMENT_RETIRE_ASKED: lambda: _("%(name)s asked to retire an agreement."),
    Kind.AGREEMENT_RETIRED: lambda: _("%(name)s agreed to retire an agreement."),
    Kind.SLIP_LOGGED: lambda: _("%(name)s told you about a slip."),
    Kind.WRITING_SHARED: lambda: _("%(name)s shared some writing with you."),
    Kind.REASSURANCE_ASKED: lambda: _("%(name)s asked you for reassurance."),
    Kind.REASSURANCE_GIVEN: lambda: _(
        "%(name)s answered your request for reassurance."
    ),
    Kind.STEP_FINISHED: lambda: _("%(name)s finished a step of the pathway."),
    Kind.PARTNER_JOINED: lambda: _("%(name)s accepted your invitation."),
    Kind.SHARING_PAUSED: lambda: _("%(name)s paused sharing."),
    Kind.SHARING_RESUMED: lambda: _("%(name)s resumed sharing."),
    Kind.PAIRING_ENDED: lambda: _("%(name)s ended the pairing of your accounts."),
    Kind.ASSIGNED: lambda: _("%(name)s suggested something to work on."),
    Kind.CLIENT_SHARED_WRITING: lambda: _("%(name)s shared writing with you."),
    Kind.CLIENT_FINISHED_STEP: lambda: _("%(name)s finished a step."),
    Kind.CLIENT_FINISHED_ASSIGNMENT: lambda: _(
        "%(name)s finished something you suggested."
    ),
    Kind.LINKED: lambda: _("You linked your accounts."),
    Kind.SIGNED: lambda: _("You both signed an agreement."),
    Kind.STEP_TOGETHER: lambda: _("You both finished a step."),
    Kind.CONVERSATION_HELD: lambda: _("You held a guided conversation together."),
    Kind.SLIP_TALKED_THROUGH: lambda: _("You talked a slip through together."),
    Kind.ONE_MONTH: lambda: _("One month of working on this together."),
    Kind.THREE_MONTHS: lambda: _("Three months of working on this together."),
}

# What the list needs to describe an event, in the same query as the events.
DESCRIBED_WITH = (
    "actor__therapist_profile",
    "agreement__current_revision",
    "agreement__active_revision",
    "slip__agreement__current_revision",
    "response__exercise",
    "step_progress__step",
    "conversation__exercise",
    "assignment__step",
    "assignment__exercise",
)


def actor_name(event: Event) -> str:
    actor = event.actor
    if actor is None:
        return _("Your former partner")
    profile = getattr(actor, "therapist_profile", None) if actor.is_therapist else None
    return profile.full_name if profile else actor.short_name


def headline(event: Event) -> str:
    """What happened, without anything anyone wrote: safe for email and push."""
    return HEADLINES[event.kind]() % {"name": actor_name(event)}


def detail(event: Event) -> str:
    """What it is about (a title, a therapist's note): for the app only, never sent."""
    if event.agreement_id:
        revision = (
            event.agreement.active_revision
            if event.kind == Kind.SIGNED and event.agreement.active_revision_id
            else event.agreement.current_revision
        )
        return revision.title if revision else ""
    if event.slip_id:
        return event.slip.agreement.current_revision.title
    if event.response_id:
        return event.response.exercise.title
    if event.step_progress_id:
        step = event.step_progress.step
        return _("Step %(number)s: %(title)s") % {
            "number": step.number,
            "title": step.title,
        }
    if event.conversation_id:
        return event.conversation.exercise.title
    if event.assignment_id:
        assignment = event.assignment
        what = (
            assignment.exercise.title
            if assignment.exercise_id
            else _("Step %(number)s: %(title)s")
            % {"number": assignment.step.number, "title": assignment.step.title}
        )
        return f"{what}. {assignment.note}" if assignment.note else what
    return ""


def link(event: Event) -> str:
    """Where the event's subject is, for this recipient."""
    if event.kind in MILESTONES:
        return reverse("couples:timeline")
    if event.kind in (
        Kind.CLIENT_SHARED_WRITING,
        Kind.CLIENT_FINISHED_STEP,
        Kind.CLIENT_FINISHED_ASSIGNMENT,
    ):
        return reverse("recovery:caseload-client", args=[event.actor_id])
    if event.agreement_id:
        return reverse("couples:agreement-detail", args=[event.agreement_id])
    if event.slip_id:
        return reverse("couples:agreement-detail", args=[event.slip.agreement_id])
    if event.response_id:
        return reverse("recovery:exercise", args=[event.response.exercise_id])
    if event.trigger_id:
        return reverse("recovery:triggers")
    if event.step_progress_id:
        return reverse("recovery:step", args=[event.step_progress.step.number])
    if event.assignment_id:
        return event.assignment.get_absolute_url()
    return reverse("couples:couple")


def describe(events) -> list[Event]:
    """Give each event its headline, detail and link, for a template."""
    described = []
    for event in events:
        event.headline = headline(event)
        event.detail = detail(event)
        event.link = link(event)
        event.is_milestone = event.kind in MILESTONES
        described.append(event)
    return described
