import json
import re

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.encryption import EncryptedTextField
from core.translation import Translated

from .rendering import RENDERER_VERSION, render_markdown
from .sync import fingerprint


def language_field():
    return models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Versions of one text in different languages share its slug."),
    )


class Topic(models.Model):
    slug = models.SlugField()
    language = language_field()
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "language"], name="topic_slug_per_language"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("content:topic", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_language(self, language=None):
        """Articles in `language`, by default the reader's."""
        from core.language import current_language

        return self.filter(language=language or current_language())

    def rendered_by_an_older_version(self):
        return self.exclude(rendered_with=RENDERER_VERSION)

    def rerender(self):
        """Render again, e.g. after the glossary changed (its links are baked in)."""
        for article in self:
            article.save(update_fields=[])


class Article(models.Model):
    slug = models.SlugField(max_length=80)
    language = language_field()
    title = models.CharField(max_length=160)
    summary = models.CharField(
        max_length=200, help_text=_("One plain sentence: what a reader will learn.")
    )
    body = models.TextField(help_text=_("Markdown. Use ## for sections; no raw HTML."))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="articles")
    order = models.PositiveSmallIntegerField(default=0)
    related = models.ManyToManyField("self", symmetrical=False, blank=True)
    sources = models.JSONField(
        default=list,
        blank=True,
        help_text=_('A list of {"citation": "…", "url": "…"}; url is optional.'),
    )
    is_published = models.BooleanField(default=True)
    reviewed_on = models.DateField(_("last reviewed"))
    updated_at = models.DateTimeField(auto_now=True)

    # Derived from the fields above whenever the article is saved.
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    rendered_with = models.PositiveSmallIntegerField(editable=False, default=0)
    # Kept in step by a database trigger on PostgreSQL (see migrations).
    search_vector = SearchVectorField(null=True, editable=False)

    # What the loader last wrote; a different current hash means an editor
    # changed the article since, and the loader leaves it alone.
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["topic__order", "order", "title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="article_search_gin"),
            models.Index(fields=["topic", "order"], name="article_topic_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "language"], name="article_slug_per_language"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendering is derived data, so it is redone on every save, whichever
        # path saved the article (admin, loader, shell).
        self.render()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "body_html",
                "body_text",
                "toc",
                "reading_minutes",
                "rendered_with",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("content:article", args=[self.slug])

    def render(self):
        rendered = render_markdown(
            self.body,
            glossary=GlossaryTerm.objects.filter(language=self.language).link_map(),
        )
        self.body_html = rendered.html
        self.body_text = rendered.text
        self.toc = rendered.toc
        self.reading_minutes = rendered.reading_minutes
        self.rendered_with = RENDERER_VERSION

    def content_hash(self, related_slugs=None) -> str:
        """Fingerprint what an editor can change, to detect edits since loading."""
        if related_slugs is None:
            related_slugs = sorted(self.related.values_list("slug", flat=True))
        payload = {
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "topic": self.topic.slug,
            "order": self.order,
            "sources": self.sources,
            "published": self.is_published,
            "reviewed": self.reviewed_on.isoformat(),
            "related": sorted(related_slugs),
        }
        return fingerprint(payload)

    @property
    def is_long(self) -> bool:
        return len(self.toc) >= 3


class GlossaryTermQuerySet(models.QuerySet):
    def link_map(self) -> dict[str, str]:
        url = reverse("content:glossary")
        return {
            term: f"{url}#{slug}" for term, slug in self.values_list("term", "slug")
        }


class GlossaryTerm(models.Model):
    term = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80)
    language = language_field()
    definition = models.TextField()
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "language"], name="glossary_slug_per_language"
            ),
            models.UniqueConstraint(
                fields=["term", "language"], name="glossary_term_per_language"
            ),
        ]

    def __str__(self):
        return self.term


class SavedArticle(models.Model):
    """An article a signed-in person kept to read later."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_articles",
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], name="saved_article_once"
            )
        ]
        ordering = ["-saved_at"]

    def __str__(self):
        return f"{self.user} saved {self.article}"


class ArticleRead(models.Model):
    """An article a signed-in person marked as read (the pathway counts these)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="articles_read"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], name="article_read_once"
            )
        ]

    def __str__(self):
        return f"{self.user} read {self.article}"


class CrisisLine(Translated):
    """An emergency number, crisis line or domestic-abuse line in one country."""

    class Kind(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency")
        CRISIS = "crisis", _("Crisis and suicide support")
        ABUSE = "abuse", _("Domestic abuse support")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        UNCONFIRMED = "unconfirmed", _("Not yet confirmed")

    # What the loader writes from the bundle; translated wording lives in
    # `translations`. `last_checked` is never loaded.
    LOADED_FIELDS = (
        "country",
        "order",
        "kind",
        "phone",
        "serves",
        "note",
        "source",
        "status",
        "translations",
    )
    TRANSLATED_FIELDS = ("country", "name", "serves", "note")

    country_code = models.CharField(max_length=2)
    country = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind)
    name = models.CharField(max_length=160)
    phone = models.CharField(
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ()-]*$",
                _(
                    "One number only: digits, spaces, hyphens and brackets, "
                    "with an optional + in front. Put a second number in its own line."
                ),
            )
        ],
    )
    serves = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Who the line is for, when it is not everyone (e.g. women)."),
    )
    note = models.CharField(max_length=300, blank=True)
    source = models.URLField(
        max_length=500,
        blank=True,
        help_text=_(
            "Where the number was confirmed, or for an unconfirmed line the "
            "best page found so far."
        ),
    )
    status = models.CharField(
        max_length=12,
        choices=Status,
        default=Status.UNCONFIRMED,
        help_text=_(
            "Confirmed: the number is on a page of the service itself, its "
            "operator or a public body. Otherwise the page says it is not yet confirmed."
        ),
    )
    # Wording in other languages: {"fa": {"country": …, "name": …, "serves": …, "note": …}}.
    translations = models.JSONField(default=dict, blank=True)
    last_checked = models.DateField(
        null=True,
        blank=True,
        help_text=_("Set only after confirming the number at its source."),
    )
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        # Within a country and kind, in the order the lines were added, which
        # is the bundle's order: editors choose it there, not by name.
        ordering = ["order", "country", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["country_code", "name"], name="crisis_line_once"
            )
        ]

    def __str__(self):
        return f"{self.country}: {self.name}"

    @property
    def dial(self) -> str:
        """The number as a tel: link needs it: digits, with a + in front if any."""
        return re.sub(r"[ ()-]", "", self.phone)

    def content_hash(self) -> str:
        """Fingerprint what the loader writes, and `last_checked`, to detect edits."""
        payload = {name: getattr(self, name) for name in self.LOADED_FIELDS}
        payload["last_checked"] = self.last_checked
        return fingerprint(payload)


class SelfCheckAnswerQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class SelfCheckAnswer(models.Model):
    """A library self-check that a person chose to keep. Visible to them alone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_checks"
    )
    check_slug = models.SlugField(max_length=60)
    # The ids of the statements ticked, as JSON. Encrypted: it says a lot.
    answers_json = EncryptedTextField()
    saved_at = models.DateTimeField(default=timezone.now)

    objects = SelfCheckAnswerQuerySet.as_manager()

    class Meta:
        db_table = "recovery_selfcheckanswer"
        ordering = ["-saved_at"]
        indexes = [
            models.Index(fields=["user", "-saved_at"], name="selfcheck_user_recent"),
        ]

    def __str__(self):
        return f"{self.check_slug} ({self.saved_at:%Y-%m-%d})"

    @property
    def answers(self) -> list[str]:
        return json.loads(self.answers_json)
