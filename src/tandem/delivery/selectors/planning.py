"""Sprint planning: the ranked backlog beside the sprint, and the optimizer's proposal."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from tandem.backlog.models import Item, Kind, Status
from tandem.core import sprint_plan
from tandem.delivery.models import (
    Dependency,
    Sprint,
    SprintItem,
    SprintState,
)
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed

from .sprint_base import FINISHED, blocked, items_in_sprint
from .sprints import sprint_points_of

__all__ = [
    "SCORES",
    "PlanningProposal",
    "planning_backlog",
    "planning_proposal",
]

SCORES: dict[str, tuple[str, str]] = {
    "value": ("value", "Value (1–10)"),
    "rice": ("rice_score", "RICE"),
    "wsjf": ("wsjf_score", "WSJF"),
    "value_effort": ("value_effort_score", "Value ÷ effort"),
}


def _candidates_query(access: ProductAccess) -> QuerySet[Item]:
    """Live stories, tasks, bugs and spikes not started and not planned anywhere."""
    planned = SprintItem.objects.filter(
        item=OuterRef("pk"),
        removed_at__isnull=True,
        sprint__archived_at__isnull=True,
        sprint__state__in=[SprintState.PLANNED, SprintState.ACTIVE],
    )
    return (
        Item.objects.filter(
            product=access.product,
            archived_at__isnull=True,
            status__in=[Status.NEW, Status.READY],
        )
        .exclude(kind=Kind.EPIC)
        .exclude(Exists(planned))
    )


def planning_backlog(*, access: ProductAccess, limit: int = 200) -> list[Item]:
    """The ranked backlog beside the sprint: what could still go in, top first."""
    return list(
        _candidates_query(access)
        .select_related("product", "parent")
        .annotate(is_blocked=blocked())
        .order_by("rank", "id")[:limit]
    )


@dataclass(frozen=True)
class PlanningProposal:
    """The optimizer's and the greedy plan for the capacity still free, and what they add."""

    score: str
    capacity_left: int
    comparison: sprint_plan.PlanComparison
    items: dict[int, Item]
    candidates: int
    unestimated: int
    waiting: int  # ready items left out because something they wait on is not done

    @property
    def optimal_items(self) -> list[Item]:
        return [self.items[i] for i in self.comparison.optimal.chosen]

    @property
    def greedy_items(self) -> list[Item]:
        return [self.items[i] for i in self.comparison.greedy.chosen]

    @property
    def only_optimal(self) -> set[int]:
        return set(self.comparison.optimal.chosen) - set(self.comparison.greedy.chosen)


MAX_CANDIDATES = 1_000


def planning_proposal(
    *, access: ProductAccess, sprint: Sprint, score: str = "value"
) -> PlanningProposal:
    """Ready, estimated items; the value the PO picked; dependencies from :class:`Dependency`.

    Items already in this sprint use capacity and count as taken, so an item
    waiting on one of them may join; finished items count as done. An item
    waiting on anything else that is neither a candidate nor finished stays out.
    """
    if score not in SCORES:
        raise ValidationFailed({"score": f"must be one of {', '.join(SCORES)}"})
    column = SCORES[score][0]
    used = sprint_points_of(access=access, sprint=sprint).planned
    capacity_left = max((sprint.capacity or 0) - used, 0)
    in_sprint = set(items_in_sprint(access, sprint).values_list("pk", flat=True))
    rows = list(
        _candidates_query(access)
        .filter(Q(status=Status.READY) | Q(is_ready=True))
        .select_related("product", "parent")
        .order_by("rank", "id")[:MAX_CANDIDATES]
    )
    estimated = [i for i in rows if i.estimate is not None]
    ids = [i.pk for i in estimated]
    blockers: dict[int, list[int]] = {}
    for item_id, blocker_id in Dependency.objects.filter(item_id__in=ids).values_list(
        "item_id", "blocked_by_id"
    ):
        blockers.setdefault(item_id, []).append(blocker_id)
    every_blocker = {b for bs in blockers.values() for b in bs}
    finished = set(
        Item.objects.filter(pk__in=every_blocker, status__in=FINISHED).values_list("pk", flat=True)
    )
    already = finished | in_sprint
    candidates = [
        sprint_plan.Candidate(
            id=item.pk,
            points=item.estimate or 0,
            value=float(getattr(item, column) or 0.0),
            rank=position,
            blocked_by=tuple(b for b in blockers.get(item.pk, ()) if b not in already),
        )
        for position, item in enumerate(estimated)
    ]
    candidate_ids = set(ids)
    waiting = sum(1 for c in candidates if any(b not in candidate_ids for b in c.blocked_by))
    comparison = sprint_plan.compare(
        candidates, capacity_left, already_done=frozenset(already - candidate_ids)
    )
    return PlanningProposal(
        score=score if score in SCORES else "value",
        capacity_left=capacity_left,
        comparison=comparison,
        items={i.pk: i for i in estimated},
        candidates=len(candidates),
        unestimated=len(rows) - len(estimated),
        waiting=waiting,
    )
