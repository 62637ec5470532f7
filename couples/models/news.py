"""What's new: events about shared things, how each person is told, and their devices.

An event is a fact about something shared (an agreement proposed, writing
shared, a step finished), addressed to one person. It points at its subject
through one of a few nullable foreign keys; deleting the subject deletes the
event, and couples.access.events_visible_to hides it while the subject is
not visible to its recipient (unshared, sharing paused, consent withdrawn).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .agreements import Agreement, Slip
from .people import Couple, User


class Topic(models.TextChoices):
    """What a person chooses how to hear about: each event kind belongs to one."""

    AGREEMENTS = "agreements", _("Agreements: proposals, changes and answers")
    SLIPS = "slips", _("Slips your partner tells you about")
    WRITING = "writing", _("Writing your partner shares with you")
    REASSURANCE = "reassurance", _("Asking for reassurance, and receiving it")
    STEPS = "steps", _("Finished steps and shared milestones")
    PARTNER = "partner", _("Your partner joining you")
    THERAPIST = "therapist", _("What your therapist asks of you")
    CLIENTS = "clients", _("What your clients shared or finished")


class Delivery(models.TextChoices):
    NOW = "now", _("At once")
    DAILY = "daily", _("In a daily summary")
    NEVER = "never", _("Never")


class Event(models.Model):
    class Kind(models.TextChoices):
        # Labels for the admin only; people read couples.news sentences.
        # To a partner
        AGREEMENT_PROPOSED = "agreement_proposed", "agreement proposed"
        AGREEMENT_CHANGED = "agreement_changed", "change suggested"
        AGREEMENT_REVIEW = "agreement_review", "review asked for"
        AGREEMENT_DECLINED = "agreement_declined", "agreement declined"
        AGREEMENT_RETIRE_ASKED = "agreement_retire_asked", "retirement asked for"
        AGREEMENT_RETIRED = "agreement_retired", "agreement retired"
        SLIP_LOGGED = "slip_logged", "slip told"
        WRITING_SHARED = "writing_shared", "writing shared"
        REASSURANCE_ASKED = "reassurance_asked", "reassurance asked for"
        REASSURANCE_GIVEN = "reassurance_given", "reassurance given"
        STEP_FINISHED = "step_finished", "step finished"
        PARTNER_JOINED = "partner_joined", "invitation accepted"
        # Plain facts, shown in the app only, never emailed or pushed: the
        # person stepping back may be doing it for their safety.
        SHARING_PAUSED = "sharing_paused", "sharing paused"
        SHARING_RESUMED = "sharing_resumed", "sharing resumed"
        PAIRING_ENDED = "pairing_ended", "pairing ended"
        # To a client, from their therapist
        ASSIGNED = "assigned", "assignment"
        # To a therapist, about a consenting client
        CLIENT_SHARED_WRITING = "client_shared_writing", "writing shared"
        CLIENT_FINISHED_STEP = "client_finished_step", "step finished"
        CLIENT_FINISHED_ASSIGNMENT = "client_finished_assignment", "assignment done"
        # Milestones, to both partners; they make the couple's timeline
        LINKED = "linked", "accounts linked"
        SIGNED = "signed", "agreement signed"
        STEP_TOGETHER = "step_together", "step finished together"
        CONVERSATION_HELD = "conversation_held", "conversation held"
        SLIP_TALKED_THROUGH = "slip_talked_through", "slip talked through"
        ONE_MONTH = "one_month", "one month together"
        THREE_MONTHS = "three_months", "three months together"

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    # Null once the person deleted their account: shown as "former partner".
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=Kind)
    # The subject: the couple it happened in, and at most one shared thing.
    couple = models.ForeignKey(
        Couple, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    slip = models.ForeignKey(
        Slip, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    response = models.ForeignKey(
        "recovery.Response",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    trigger = models.ForeignKey(
        "recovery.Trigger",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # Reopening a step deletes its completion, and with it the event.
    step_progress = models.ForeignKey(
        "recovery.StepProgress",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    conversation = models.ForeignKey(
        "recovery.Conversation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    assignment = models.ForeignKey(
        "recovery.Assignment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once an email (at once, or a digest) or a push told of it: never twice.
    emailed_at = models.DateTimeField(null=True, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "read_at"],
                condition=models.Q(read_at__isnull=True),
                name="event_unread",
            ),
            models.Index(fields=["recipient", "-created_at"], name="event_recent"),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}"


class NotificationSettings(models.Model):
    """How one person wants to hear of each topic, by email and by push.

    `choices` holds only what they changed ({"slips": {"email": "never"}});
    everything else follows the defaults in couples.news.DEFAULTS.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_settings"
    )
    choices = models.JSONField(default=dict, blank=True)
    # The person's own date of their last daily summary: one a day at most.
    digest_sent_on = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"Notification settings of {self.user_id}"


class PushSubscription(models.Model):
    """One device (an installed app or a browser) that asked for push notifications."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    device = models.CharField(_("device"), max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Push subscription {self.pk} of {self.user_id}"
