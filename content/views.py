from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.access import client_required
from core.language import current_language, language_name

from . import access, alphabet, bundled, crisis, services
from .cache import cached
from .forms import SearchForm
from .models import Article, GlossaryTerm, Topic
from .page_cache import cache_for_visitors
from .search import MIN_QUERY_LENGTH, search_articles
from .services import save_reflection


@require_POST
def choose_language(request):
    """Switch the interface language, for this browser and the person's account."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if request.user.is_authenticated:
        services.remember_language(user=request.user, language=language)
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_safe
@cache_for_visitors
def landing(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "content/landing.html")


@require_safe
@cache_for_visitors
def safety(request):
    # The page lists every country; the lines themselves are on one light
    # page per country, except where most readers of this language live.
    first = crisis.COUNTRIES_FIRST.get(current_language(), ())
    countries = crisis.countries()
    here = sorted(
        (c for c in countries if c["code"].upper() in first),
        key=lambda c: first.index(c["code"].upper()),
    )
    context = {"here": here, "countries": [c for c in countries if c not in here]}
    return render(request, "content/safety.html", context)


@require_safe
@cache_for_visitors
def safety_country(request, code):
    country = next((c for c in crisis.countries() if c["code"] == code), None)
    if country is None:
        raise Http404("No lines for that country yet.")
    return render(request, "content/safety_country.html", {"country": country})


@require_safe
@cache_for_visitors
def privacy(request):
    return render(request, "content/privacy.html")


def _published_list():
    return (
        Article.objects.published()
        .in_language()
        .only("slug", "title", "summary", "reading_minutes", "topic_id", "order")
    )


def _in_other_languages(model, slug: str) -> list[dict]:
    """Where a text missing in the reader's language exists in another."""
    languages = model.objects.filter(slug=slug).values_list("language", flat=True)
    if model is Article:
        languages = languages.filter(is_published=True)
    return [
        {
            "code": code,
            "name": language_name(code),
            "local_name": get_language_info(code)["name_local"],
        }
        for code in sorted(set(languages))
    ]


def _missing_in_language(request, model, slug):
    """A text that exists only in another language: say so, and offer it."""
    others = _in_other_languages(model, slug)
    if not others:
        raise Http404("Nothing by that name.")
    return render(
        request,
        "content/not_in_language.html",
        {"others": others, "language": language_name(current_language())},
        status=404,
    )


def _library_home() -> dict:
    topics = Topic.objects.filter(language=current_language()).prefetch_related(
        Prefetch("articles", queryset=_published_list(), to_attr="published_articles")
    )
    paths = bundled.start_here_paths()
    wanted = {slug for path in paths for slug in path["articles"]}
    by_slug = {a.slug: a for a in _published_list().filter(slug__in=wanted)}
    start_here = [
        {**path, "article_list": [by_slug[s] for s in path["articles"] if s in by_slug]}
        for path in paths
    ]
    return {
        "topics": list(topics),
        "start_here": start_here,
        "self_checks": list(bundled.self_checks().values()),
    }


@require_safe
@cache_for_visitors
def library(request):
    context = cached("home", build=_library_home)
    return render(request, "content/library.html", context)


@require_safe
@cache_for_visitors
def topic(request, slug):
    def build():
        topic = Topic.objects.filter(slug=slug, language=current_language()).first()
        if topic is None:
            return {}
        return {"topic": topic, "articles": list(_published_list().filter(topic=topic))}

    context = cached("topic", slug, build=build)
    if not context:
        return _missing_in_language(request, Topic, slug)
    return render(request, "content/topic.html", context)


def _reader_state(user, article):
    if not user.is_authenticated:
        return {}
    return {
        "is_saved": access.saved_articles_of(user).filter(article=article).exists(),
        "is_read": access.articles_read_by(user).filter(article=article).exists(),
    }


