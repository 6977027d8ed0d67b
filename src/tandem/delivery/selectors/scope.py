"""A release's scope: the items named in it and the stories of its epics."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tandem.backlog.models import Item, Kind, Status
from tandem.delivery.models import Release
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound

__all__ = ["DONE_STATUSES", "release_scope", "scope_query"]

DONE_STATUSES = (Status.DONE, Status.ACCEPTED)


def scope_query(release_ids: list[int]) -> QuerySet[Item]:
    """Live non-epic items in the scope of any of the releases: named, or under an epic."""
    return Item.objects.filter(
        Q(releases__in=release_ids) | Q(parent__scoped_releases__in=release_ids),
        archived_at__isnull=True,
    ).exclude(kind=Kind.EPIC)


def release_scope(*, access: ProductAccess, release: Release) -> list[Item]:
    """The release's work: items named in it plus the stories of its epics, in rank order."""
    if release.product_id != access.product.pk:
        raise NotFound("No such release.")
    return list(
        scope_query([release.pk])
        .select_related("product", "parent", "assignee")
        .distinct()
        .order_by("rank", "id")
    )
