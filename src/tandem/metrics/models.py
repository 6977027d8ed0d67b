"""Metrics, their measurements over time, and the experiments that move them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from tandem.workspace.live_constraints import unique_while_live
from tandem.workspace.models import Product, Tracked


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


class Metric(Tracked):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="metrics")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=MetricKind.choices, default=MetricKind.CUSTOM)
    unit = models.CharField(max_length=20, blank=True)  # "%", "EUR", "users"
    direction = models.CharField(max_length=4, choices=Direction.choices, default=Direction.UP)
    target = models.FloatField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [unique_while_live("product", "name", name="metric_unique_live_name")]

    def __str__(self) -> str:
        return self.name


class Measurement(Tracked):
    """One value of a metric on one day; the time series is these rows in date order."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField()
    value = models.FloatField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["metric", "measured_on"], name="measurement_series")]
        constraints = [
            # One value per metric and day: a second report of the day replaces the first.
            unique_while_live("metric", "measured_on", name="measurement_one_live_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.metric_id}@{self.measured_on}={self.value}"

    @property
    def label(self) -> str:
        """How the history names a value: "Conversion on 2025-06-01"."""
        return f"{self.metric.name} on {self.measured_on.isoformat()}"


class Experiment(Tracked):
    """An A/B test of a hypothesis on a metric.

    Its variants are a value of the experiment, not records of their own: they are
    entered, versioned and audited as one list (``{"name", "exposures", "conversions"}``
    each, the control first), checked by the experiment's schema on every write.
    """

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="experiments")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="experiments")
    name = models.CharField(max_length=160)
    hypothesis = models.TextField(blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    variants = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=False, ended_on__gte=models.F("started_on")),
                name="experiment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Variant:
    """One arm of an experiment: how many saw it, and how many of those converted."""

    name: str
    exposures: int
    conversions: int

    @property
    def rate(self) -> float | None:
        return self.conversions / self.exposures if self.exposures else None


def variants_of(experiment: Experiment) -> list[Variant]:
    """The experiment's arms in order, the control first."""
    return [
        Variant(
            name=str(arm.get("name", "")),
            exposures=int(arm.get("exposures", 0)),
            conversions=int(arm.get("conversions", 0)),
        )
        for arm in experiment.variants or []
    ]
