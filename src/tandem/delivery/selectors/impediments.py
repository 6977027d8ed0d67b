"""Blockers and impediments, and the item page's delivery panel."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from tandem.backlog.models import Item
from tandem.delivery.models import (
    Impediment,
    ImpedimentKind,
    Sprint,
    SprintItem,
)
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound

__all__ = [
    "ItemSprintPanel",
    "blocked_item_ids",
    "impediment_of",
    "impediments_of",
    "item_is_blocked",
    "item_sprint_panel",
]


def impediments_of(
    *,
    access: ProductAccess,
    open_only: bool = False,
    sprint: Sprint | None = None,
    archived: bool = False,
    limit: int = 200,
) -> list[Impediment]:
    found = Impediment.objects.filter(product=access.product, archived_at__isnull=not archived)
    if open_only:
        found = found.filter(resolved_at__isnull=True)
    if sprint is not None:
        found = found.filter(Q(sprint=sprint) | Q(items__sprint_entries__sprint=sprint)).distinct()
    return list(
        found.select_related("owner", "decision", "sprint")
        .prefetch_related(Prefetch("items", queryset=Item.objects.select_related("product")))
        .order_by("resolved_at", "-raised_at", "-id")[:limit]
    )


def impediment_of(*, access: ProductAccess, impediment_id: int) -> Impediment:
    found = (
        Impediment.objects.filter(pk=impediment_id, product=access.product)
        .select_related("owner", "decision", "sprint")
        .prefetch_related(Prefetch("items", queryset=Item.objects.select_related("product")))
        .first()
    )
    if found is None:
        raise NotFound("No such impediment.")
    return found


def item_is_blocked(item: Item) -> bool:
    """An open blocker names this item; the status guard and the board ask this."""
    return Impediment.objects.filter(
        items=item,
        kind=ImpedimentKind.BLOCKER,
        resolved_at__isnull=True,
        archived_at__isnull=True,
    ).exists()


def blocked_item_ids(*, access: ProductAccess) -> set[int]:
    return set(
        Impediment.objects.filter(
            product=access.product,
            kind=ImpedimentKind.BLOCKER,
            resolved_at__isnull=True,
            archived_at__isnull=True,
        ).values_list("items", flat=True)
    ) - {None}


@dataclass(frozen=True)
class ItemSprintPanel:
    entries: list[SprintItem]
    impediments: list[Impediment]
    waits_on: list[Item]
    needed_by: list[Item]


def item_sprint_panel(*, access: ProductAccess, item: Item) -> ItemSprintPanel:
    """The item page's delivery card: its sprints, open impediments and dependencies."""
    return ItemSprintPanel(
        entries=list(
            SprintItem.objects.filter(item=item, sprint__product=access.product)
            .select_related("sprint")
            .order_by("-added_at")[:10]
        ),
        impediments=list(
            Impediment.objects.filter(
                items=item, resolved_at__isnull=True, archived_at__isnull=True
            ).select_related("owner")
        ),
        waits_on=list(
            Item.objects.filter(dependents__item=item).select_related("product").order_by("number")
        ),
        needed_by=list(
            Item.objects.filter(dependencies__blocked_by=item)
            .select_related("product")
            .order_by("number")
        ),
    )
