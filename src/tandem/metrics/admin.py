"""Metrics records for the instance operator, read-only: writes go through the services."""

from __future__ import annotations

from django.contrib import admin

from tandem.workspace.admin import ProductRecordAdmin, ReadOnlyAdmin

from .models import Experiment, Measurement, Metric


@admin.register(Metric)
class MetricAdmin(ProductRecordAdmin):
    list_display = ("name", "product", "kind", "unit", "direction", "target", "archived_at")
    list_filter = ("kind", "direction")
    search_fields = ("name",)


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = ("metric", "measured_on", "value", "archived_at")
    list_select_related = ("metric",)
    date_hierarchy = "measured_on"


@admin.register(Experiment)
class ExperimentAdmin(ReadOnlyAdmin):
    list_display = ("name", "product", "metric", "started_on", "ended_on", "archived_at")
    search_fields = ("name",)
    list_select_related = ("product", "metric")
