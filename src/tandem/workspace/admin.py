"""The instance operator's console: people, organizations, products and who holds which role.

Product work (backlogs, proposals) is changed through Tandem's own pages and API,
where the rights table and the audit log apply; here it is read-only.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from .models import ApiToken, Event, Membership, Organization, Product, Proposal, Team, User


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """For records only services may write: the audit trail must stay complete."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProductRecordAdmin(ReadOnlyAdmin):
    """A record of one product: its list names the product without a query per row."""

    list_select_related: ClassVar[tuple[str, ...]] = ("product",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    ordering = ("email",)
    list_display = ("email", "name", "is_active", "is_staff", "date_joined")
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name",)}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    fk_name = "product"
    extra = 0
    autocomplete_fields = ("user", "reports_to")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "created_at")
    search_fields = ("name", "slug")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("key", "name", "organization", "stale_after_days")
    search_fields = ("key", "name")
    readonly_fields = ("next_item_number", "version")
    inlines = (MembershipInline,)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "digest", "created_at", "last_used_at")
    search_fields = ("user__email", "prefix")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a token's secret is shown once, by `tandem token create`


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "product", "actor", "verb", "object_label")
    list_filter = ("verb",)
    search_fields = ("object_label", "actor__email")


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ("name", "product", "version", "archived_at")
    list_filter = ("product",)
    search_fields = ("name",)


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "product", "record_type", "operation", "record_label", "status")
    list_filter = ("status", "record_type")
    search_fields = ("record_label", "proposed_by__email")


def register_record_types() -> None:
    """Every registered record type the operator's console does not show yet, read-only.

    Called once every app has declared its types (the registry fills in ``ready``).
    """
    from .registry import all_types

    for spec in all_types():
        if not admin.site.is_registered(spec.model):
            admin.site.register(spec.model, ReadOnlyAdmin)
