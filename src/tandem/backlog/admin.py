"""Backlog records for the instance operator, read-only: writes go through the services."""

from __future__ import annotations

from django.contrib import admin

from tandem.workspace.admin import ReadOnlyAdmin

from .models import Item


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "product", "kind", "status", "estimate", "archived_at")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    list_select_related = ("product",)
