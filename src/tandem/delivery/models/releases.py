"""Releases: a version, its date and the items it delivers.

Reviews and acceptance, test planning and launch checklists live in their own
modules, gathered here so ``tandem.delivery.models`` names them all.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from tandem.backlog.models import Item
from tandem.backlog.story_map.models import MapSlice
from tandem.workspace.models import Product, Tracked

from .launches import (
    DEFAULT_LAUNCH_TASKS,
    Launch,
    LaunchState,
    LaunchTask,
    LaunchTemplate,
)
from .reviews import (
    Acceptance,
    SprintReview,
    Verdict,
)
from .testing import (
    Outcome,
    TestCase,
    TestResult,
    TestRun,
)

__all__ = [
    "DEFAULT_LAUNCH_TASKS",
    "Acceptance",
    "Launch",
    "LaunchState",
    "LaunchTask",
    "LaunchTemplate",
    "Outcome",
    "Release",
    "ReleaseState",
    "SprintReview",
    "TestCase",
    "TestResult",
    "TestRun",
    "Verdict",
]


class ReleaseState(models.TextChoices):
    PLANNED = "planned", "Planned"
    RELEASED = "released", "Released"


class Release(Tracked):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="releases")
    name = models.CharField(max_length=50)  # the version, e.g. "2.4"
    target_date = models.DateField(null=True, blank=True)
    released_on = models.DateField(null=True, blank=True)
    state = models.CharField(
        max_length=8, choices=ReleaseState.choices, default=ReleaseState.PLANNED
    )
    notes = models.TextField(blank=True)
    items = models.ManyToManyField(Item, blank=True, related_name="releases")
    # An epic in scope brings its stories, including ones added to it later.
    epics = models.ManyToManyField(Item, blank=True, related_name="scoped_releases")
    # The story map's release slice this release ships; held here because delivery sits
    # above the backlog. A slice is one live release at most.
    slice = models.ForeignKey(
        MapSlice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "name"],
                condition=Q(archived_at__isnull=True),
                name="release_unique_live_name",
            ),
            models.UniqueConstraint(
                fields=["slice"],
                condition=Q(archived_at__isnull=True, slice__isnull=False),
                name="release_one_live_per_slice",
            ),
        ]

    def __str__(self) -> str:
        return self.name
