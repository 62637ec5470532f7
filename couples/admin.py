from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import CheckIn, Couple, Invitation, Membership, User


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
