"""Who may see what of the library's personal parts: the rule book.

| thing                         | its owner | partner | therapist | anyone else |
|-------------------------------|-----------|---------|-----------|-------------|
| saved article, read mark      | yes       | no      | no        | no          |
| saved self-check (reflection) | yes       | no      | no        | no          |

Articles, the glossary, self-checks and crisis lines are public.
"""

from .models import ArticleRead, SavedArticle, SelfCheckAnswer


def saved_articles_of(user):
    return SavedArticle.objects.filter(user=user)


def articles_read_by(user):
    return ArticleRead.objects.filter(user=user)


def reflections_of(user):
    """The self-checks this person chose to keep, newest first: theirs alone."""
    return SelfCheckAnswer.objects.filter(user=user)
