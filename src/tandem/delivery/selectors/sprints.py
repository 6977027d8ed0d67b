"""Reads of sprints and what they hold."""

from __future__ import annotations

from tandem.delivery.models import Release, ReleaseState, SprintItem, SprintState
from tandem.workspace.access import ProductAccess

__all__ = ["planned_item_ids"]


def planned_item_ids(*, access: ProductAccess) -> set[int]:
    """Items already planned: in a sprint not yet closed, or in scope of an open release."""
    in_sprints = SprintItem.objects.filter(
        sprint__product=access.product,
        sprint__archived_at__isnull=True,
        sprint__state__in=[SprintState.PLANNED, SprintState.ACTIVE],
        removed_at__isnull=True,
    ).values_list("item_id", flat=True)
    in_releases = Release.items.through.objects.filter(
        release__product=access.product,
        release__archived_at__isnull=True,
        release__state=ReleaseState.PLANNED,
    ).values_list("item_id", flat=True)
    return set(in_sprints) | set(in_releases)
