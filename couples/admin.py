from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import (
    CheckIn,
    Consent,
    Couple,
    Invitation,
    Membership,
    TherapistProfile,
    User,
)
from .therapy import verify_therapist


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "account_type", "is_active", "date_joined"]
    list_filter = ["account_type", "is_active", "is_staff"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "time_zone", "account_type", "role"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Couple)
class CoupleAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "couple",
        "invited_by",
        "status",
        "created_at",
        "expires_at",
    ]
    list_filter = ["status"]
    raw_id_fields = ["couple", "invited_by", "accepted_by"]
    exclude = ["token"]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    """Support staff see that a check-in exists, never what it says."""

    list_display = ["user", "day", "created_at"]
    fields = ["user", "day", "created_at"]
    readonly_fields = fields
    date_hierarchy = "day"
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TherapistProfile)
class TherapistProfileAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "licence_number",
        "jurisdiction",
        "practice",
        "verified_at",
    ]
    list_filter = [("verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["full_name", "licence_number", "user__email"]
    readonly_fields = ["user", "connection_code", "verified_at", "created_at"]
    actions = ["verify"]

    @admin.action(description="Verify the selected therapists (they are emailed)")
    def verify(self, request, queryset):
        for profile in queryset.select_related("user"):
            verify_therapist(profile=profile)
        self.message_user(request, f"{queryset.count()} therapist(s) verified.")


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = [
        "client",
        "therapist",
        "share_progress",
        "share_checkins",
        "share_responses",
        "revoked_at",
    ]
    list_select_related = ["client", "therapist"]
    readonly_fields = ["client", "therapist", "created_at", "updated_at"]
