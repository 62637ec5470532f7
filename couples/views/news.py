from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from couples import access, news
from couples.forms.news import SeenForm

PAGE = 30
TIMELINE_LENGTH = 200


def _news_page(request, *, before=None, highlight=None):
    events = (
        access.events_visible_to(request.user)
        .select_related(*news.DESCRIBED_WITH)
        .order_by("-pk")
    )
    if before is not None:
        events = events.filter(pk__lt=before)
    page = news.describe(events[: PAGE + 1])
    context = {
        "events": page[:PAGE],
        "older": page[PAGE - 1].pk if len(page) > PAGE else None,
        "newest": page[0].pk if page else None,
        "any_unread": any(e.read_at is None for e in page[:PAGE]),
        "highlight": highlight,
    }
    return render(request, "couples/news/list.html", context)


@login_required
@require_safe
def news_list(request):
    before = request.GET.get("before", "")
    return _news_page(request, before=int(before) if before.isdigit() else None)


@login_required
@require_safe
def news_event(request, pk):
    """An email's or a push's link: the list, from this event on, with it marked."""
    event = access.get_event_for(request.user, pk)
    return _news_page(request, before=event.pk + 1, highlight=event.pk)


@login_required
@require_POST
def news_seen(request):
    """The list was shown: it posts this once loaded (GET never marks anything read)."""
    form = SeenForm(request.POST)
    if form.is_valid():
        news.mark_read(user=request.user, upto=form.cleaned_data["upto"])
    if request.htmx:
        # The header's badge, emptied in place.
        return render(request, "couples/news/_seen.html", {"unread_news": 0})
    return redirect("couples:news")


@login_required
@access.client_required
@require_safe
def timeline(request):
    """The couple's milestones, oldest first: what they reached together."""
    milestones = (
        access.events_visible_to(request.user)
        .filter(kind__in=news.MILESTONES)
        .select_related(*news.DESCRIBED_WITH)
        .order_by("-pk")[:TIMELINE_LENGTH]
    )
    events = news.describe(reversed(list(milestones)))
    return render(request, "couples/news/timeline.html", {"events": events})
