"""Sprints and what they hold: the commitment and every scope change."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.backlog.models import Item
from tandem.workspace.models import Product, User

__all__ = ["Sprint", "SprintItem", "SprintState"]


class SprintState(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Sprint(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="sprints")
    name = models.CharField(max_length=100)
    goal = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    state = models.CharField(max_length=8, choices=SprintState.choices, default=SprintState.PLANNED)
    capacity = models.PositiveIntegerField(null=True, blank=True)  # story points
    # Written when the sprint starts and closes; velocity and forecasts read these.
    committed_points = models.PositiveIntegerField(null=True, blank=True)
    completed_points = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="sprint_dates_in_order"
            ),
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(state="active", archived_at__isnull=True),
                name="sprint_one_active_per_product",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SprintItem(models.Model):
    """An item's stay in a sprint: added (before or after the start) and maybe removed.

    Rows are never deleted, so the commitment at the start and every scope change
    afterwards stay readable for the burndown and for honest velocity.
    """

    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="sprint_entries")
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    committed = models.BooleanField(default=False)  # in the sprint when it started
    points_at_start = models.PositiveSmallIntegerField(null=True, blank=True)
    added_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sprint", "item"],
                condition=Q(removed_at__isnull=True),
                name="sprint_item_once_live",
            ),
        ]
        indexes = [models.Index(fields=["item", "removed_at"], name="sprint_item_by_item")]

    def __str__(self) -> str:
        return f"{self.sprint_id}:{self.item_id}"
