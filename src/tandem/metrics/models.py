"""Metrics, their measurements over time, and the experiments that move them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.workspace.models import Product, Tracked, User


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
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["metric", "measured_on"], name="measurement_series")]
        constraints = [
            # One value per metric and day: a second report of the day replaces the first.
            models.UniqueConstraint(
                fields=["metric", "measured_on"],
                condition=Q(archived_at__isnull=True),
                name="measurement_one_live_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric_id}@{self.measured_on}={self.value}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class MetricProposal(models.Model):
    """A change to a metric's definition or target asked for by someone who may only propose.

    The Product Owner proposes; the Product Manager accepts (the change is applied)
    or declines with a reason the proposer sees.
    """

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="proposals")
    changes = models.JSONField()
    reason = models.TextField(blank=True)  # why the proposer asks
    # The metric's version when proposed: a later edit means the decider should look again.
    metric_version = models.PositiveIntegerField()
    proposed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)  # the decider's reason, shown to the proposer

    class Meta:
        indexes = [models.Index(fields=["metric", "status"], name="metric_proposal_queue")]

    def __str__(self) -> str:
        return f"proposal on {self.metric_id} ({self.status})"

    @property
    def metric_changed_since(self) -> bool:
        return self.metric.version != self.metric_version


class Experiment(Tracked):
    """An A/B test of a hypothesis on a metric; its first variant is the control."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="experiments")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="experiments")
    name = models.CharField(max_length=160)
    hypothesis = models.TextField(blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

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


class Variant(models.Model):
    """One arm of an experiment: how many saw it, and how many of those converted."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="variants")
    position = models.PositiveSmallIntegerField()  # 0 is the control
    name = models.CharField(max_length=80)
    exposures = models.PositiveIntegerField(default=0)
    conversions = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "position"], name="variant_position"),
            models.UniqueConstraint(fields=["experiment", "name"], name="variant_unique_name"),
            models.CheckConstraint(
                condition=Q(conversions__lte=models.F("exposures")),
                name="variant_conversions_within_exposures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.conversions}/{self.exposures})"

    @property
    def rate(self) -> float | None:
        return self.conversions / self.exposures if self.exposures else None
