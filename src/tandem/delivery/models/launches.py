"""Launches: a release's go-to-market checklist, decided by the Product Manager."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.workspace.models import Product, Tracked, User

from .revised import Revised

__all__ = ["DEFAULT_LAUNCH_TASKS", "Launch", "LaunchState", "LaunchTask", "LaunchTemplate"]

# (task, days before the release it is due): what a launch needs when a product
# has not written its own template yet.
DEFAULT_LAUNCH_TASKS: tuple[tuple[str, int], ...] = (
    ("Pricing set", 21),
    ("Positioning and messaging agreed", 21),
    ("Sales enablement: deck and demo script", 10),
    ("Support ready: help articles and trained staff", 7),
    ("Release notes written", 3),
    ("Announcement published", 0),
)


class LaunchTemplate(Revised):
    """A product's own checklist: ``tasks`` holds ``{"title", "days_before"}`` in order."""

    product = models.OneToOneField(
        Product, on_delete=models.CASCADE, related_name="launch_template"
    )
    tasks = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"Launch template of {self.product_id}"


class LaunchState(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class Launch(Tracked):
    release = models.ForeignKey(
        "delivery.Release", on_delete=models.CASCADE, related_name="launches"
    )
    state = models.CharField(
        max_length=8, choices=LaunchState.choices, default=LaunchState.PROPOSED
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release"],
                condition=Q(archived_at__isnull=True),
                name="launch_one_live_per_release",
            ),
        ]

    def __str__(self) -> str:
        return f"Launch of {self.release_id}"


class LaunchTask(models.Model):
    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="launch_tasks"
    )
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["owner", "due_on"], name="launch_task_by_owner")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
