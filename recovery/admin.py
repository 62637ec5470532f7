from django.contrib import admin

from .models import Exercise, Response, Step, Trigger
from .progress import forget_pathway_structure


class PathwayAdmin(admin.ModelAdmin):
    """Editors change the pathway here; every page sees the change at once."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_pathway_structure()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_pathway_structure()


class ExerciseInline(admin.StackedInline):
    model = Exercise
    extra = 0
    fields = [
        "order",
        "slug",
        "kind",
        "audience",
        "title",
        "minutes",
        "intro",
        "prompts",
        "ground_rules",
    ]


@admin.register(Step)
class StepAdmin(PathwayAdmin):
    list_display = ["number", "title"]
    fields = [
        "number",
        "slug",
        "title",
        "summary",
        "why",
        "asks_hurt",
        "asks_strayed",
        "asks_alone",
        "done_when",
        "related",
    ]
    filter_horizontal = ["related"]
    inlines = [ExerciseInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        forget_pathway_structure()


@admin.register(Exercise)
class ExerciseAdmin(PathwayAdmin):
    list_display = ["title", "step", "kind", "audience", "order"]
    list_filter = ["step", "kind", "audience"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Support staff see that a response exists, never what it says."""

    list_display = ["user", "exercise", "saved_at", "shared_with_partner"]
    fields = ["user", "exercise", "saved_at", "shared_with_partner"]
    readonly_fields = fields
    list_select_related = ["user", "exercise"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Trigger)
class TriggerAdmin(ResponseAdmin):
    list_display = ["user", "occurred_on", "asked_for_reassurance"]
    fields = ["user", "occurred_on", "asked_for_reassurance"]
    readonly_fields = fields
    list_select_related = ["user"]
