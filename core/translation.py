"""Rows whose words are shown in the reader's language.

Whole documents (articles, topics, glossary terms) are one row per language,
sharing a slug. Rows that something points at carry their other languages on
the row itself, through `Translated`, and are read in the active language.
"""

from django.conf import settings
from django.db import models


class Translated(models.Model):
    """Texts shown in the reader's language, on one row shared by every language.

    The one scheme for rows that other rows (or people's answers) point at:
    steps, exercises and crisis lines. A Persian reader and an English reader
    meet the same rows. Other languages' texts live in
    `translations` ({"fa": {"title": …}}, written by the loader) and replace
    the default language's when a row is read while that language is active.
    """

    TRANSLATED_FIELDS: tuple[str, ...] = ()

    translations = models.JSONField(default=dict, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if getattr(self, "shown_in", None):
            raise ValueError(
                f"{self!r} was read in {self.shown_in}; edit it in "
                f"{settings.LANGUAGE_CODE} so no translation overwrites the original."
            )
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        from core.language import current_language

        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        language = current_language()
        texts = instance.__dict__.get("translations", {}).get(language)
        if language != settings.LANGUAGE_CODE and texts:
            for name in cls.TRANSLATED_FIELDS:
                if name in texts:
                    instance.__dict__[name] = texts[name]
            instance.shown_in = language
        return instance
