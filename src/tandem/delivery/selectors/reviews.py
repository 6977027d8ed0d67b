"""Reads of sprint reviews: the increment, its criteria and tests, and the verdicts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from tandem.backlog.models import AcceptanceCriterion, Item, Status
from tandem.delivery.models import Acceptance, Sprint, SprintReview, SprintState
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound

from .testing import CaseSummary, case_summaries

__all__ = [
    "IncrementRow",
    "ReviewPage",
    "acceptances_of",
    "items_waiting_for_acceptance",
    "sprint_review",
    "sprints_for_review",
]


def sprints_for_review(*, access: ProductAccess) -> QuerySet[Sprint]:
    """Sprints that have an increment to review: the active one and the closed ones."""
    return Sprint.objects.filter(
        product=access.product,
        archived_at__isnull=True,
        state__in=[SprintState.ACTIVE, SprintState.CLOSED],
    ).order_by("-starts_on", "-id")


@dataclass
class IncrementRow:
    item: Item
    criteria: list[AcceptanceCriterion]
    cases: CaseSummary
    verdict: Acceptance | None


@dataclass
class ReviewPage:
    sprint: Sprint
    review: SprintReview | None
    increment: list[IncrementRow]  # done and accepted items of the sprint
    rejected: list[Acceptance]  # items rejected at this review, now back in the backlog

    @property
    def waiting(self) -> int:
        return sum(1 for row in self.increment if row.item.status == Status.DONE)


def sprint_review(*, access: ProductAccess, sprint_id: int) -> ReviewPage:
    sprint = Sprint.objects.filter(
        pk=sprint_id, product=access.product, archived_at__isnull=True
    ).first()
    if sprint is None:
        raise NotFound("No such sprint.")
    review = SprintReview.objects.filter(sprint=sprint).prefetch_related("attendees").first()
    live_criteria = Prefetch(
        "criteria",
        queryset=AcceptanceCriterion.objects.filter(archived_at__isnull=True),
        to_attr="live_criteria",
    )
    items = list(
        Item.objects.filter(
            sprint_entries__sprint=sprint,
            sprint_entries__removed_at__isnull=True,
            archived_at__isnull=True,
            status__in=[Status.DONE, Status.ACCEPTED],
        )
        .select_related("product", "assignee")
        .prefetch_related(live_criteria)
        .order_by("rank", "id")
        .distinct()
    )
    verdicts = _latest_verdicts(access, [item.pk for item in items])
    cases = case_summaries(item.pk for item in items)
    rejected = list(
        Acceptance.objects.filter(product=access.product, sprint=sprint, decision="rejected")
        .select_related("item__product", "decided_by")
        .order_by("-decided_at")
    )
    return ReviewPage(
        sprint=sprint,
        review=review,
        increment=[
            IncrementRow(
                item=item,
                criteria=item.live_criteria,
                cases=cases.get(item.pk, CaseSummary()),
                verdict=verdicts.get(item.pk),
            )
            for item in items
        ],
        rejected=rejected,
    )


def _latest_verdicts(access: ProductAccess, item_ids: list[int]) -> dict[int, Acceptance]:
    latest: dict[int, Acceptance] = {}
    for acceptance in (
        Acceptance.objects.filter(product=access.product, item_id__in=item_ids)
        .select_related("decided_by")
        .order_by("decided_at", "id")
    ):
        latest[acceptance.item_id] = acceptance
    return latest


def acceptances_of(*, access: ProductAccess, item: Item) -> list[Acceptance]:
    return list(
        Acceptance.objects.filter(product=access.product, item=item)
        .select_related("decided_by", "sprint")
        .order_by("-decided_at", "-id")
    )


def items_waiting_for_acceptance(*, access: ProductAccess, limit: int = 10) -> list[Item]:
    """Done items the PO has not accepted yet, the oldest first."""
    return list(
        Item.objects.filter(product=access.product, status=Status.DONE, archived_at__isnull=True)
        .select_related("product")
        .order_by("updated_at", "id")[:limit]
    )
