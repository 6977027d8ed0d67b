"""Refinement lists, the value/effort matrix, backlog health and people's own items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from tandem.backlog import extensions, rollups
from tandem.backlog.models import (
    Item,
    Kind,
    Status,
)
from tandem.core.similarity import DuplicatePair, TitleDoc, likely_duplicates
from tandem.workspace.access import ProductAccess

from .proposals import pending_proposals


def _live_items(access: ProductAccess) -> QuerySet[Item]:
    return Item.objects.filter(product=access.product, archived_at__isnull=True)


LIST_FIELDS = (
    "product",
    "number",
    "kind",
    "title",
    "status",
    "rank",
    "estimate",
    "value",
    "effort",
    "moscow",
    "rice_score",
    "wsjf_score",
    "value_effort_score",
    "is_ready",
    "criteria_count",
    "as_a",
    "i_want",
    "so_that",
    "version",
    "created_at",
    "updated_at",
    "archived_at",
    "assignee__email",
    "assignee__name",
    "parent__number",
    "parent__title",
    "parent__product",
)


def _list_queryset(access: ProductAccess, archived: bool) -> QuerySet[Item]:
    """Rows for lists: only the columns a list shows, the product already known."""
    return (
        access.product.items.filter(archived_at__isnull=not archived)
        .select_related("assignee", "parent")
        .only(*LIST_FIELDS)
        .prefetch_related("labels")
    )


def _same_product_parents(access: ProductAccess, items: list[Item]) -> list[Item]:
    # A parent epic always belongs to the item's product: reuse it instead of a query per key.
    for item in items:
        if item.parent is not None:
            item.parent.product = access.product
    return items


def stale_cutoff(access: ProductAccess, days: int | None = None) -> datetime:
    return timezone.now() - timedelta(days=days or access.product.stale_after_days)


def stale_items(*, access: ProductAccess, days: int | None = None, limit: int = 200) -> list[Item]:
    """Open items nobody touched for ``days``: the first candidates to remove."""
    return _same_product_parents(
        access,
        list(
            _list_queryset(access, archived=False)
            .filter(updated_at__lt=stale_cutoff(access, days))
            .exclude(status__in=[Status.DONE, Status.ACCEPTED])
            .order_by("updated_at", "id")[:limit]
        ),
    )


def not_ready_items(*, access: ProductAccess, limit: int = 200) -> list[Item]:
    return _same_product_parents(
        access,
        list(
            _list_queryset(access, archived=False)
            .filter(is_ready=False, kind=Kind.STORY)
            .exclude(status__in=[Status.DONE, Status.ACCEPTED])
            .order_by("rank", "id")[:limit]
        ),
    )


DUPLICATE_SCAN_LIMIT = 20_000
DUPLICATES_KEPT = 60 * 60 * 24  # seconds a computed list stays in the cache


def _backlog_fingerprint(access: ProductAccess) -> str:
    """Changes whenever an item is written (its ``updated_at``) or one comes or goes.

    Read from the ``(product, updated_at)`` index and the roll-ups: a few rows,
    whatever the size of the backlog.
    """
    latest = (
        Item.objects.filter(product=access.product)
        .order_by("-updated_at")
        .values_list("updated_at", flat=True)
        .first()
    )
    figures = rollups.health_figures(access.product, stale_cutoff(access))
    live = sum(group.items for group in rollups.work_groups(access.product))
    stamp = latest.isoformat() if latest else "-"
    return f"{stamp}:{figures.open_items}:{live}"


def _duplicate_pairs(access: ProductAccess, limit: int) -> list[DuplicatePair]:
    """The similar pairs of the backlog as it stands, computed once per state of it.

    Comparing every open title costs seconds on a large backlog; the list is kept
    in the cache under a fingerprint of the backlog, so it is computed again only
    after an item changed, not on every visit of the refinement page.
    """
    key = f"backlog:duplicates:{access.product.pk}:{limit}:{_backlog_fingerprint(access)}"
    kept = cache.get(key)
    if kept is not None:
        return [DuplicatePair(*row) for row in kept]
    rows = list(
        _live_items(access)
        .exclude(status__in=[Status.DONE, Status.ACCEPTED])
        .exclude(kind=Kind.EPIC)  # an epic's title names a theme its stories repeat
        .order_by("rank")
        .values_list("id", "title")[:DUPLICATE_SCAN_LIMIT]
    )
    pairs: list[DuplicatePair] = likely_duplicates(
        [TitleDoc(id=pk, title=title) for pk, title in rows], limit=limit
    )
    cache.set(key, [(p.first_id, p.second_id, p.similarity) for p in pairs], DUPLICATES_KEPT)
    return pairs


def duplicate_candidates(
    *, access: ProductAccess, limit: int = 50
) -> list[tuple[Item, Item, float]]:
    """Pairs of open items that read alike, most similar first.

    From the stored neighbours when that finder is installed (kept up to date on each
    change), else from the titles of the backlog as it stands.
    """
    finder = extensions.duplicate_finder()
    if finder is not None:
        pairs = [DuplicatePair(*row) for row in finder(access, limit)]
    else:
        pairs = _duplicate_pairs(access, limit)
    wanted = {p.first_id for p in pairs} | {p.second_id for p in pairs}
    live = (
        _list_queryset(access, archived=False)
        .exclude(status__in=[Status.DONE, Status.ACCEPTED])
        .filter(pk__in=wanted)
    )
    by_id = {i.pk: i for i in _same_product_parents(access, list(live))}
    return [
        (by_id[p.first_id], by_id[p.second_id], p.similarity)
        for p in pairs
        if p.first_id in by_id and p.second_id in by_id
    ]


def matrix_items(*, access: ProductAccess, limit: int = 300) -> list[Item]:
    """Open items scored for value and effort, for the value-vs-effort matrix."""
    return _same_product_parents(
        access,
        list(
            _list_queryset(access, archived=False)
            .filter(value__isnull=False, effort__isnull=False)
            .exclude(status__in=[Status.DONE, Status.ACCEPTED])
            .exclude(kind=Kind.EPIC)
            .order_by("rank", "id")[:limit]
        ),
    )


def unscored_count(*, access: ProductAccess) -> int:
    """Open non-epics without value or effort, from the roll-up (no scan of the items)."""
    return rollups.health_figures(access.product, stale_cutoff(access)).unscored


@dataclass(frozen=True)
class BacklogHealth:
    open_items: int
    not_ready: int
    stale: int
    unestimated: int
    proposals_waiting: int


def backlog_health(*, access: ProductAccess) -> BacklogHealth:
    """The PO's dashboard figures: the roll-up's day buckets, one day's items, one count."""
    figures = rollups.health_figures(access.product, stale_cutoff(access))
    return BacklogHealth(
        open_items=figures.open_items,
        not_ready=figures.not_ready,
        stale=figures.stale,
        unestimated=figures.unestimated,
        proposals_waiting=pending_proposals(access=access).count(),
    )


def refinement_counts(*, access: ProductAccess, days: int | None = None) -> tuple[int, int]:
    """How many open items are stale (untouched for ``days``) and stories not ready, in all."""
    figures = rollups.health_figures(access.product, stale_cutoff(access, days))
    return figures.stale, figures.not_ready


def items_assigned_to(*, access: ProductAccess, limit: int = 20) -> list[Item]:
    return _same_product_parents(
        access,
        list(
            _list_queryset(access, archived=False)
            .filter(assignee=access.user)
            .exclude(status=Status.ACCEPTED)
            .order_by("rank", "id")[:limit]
        ),
    )
