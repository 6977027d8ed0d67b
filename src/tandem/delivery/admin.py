"""Operators' view of delivery records in /admin/, read-only: writes go through the services."""

from __future__ import annotations

from django.contrib import admin

from tandem.workspace.admin import ReadOnlyAdmin

from .models import Impediment, Retrospective, Sprint, SprintItem


@admin.register(Sprint)
class SprintAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "product",
        "state",
        "starts_on",
        "ends_on",
        "committed_points",
        "completed_points",
        "archived_at",
    )
    list_filter = ("state",)
    search_fields = ("name",)
    list_select_related = ("product",)


@admin.register(SprintItem)
class SprintItemAdmin(ReadOnlyAdmin):
    list_display = ("sprint", "item", "committed", "added_at", "removed_at")
    list_select_related = ("sprint", "item__product")


@admin.register(Impediment)
class ImpedimentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "product", "kind", "raised_at", "resolved_at", "archived_at")
    list_filter = ("kind",)
    search_fields = ("description",)
    list_select_related = ("product",)


@admin.register(Retrospective)
class RetrospectiveAdmin(ReadOnlyAdmin):
    list_display = ("sprint", "held_on")
    list_select_related = ("sprint",)