@require_safe
@cache_for_visitors
def article(request, slug):
    article = cached(
        "article",
        slug,
        build=lambda: (
            (
                Article.objects.published()
                .in_language()
                .select_related("topic")
                .prefetch_related(Prefetch("related", queryset=_published_list()))
                .filter(slug=slug)
                .first()
            )
            or False
        ),
    )
    if not article:
        return _missing_in_language(request, Article, slug)
    context = {"article": article, **_reader_state(request.user, article)}
    return render(request, "content/article.html", context)


@login_required
@require_POST
def article_save(request, slug):
    article = get_object_or_404(Article.objects.published().in_language(), slug=slug)
    services.keep_for_later(
        user=request.user, article=article, kept=request.POST.get("saved") == "1"
    )
    return _article_actions_response(request, article)


@login_required
@require_POST
def article_read(request, slug):
    article = get_object_or_404(Article.objects.published().in_language(), slug=slug)
    services.mark_read(
        user=request.user, article=article, read=request.POST.get("read") == "1"
    )
    return _article_actions_response(request, article)


def _article_actions_response(request, article):
    if request.htmx:
        context = {"article": article, **_reader_state(request.user, article)}
        return render(request, "content/article.html#reader-actions", context)
    return redirect(article)


@login_required
@require_safe
def saved(request):
    saved = (
        access.saved_articles_of(request.user)
        .filter(article__is_published=True)
        .select_related("article")
        .order_by("-saved_at")
    )
    return render(request, "content/saved.html", {"saved": saved})


@require_safe
@cache_for_visitors
def glossary(request):
    language = current_language()
    letters = cached(
        "glossary",
        build=lambda: alphabet.index(
            GlossaryTerm.objects.filter(language=language).select_related("article"),
            language=language,
            word=lambda term: term.term,
        ),
    )
    return render(request, "content/glossary.html", {"letters": letters})


@require_safe
@cache_for_visitors(parameters=("q",))
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "query": query,
        "refused": form.errors.get("q"),
        "results": cached(
            "search",
            query.lower(),
            build=lambda: search_articles(query, current_language()),
        ),
        "too_short": 0 < len(query) < MIN_QUERY_LENGTH,
    }
    if request.htmx:
        return render(request, "content/search.html#results", context)
    return render(request, "content/search.html", context)


@require_safe
@cache_for_visitors
def self_check(request, slug):
    check = bundled.self_checks().get(slug)
    if check is None:
        raise Http404("No such self-check.")
    reading = {s for g in check["groups"] for s in g["reading"]}
    articles = cached(
        "self-check",
        slug,
        build=lambda: {a.slug: a for a in _published_list().filter(slug__in=reading)},
    )
    groups = [
        {
            **group,
            "reading_articles": [
                articles[s] for s in group["reading"] if s in articles
            ],
        }
        for group in check["groups"]
    ]
    return render(
        request, "content/self_check.html", {"check": check, "groups": groups}
    )


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_required
@client_required
@require_POST
def self_check_save(request, slug):
    check = bundled.self_checks().get(slug)
    if check is None:
        raise Http404("No such self-check.")
    known = {s["id"] for group in check["groups"] for s in group["statements"]}
    answers = [answer for answer in request.POST.getlist("answer") if answer in known]
    save_reflection(user=request.user, check_slug=slug, answers=answers)
    messages.success(request, _("Saved. Only you can see your saved reflections."))
    return redirect("content:reflections")


@login_required
@client_required
@require_safe
def reflections(request):
    checks = bundled.self_checks()
    saved = []
    for answer in access.reflections_of(request.user):
        check = checks.get(answer.check_slug)
        if check is None:
            continue
        ticked = set(answer.answers)
        groups = [
            {
                "title": group["title"],
                "statements": [
                    s["text"] for s in group["statements"] if s["id"] in ticked
                ],
            }
            for group in check["groups"]
        ]
        saved.append({"check": check, "answer": answer, "groups": groups})
    return render(request, "content/reflections.html", {"saved": saved})
