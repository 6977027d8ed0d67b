"""Metrics and their measurements. Experiments come with the metrics work."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.workspace.models import Product, User


class MetricKind(models.TextChoices):
    NPS = "nps", "NPS"
    CONVERSION = "conversion", "Conversion"
    REVENUE = "revenue", "Revenue"
    CHURN = "churn", "Churn"
    ENGAGEMENT = "engagement", "Engagement"
    CSAT = "csat", "CSAT"
    CUSTOM = "custom", "Custom"


class Direction(models.TextChoices):
    UP = "up", "Up is good"
    DOWN = "down", "Down is good"


class Metric(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="metrics")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=MetricKind.choices, default=MetricKind.CUSTOM)
    unit = models.CharField(max_length=20, blank=True)  # "%", "EUR", "users"
    direction = models.CharField(max_length=4, choices=Direction.choices, default=Direction.UP)
    target = models.FloatField(null=True, blank=True)
    description = models.TextField(blank=True)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "name"],
                condition=Q(archived_at__isnull=True),
                name="metric_unique_live_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    """One value of a metric on one day; the time series is these rows in date order."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField()
    value = models.FloatField()
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["metric", "measured_on"], name="measurement_series")]

    def __str__(self) -> str:
        return f"{self.metric_id}@{self.measured_on}={self.value}"
