"""The board's reads: columns by status, a page of cards at a time, with filters and lanes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from tandem.backlog.models import Item, Kind, Status
from tandem.delivery.models import (
    BoardColumn,
    Sprint,
)
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed

from .sprint_base import blocked

__all__ = ["BOARD_PAGE", "BoardColumnPage", "BoardFilters", "board", "board_column_page"]

BOARD_PAGE = 30
"""Cards per column per page: a 5,000-card board renders 150 cards, then loads on demand."""


@dataclass(frozen=True)
class BoardFilters:
    mine: bool = False
    blocked: bool = False
    kind: str = ""
    text: str = ""
    lane: str = ""  # "", "epic" or "assignee"


@dataclass
class BoardColumnPage:
    status: str
    label: str
    count: int
    wip_limit: int | None
    cards: list[Item] = field(default_factory=list)
    next_offset: int | None = None

    @property
    def over_limit(self) -> bool:
        return self.wip_limit is not None and self.count > self.wip_limit


def _board_items(access: ProductAccess, sprint: Sprint, filters: BoardFilters) -> QuerySet[Item]:
    items = Item.objects.filter(
        product=access.product,
        archived_at__isnull=True,
        sprint_entries__sprint=sprint,
        sprint_entries__removed_at__isnull=True,
    )
    if filters.mine:
        items = items.filter(assignee=access.user)
    if filters.kind in Kind.values:
        items = items.filter(kind=filters.kind)
    if filters.text:
        text = filters.text.strip()
        prefix, _, number = text.upper().rpartition("-")
        by_key = Q(number=int(number)) if prefix == access.product.key and number.isdigit() else Q()
        items = (
            items.filter(Q(title__icontains=text) | by_key)
            if by_key
            else items.filter(title__icontains=text)
        )
    items = items.annotate(is_blocked=blocked())
    if filters.blocked:
        items = items.filter(is_blocked=True)
    return items


def _lane_order(filters: BoardFilters) -> tuple[str, ...]:
    if filters.lane == "epic":
        return ("parent__rank", "rank", "id")
    if filters.lane == "assignee":
        return ("assignee__email", "rank", "id")
    return ("rank", "id")


def board_column_page(
    *,
    access: ProductAccess,
    sprint: Sprint,
    status: str,
    filters: BoardFilters,
    offset: int = 0,
    limit: int = BOARD_PAGE,
    count: int | None = None,
) -> BoardColumnPage:
    """One page of one column: the next ``limit`` cards after ``offset``."""
    if status not in Status.values:
        raise ValidationFailed({"status": f"must be one of {', '.join(Status.values)}"})
    items = _board_items(access, sprint, filters).filter(status=status)
    if count is None:
        count = items.count()
    cards = list(
        items.select_related("product", "assignee", "parent__product").order_by(
            *_lane_order(filters)
        )[offset : offset + limit]
    )
    wip = (
        BoardColumn.objects.filter(product=access.product, status=status)
        .values_list("wip_limit", flat=True)
        .first()
    )
    following = offset + len(cards)
    return BoardColumnPage(
        status=status,
        label=Status(status).label,
        count=count,
        wip_limit=wip,
        cards=cards,
        next_offset=following if following < count else None,
    )


def board(
    *, access: ProductAccess, sprint: Sprint, filters: BoardFilters, limit: int = BOARD_PAGE
) -> list[BoardColumnPage]:
    """Every column's count and first page: one count query, one query per column."""
    counts = dict(
        _board_items(access, sprint, filters)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    limits = dict(
        BoardColumn.objects.filter(product=access.product).values_list("status", "wip_limit")
    )
    columns = []
    for status in Status.values:
        count = counts.get(status, 0)
        cards: list[Item] = []
        if count and limit:
            cards = list(
                _board_items(access, sprint, filters)
                .filter(status=status)
                .select_related("product", "assignee", "parent__product")
                .order_by(*_lane_order(filters))[:limit]
            )
        columns.append(
            BoardColumnPage(
                status=status,
                label=Status(status).label,
                count=count,
                wip_limit=limits.get(status),
                cards=cards,
                next_offset=len(cards) if len(cards) < count else None,
            )
        )
    return columns
