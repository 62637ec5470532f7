"""Which language the library answers in, and where a text has other versions."""

from django.conf import settings
from django.utils.translation import get_language


def current_language() -> str:
    """The active interface language, as one of settings.LANGUAGES."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def language_name(code: str) -> str:
    """A language's name in the reader's language ("Persian", «انگلیسی»)."""
    return str(dict(settings.LANGUAGES)[code])
