from django.conf import settings


def site(request):
    return {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL}


def news(request):
    """The header's count of unread news, loaded with the signed-in person."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_news": _unread_news(user)}


def _unread_news(user) -> int:
    # couples.backends counts it in the query that loads the person, so no
    # page pays a query of its own; a person signed in some other way during
    # this very request is counted here instead.
    count = getattr(user, "unread_news", None)
    if count is None:
        from couples.access import events_visible_to

        count = events_visible_to(user).filter(read_at__isnull=True).count()
        user.unread_news = count
    return count
