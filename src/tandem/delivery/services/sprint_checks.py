"""What the Product Owner weighs before starting a sprint.

The commitment against the sprint's capacity and against the team's recent
velocity (the average completed points of its last closed sprints), the
sprint's length and the planned or active sprints its dates overlap. Each may
be right; none is usual, so a start that trips one waits for a confirmation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from tandem.delivery.models import Sprint, SprintItem, SprintState
from tandem.delivery.selectors.sprint_base import velocity_sprints

__all__ = ["StartCheck", "sprint_start_check"]

LONG_SPRINT_DAYS = 92  # about three months
VELOCITY_SPRINTS = 3  # "recent velocity": the average of this many last closed sprints


@dataclass(frozen=True)
class StartCheck:
    """The numbers the start dialog shows, and the warnings that ask for a confirmation."""

    planned_points: int
    items: int
    capacity: int | None
    velocity: float | None
    velocity_sprints: int
    days: int
    overlaps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def over_capacity(self) -> bool:
        return self.capacity is not None and self.planned_points > self.capacity

    @property
    def over_velocity(self) -> bool:
        return self.velocity is not None and self.planned_points > math.ceil(self.velocity)

    def as_dict(self) -> dict[str, Any]:
        return {
            "planned_points": self.planned_points,
            "items": self.items,
            "capacity": self.capacity,
            "velocity": None if self.velocity is None else round(self.velocity, 1),
            "velocity_sprints": self.velocity_sprints,
            "days": self.days,
            "overlaps": self.overlaps,
            "warnings": self.warnings,
        }


def same_track(sprint: Sprint) -> dict[str, Any]:
    """The filter for the sprints that share a sprint's team (or its team-less track)."""
    return {"team_id": sprint.team_id} if sprint.team_id else {"team__isnull": True}


def _planned(sprint: Sprint) -> tuple[int, int]:
    entries = SprintItem.objects.filter(sprint=sprint, removed_at__isnull=True)
    points = entries.aggregate(points=Sum("item__estimate"))["points"] or 0
    return int(points), entries.count()


def _velocity(sprint: Sprint) -> tuple[float | None, int]:
    completed = list(
        velocity_sprints(product_id=sprint.product_id, **same_track(sprint))
        .exclude(pk=sprint.pk)
        .values_list("completed_points", flat=True)[:VELOCITY_SPRINTS]
    )
    if not completed:
        return None, 0
    return math.fsum(p or 0 for p in completed) / len(completed), len(completed)


def _overlaps(sprint: Sprint) -> list[str]:
    others = (
        Sprint.objects.filter(
            product_id=sprint.product_id,
            archived_at__isnull=True,
            state__in=[SprintState.PLANNED, SprintState.ACTIVE],
            starts_on__lte=sprint.ends_on,
            ends_on__gte=sprint.starts_on,
            **same_track(sprint),
        )
        .exclude(pk=sprint.pk)
        .order_by("starts_on", "id")
    )
    return [other.name for other in others[:3]]


def sprint_start_check(sprint: Sprint) -> StartCheck:
    """The commitment, capacity, velocity, length and overlaps of a sprint about to start."""
    planned, items = _planned(sprint)
    velocity, counted = _velocity(sprint)
    days = (sprint.ends_on - sprint.starts_on).days + 1
    overlaps = _overlaps(sprint)
    warnings = []
    if sprint.capacity is not None and planned > sprint.capacity:
        warnings.append(f"{planned} points planned, over the capacity of {sprint.capacity}")
    if velocity is not None and planned > math.ceil(velocity):
        warnings.append(
            f"{planned} points planned, over the recent velocity of {velocity:.1f} "
            f"(the average of the last {counted} closed sprint{'s' if counted > 1 else ''})"
        )
    if overlaps:
        warnings.append(f"its dates overlap {', '.join(overlaps)}")
    if days > LONG_SPRINT_DAYS:
        warnings.append(f"it lasts {days} days, more than three months")
    return StartCheck(
        planned_points=planned,
        items=items,
        capacity=sprint.capacity,
        velocity=velocity,
        velocity_sprints=counted,
        days=days,
        overlaps=overlaps,
        warnings=warnings,
    )
