"""Insights records for the instance operator, read-only: writes go through the services."""

from __future__ import annotations

from django.contrib import admin

from tandem.workspace.admin import ReadOnlyAdmin

from .models import Customer, Feedback, Idea, Stakeholder, Survey


@admin.register(Stakeholder)
class StakeholderAdmin(ReadOnlyAdmin):
    list_display = ("name", "product", "kind", "influence", "interest", "archived_at")
    list_filter = ("kind",)
    search_fields = ("name",)
    list_select_related = ("product",)


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ("name", "product", "segment", "plan", "mrr", "status", "archived_at")
    list_filter = ("status",)
    search_fields = ("name",)
    list_select_related = ("product",)


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "product", "source", "kind", "state", "received_on", "archived_at")
    list_filter = ("source", "kind", "state")
    search_fields = ("text",)
    list_select_related = ("product",)


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    list_display = ("title", "product", "status", "created_by", "archived_at")
    list_filter = ("status",)
    search_fields = ("title",)
    list_select_related = ("product", "created_by")


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ("title", "product", "is_open", "created_at", "archived_at")
    list_select_related = ("product",)
    exclude = ("public_key",)
