"""What the sprint-side reads share: finished statuses, the blocked flag, a sprint's items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from tandem.backlog.models import Item, Status
from tandem.delivery.models import (
    Impediment,
    ImpedimentKind,
    Sprint,
    SprintState,
)
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Team

__all__ = [
    "ANY_TEAM",
    "FINISHED",
    "AnyTeam",
    "TeamScope",
    "blocked",
    "items_in_sprint",
    "local_day",
    "team_filter",
    "velocity_sprints",
]

FINISHED = (Status.DONE, Status.ACCEPTED)


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def blocked() -> Exists:
    """True on an item an open blocker names: for ``annotate(is_blocked=blocked())``."""
    return Exists(
        Impediment.objects.filter(
            items=OuterRef("pk"),
            kind=ImpedimentKind.BLOCKER,
            resolved_at__isnull=True,
            archived_at__isnull=True,
        )
    )


def items_in_sprint(access: ProductAccess, sprint: Sprint) -> QuerySet[Item]:
    return Item.objects.filter(
        product=access.product,
        sprint_entries__sprint=sprint,
        sprint_entries__removed_at__isnull=True,
    )


class AnyTeam:
    """The scope that reads every sprint of the product, whatever its team."""

    def __repr__(self) -> str:
        return "ANY_TEAM"


ANY_TEAM = AnyTeam()
# A team's sprints, the team-less sprints (None), or all of them (ANY_TEAM).
TeamScope = Team | None | AnyTeam


def team_filter(team: TeamScope) -> dict[str, Any]:
    """Keyword filters on Sprint for one scope."""
    if isinstance(team, AnyTeam):
        return {}
    if team is None:
        return {"team__isnull": True}
    return {"team": team}


def velocity_sprints(**scope: Any) -> QuerySet[Sprint]:
    """The live closed sprints that recorded their completed points (within ``scope``'s
    filters), latest first: what velocity is measured on."""
    return Sprint.objects.filter(
        **scope,
        state=SprintState.CLOSED,
        archived_at__isnull=True,
        completed_points__isnull=False,
    ).order_by("-ends_on", "-id")
