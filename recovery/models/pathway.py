"""The pathway itself: five steps and their exercises, loaded from recovery/pathway/."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from content.rendering import render_markdown
from core.translation import Translated

# The Markdown fields of a step, rendered together when it is saved.
STEP_TEXT_FIELDS = ("why", "asks_hurt", "asks_strayed", "asks_alone", "done_when")


class Step(Translated):
    TRANSLATED_FIELDS = ("title", "summary", *STEP_TEXT_FIELDS, "rendered")

    number = models.PositiveSmallIntegerField(unique=True)
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=200)
    why = models.TextField(_("why it matters"))
    asks_hurt = models.TextField(_("what it asks of the partner who was hurt"))
    asks_strayed = models.TextField(_("what it asks of the partner who strayed"))
    asks_alone = models.TextField(_("for someone on their own"))
    done_when = models.TextField(_("what done looks like"))
    related = models.ManyToManyField("content.Article", blank=True, related_name="+")
    rendered = models.JSONField(default=dict, editable=False)
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        # Derived HTML, redone on every save whichever path saved it.
        self.rendered = {
            name: render_markdown(getattr(self, name)).html for name in STEP_TEXT_FIELDS
        }
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "rendered"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("recovery:step", args=[self.number])


class Exercise(Translated):
    TRANSLATED_FIELDS = ("title", "intro", "intro_html", "prompts", "ground_rules")

    class Kind(models.TextChoices):
        REFLECTION = "reflection", _("Written reflection")
        LETTER = "letter", _("Letter to my partner")
        CONVERSATION = "conversation", _("Guided conversation")
        COMMITMENTS = "commitments", _("Commitments")
        APPRECIATION = "appreciation", _("Appreciation practice")
        ATTACHMENT = "attachment", _("Attachment reflection")
        THERAPY_PREP = "therapy_prep", _("Preparing for therapy")
        TRIGGER_LOG = "trigger_log", _("Trigger log")

    class Audience(models.TextChoices):
        HURT = "hurt", _("For the partner who was hurt")
        STRAYED = "strayed", _("For the partner who strayed")
        BOTH = "both", _("For both partners")
        ANYONE = "anyone", _("For anyone, alone or together")

    # Kinds whose answer is one piece of writing by one person.
    WRITTEN_KINDS = (
        Kind.REFLECTION,
        Kind.LETTER,
        Kind.APPRECIATION,
        Kind.ATTACHMENT,
        Kind.THERAPY_PREP,
    )

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="exercises")
    slug = models.SlugField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=Kind)
    audience = models.CharField(max_length=8, choices=Audience)
    title = models.CharField(max_length=160)
    minutes = models.PositiveSmallIntegerField(default=15)
    intro = models.TextField()
    intro_html = models.TextField(editable=False, default="")
    prompts = models.JSONField(default=list, blank=True)
    ground_rules = models.JSONField(default=list, blank=True)
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["step__number", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "slug"], name="exercise_slug_per_step"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.intro_html = render_markdown(self.intro).html
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "intro_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("recovery:exercise", args=[self.pk])

    @property
    def is_written(self) -> bool:
        return self.kind in self.WRITTEN_KINDS

    def fits(self, role: str) -> bool:
        """Whether this exercise is meant for someone on this side (or unsaid)."""
        if self.audience in (self.Audience.BOTH, self.Audience.ANYONE):
            return True
        return role in ("unsaid", self.audience)
