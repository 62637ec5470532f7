"""Every change a person makes to their own library data."""

import json

from django.db import transaction

from .models import ArticleRead, SavedArticle, SelfCheckAnswer


@transaction.atomic
def save_reflection(*, user, check_slug: str, answers: list[str]) -> SelfCheckAnswer:
    """Keep a self-check's ticks for this person alone."""
    return SelfCheckAnswer.objects.create(
        user=user, check_slug=check_slug, answers_json=json.dumps(answers)
    )


@transaction.atomic
def keep_for_later(*, user, article, kept: bool) -> None:
    """Keep an article on this person's reading list, or take it off."""
    if kept:
        SavedArticle.objects.get_or_create(user=user, article=article)
    else:
        SavedArticle.objects.filter(user=user, article=article).delete()


@transaction.atomic
def mark_read(*, user, article, read: bool) -> None:
    """Mark an article read for this person (the pathway counts these), or unread."""
    if read:
        ArticleRead.objects.get_or_create(user=user, article=article)
    else:
        ArticleRead.objects.filter(user=user, article=article).delete()


@transaction.atomic
def remember_language(*, user, language: str) -> None:
    """Keep the interface language on the person's account, for every device."""
    user.language = language
    user.save(update_fields=["language"])
