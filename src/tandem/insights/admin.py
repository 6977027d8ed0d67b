"""Insights records for the instance operator, read-only: writes go through the services."""

from __future__ import annotations

from django.contrib import admin

from tandem.workspace.admin import ProductRecordAdmin

from .models import Customer, Feedback, Idea, Stakeholder, Survey


@admin.register(Stakeholder)
class StakeholderAdmin(ProductRecordAdmin):
    list_display = ("name", "product", "kind", "influence", "interest", "archived_at")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Customer)
class CustomerAdmin(ProductRecordAdmin):
    list_display = ("name", "product", "segment", "plan", "mrr", "status", "archived_at")
    list_filter = ("status",)
    search_fields = ("name",)


@admin.register(Feedback)
class FeedbackAdmin(ProductRecordAdmin):
    list_display = ("__str__", "product", "source", "kind", "state", "received_on", "archived_at")
    list_filter = ("source", "kind", "state")
    search_fields = ("text",)


@admin.register(Idea)
class IdeaAdmin(ProductRecordAdmin):
    list_display = ("title", "product", "status", "created_by", "archived_at")
    list_filter = ("status",)
    search_fields = ("title",)
    list_select_related = ("product", "created_by")


@admin.register(Survey)
class SurveyAdmin(ProductRecordAdmin):
    list_display = ("title", "product", "is_open", "created_at", "archived_at")
    exclude = ("public_key",)
