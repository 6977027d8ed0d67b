"""Strategy records for the instance operator, read-only: writes go through the services.

The kinds with nothing special to list here reach the console through the record-type
registry (``workspace.admin.register_record_types``)."""

from __future__ import annotations

from django.contrib import admin

from tandem.workspace.admin import ProductRecordAdmin, ReadOnlyAdmin

from .models import Decision, Initiative, RoadmapShare


@admin.register(Initiative)
class InitiativeAdmin(ProductRecordAdmin):
    list_display = ("title", "product", "horizon", "status", "starts_on", "ends_on", "archived_at")
    list_filter = ("horizon", "status")
    search_fields = ("title",)


@admin.register(Decision)
class DecisionAdmin(ProductRecordAdmin):
    list_display = ("title", "product", "level", "status", "decided_on", "archived_at")
    list_filter = ("level", "status")
    search_fields = ("title",)


@admin.register(RoadmapShare)
class RoadmapShareAdmin(ReadOnlyAdmin):
    list_display = ("label", "product", "created_by", "created_at", "revoked_at")
    exclude = ("digest",)  # the link's hash: of no use to read, kept out of view
    list_select_related = ("product", "created_by")
