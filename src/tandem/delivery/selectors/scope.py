"""A release's scope: the items named in it and the stories of its epics."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from tandem.backlog.models import Item, Kind, Status
from tandem.delivery.models import Release
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound

__all__ = ["DONE_STATUSES", "release_scope", "scope_points", "scope_query"]

DONE_STATUSES = (Status.DONE, Status.ACCEPTED)


def scope_query(release_ids: list[int]) -> QuerySet[Item]:
    """Live non-epic items in the scope of any of the releases: named, or under an epic.

    Two id subqueries rather than joins: no duplicate rows to remove, and each side
    is read through an index (the primary key, the parent's) instead of the
    product's whole backlog.
    """
    named = Release.items.through.objects.filter(release_id__in=release_ids).values("item_id")
    epics = Release.epics.through.objects.filter(release_id__in=release_ids).values("item_id")
    return Item.objects.filter(
        Q(id__in=named) | Q(parent_id__in=epics),
        archived_at__isnull=True,
    ).exclude(kind=Kind.EPIC)


def scope_points(items: Iterable[Item]) -> tuple[int, int]:
    """The scope's estimated points, and how many of them are done."""
    rows = list(items)
    done = sum(item.estimate or 0 for item in rows if item.status in DONE_STATUSES)
    return sum(item.estimate or 0 for item in rows), done


def release_scope(*, access: ProductAccess, release: Release) -> list[Item]:
    """The release's work: items named in it plus the stories of its epics, in rank order."""
    if release.product_id != access.product.pk:
        raise NotFound("No such release.")
    items = list(
        scope_query([release.pk]).select_related("parent", "assignee").order_by("rank", "id")
    )
    for item in items:  # one product: no query per key
        item.product = access.product
        if item.parent is not None:
            item.parent.product = access.product
    return items
