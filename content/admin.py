from django.contrib import admin

from .models import Article, CrisisLine, GlossaryTerm, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "order", "slug"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "topic",
        "order",
        "is_published",
        "reviewed_on",
        "reading_minutes",
    ]
    list_filter = ["topic", "is_published"]
    list_select_related = ["topic"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["related"]
    readonly_fields = ["reading_minutes", "updated_at"]
    fields = [
        "title",
        "slug",
        "topic",
        "order",
        "summary",
        "body",
        "related",
        "sources",
        "reviewed_on",
        "is_published",
        "reading_minutes",
        "updated_at",
    ]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "article"]
    search_fields = ["term", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    autocomplete_fields = ["article"]

    # Each article's rendering links the glossary's terms: refresh them all.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Article.objects.rerender()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Article.objects.rerender()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        Article.objects.rerender()


@admin.register(CrisisLine)
class CrisisLineAdmin(admin.ModelAdmin):
    list_display = ["country", "kind", "name", "phone", "status", "last_checked"]
    list_filter = [
        "status",
        "kind",
        "country",
        ("last_checked", admin.EmptyFieldListFilter),
    ]
    search_fields = ["country", "name", "phone", "serves"]
    list_editable = ["phone", "status", "last_checked"]
