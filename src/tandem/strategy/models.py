"""The Product Manager's records. The rest of the strategy records join these."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from tandem.workspace.models import Product, User


class Horizon(models.TextChoices):
    NOW = "now", "Now"
    NEXT = "next", "Next"
    LATER = "later", "Later"


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Objective(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="objectives")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title


class Initiative(models.Model):
    """A roadmap item: the problem, the outcome hoped for, and where it sits in time."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="initiatives")
    title = models.CharField(max_length=200)
    problem = models.TextField(blank=True)
    expected_outcome = models.TextField(blank=True)
    objectives = models.ManyToManyField(Objective, blank=True, related_name="initiatives")
    horizon = models.CharField(max_length=5, choices=Horizon.choices, default=Horizon.LATER)
    rank = models.CharField(max_length=64, default="")  # order within a horizon column
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.PROPOSED
    )
    owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_initiatives"
    )
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)  # percent

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title


class DecisionLevel(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    TACTICAL = "tactical", "Tactical"


class DecisionStatus(models.TextChoices):
    OPEN = "open", "Waiting for a decision"
    DECIDED = "decided", "Decided"


class Decision(models.Model):
    """A line of the decision log; an open one escalated to the PM is in the PM's queue."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="decisions")
    title = models.CharField(max_length=200)
    context = models.TextField(blank=True)
    options = models.TextField(blank=True)  # the options considered, one per line
    outcome = models.TextField(blank=True)
    level = models.CharField(
        max_length=10, choices=DecisionLevel.choices, default=DecisionLevel.TACTICAL
    )
    status = models.CharField(
        max_length=8, choices=DecisionStatus.choices, default=DecisionStatus.DECIDED
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    escalated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title
