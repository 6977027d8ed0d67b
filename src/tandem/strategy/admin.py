"""Strategy records for the instance operator, read-only: writes go through the services."""

from __future__ import annotations

from django.contrib import admin

from tandem.workspace.admin import ReadOnlyAdmin

from .models import (
    Capability,
    Competitor,
    CostLine,
    Decision,
    Initiative,
    KeyResult,
    MarketNote,
    Objective,
    RoadmapShare,
    Vision,
)


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ("title", "product", "horizon", "status", "starts_on", "ends_on", "archived_at")
    list_filter = ("horizon", "status")
    search_fields = ("title",)
    list_select_related = ("product",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("title", "product", "level", "status", "decided_on", "archived_at")
    list_filter = ("level", "status")
    search_fields = ("title",)
    list_select_related = ("product",)


@admin.register(RoadmapShare)
class RoadmapShareAdmin(ReadOnlyAdmin):
    list_display = ("label", "product", "created_by", "created_at", "revoked_at")
    exclude = ("token",)
    list_select_related = ("product", "created_by")


for model in (Vision, Objective, KeyResult, MarketNote, Competitor, Capability, CostLine):
    admin.site.register(model, ReadOnlyAdmin)
