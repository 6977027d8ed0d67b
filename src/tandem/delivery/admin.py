"""Operators' view of delivery records in /admin/, read-only: writes go through the services."""

from __future__ import annotations

from django.contrib import admin

from tandem.workspace.admin import ReadOnlyAdmin

from .models import (
    Acceptance,
    Impediment,
    Launch,
    LaunchTask,
    Release,
    Retrospective,
    Sprint,
    SprintItem,
    SprintReview,
    TestCase,
    TestRun,
)


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


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    list_display = ("name", "product", "state", "target_date", "released_on", "archived_at")
    list_filter = ("state",)
    search_fields = ("name", "notes")
    list_select_related = ("product",)


@admin.register(SprintReview)
class SprintReviewAdmin(ReadOnlyAdmin):
    list_display = ("sprint", "held_on")
    list_select_related = ("sprint",)


@admin.register(Acceptance)
class AcceptanceAdmin(ReadOnlyAdmin):
    list_display = ("item", "decision", "decided_by", "decided_at")
    list_filter = ("decision",)
    list_select_related = ("item__product", "decided_by")


@admin.register(TestCase)
class TestCaseAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "item", "archived_at")
    list_select_related = ("item__product",)


@admin.register(TestRun)
class TestRunAdmin(ReadOnlyAdmin):
    list_display = ("item", "run_by", "run_at")
    list_select_related = ("item__product", "run_by")


@admin.register(Launch)
class LaunchAdmin(ReadOnlyAdmin):
    list_display = ("release", "state", "archived_at")
    list_filter = ("state",)
    list_select_related = ("release",)


@admin.register(LaunchTask)
class LaunchTaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "launch", "owner", "due_on", "done_at")
    list_select_related = ("launch__release", "owner")
