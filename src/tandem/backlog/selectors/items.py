"""One item and what hangs off it: lookups by key, the item page, history, pickers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from tandem.backlog.models import (
    AcceptanceCriterion,
    Comment,
    Item,
    Kind,
)
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.models import Event, User
from tandem.workspace.selectors import product_access


def split_item_key(key: str) -> tuple[str, int]:
    prefix, _, number = key.strip().upper().rpartition("-")
    if not prefix or not number.isdigit():
        raise NotFound(f"{key!r} is not an item key like DRN-42.")
    return prefix, int(number)


def _one_item(access: ProductAccess) -> QuerySet[Item]:
    """What every view of one item reads with it: its people, its epic, its labels."""
    return (
        Item.objects.select_related("product", "assignee", "parent__product", "created_by")
        .prefetch_related("labels")
        .filter(product=access.product)
    )


def _found(item: Item | None, access: ProductAccess, number: int) -> Item:
    if item is None:
        raise NotFound(f"No item {access.product.key}-{number}.")
    return item


def item_of(*, access: ProductAccess, number: int) -> Item:
    """The item as it now stands, for a caller whose access is already resolved."""
    return _found(_one_item(access).filter(number=number).first(), access, number)


def item_by_key(*, user: User, key: str) -> tuple[ProductAccess, Item]:
    """The item and the caller's access to its product; 404 for anyone outside it."""
    product_key, number = split_item_key(key)
    access = product_access(user=user, product_key=product_key)
    return access, item_of(access=access, number=number)


def item_in_backlog(*, access: ProductAccess, key: str) -> Item:
    """A live item of the same product, for moves and bulk actions that name neighbours."""
    return items_in_backlog(access=access, keys=[key])[0]


def items_in_backlog(*, access: ProductAccess, keys: Sequence[str]) -> list[Item]:
    """Live items of this product by key, in the order given, read in one query."""
    numbers: list[int] = []
    for key in keys:
        product_key, number = split_item_key(key)
        if product_key != access.product.key:
            raise NotFound(f"No item {key.upper()} in this backlog.")
        numbers.append(number)
    live = Item.objects.filter(
        product=access.product, number__in=numbers, archived_at__isnull=True
    ).select_related("product")
    by_number = {item.number: item for item in live}
    for key, number in zip(keys, numbers, strict=True):
        if number not in by_number:
            raise NotFound(f"No item {key.upper()} in this backlog.")
    return [by_number[number] for number in numbers]


def item_detail(*, access: ProductAccess, number: int) -> Item:
    """The item page: everything about one item in a fixed number of queries."""
    item = (
        _one_item(access)
        .prefetch_related(
            Prefetch(
                "criteria",
                queryset=AcceptanceCriterion.objects.filter(archived_at__isnull=True),
                to_attr="live_criteria",
            ),
            Prefetch(
                "comments",
                queryset=Comment.objects.filter(archived_at__isnull=True).select_related("author"),
                to_attr="live_comments",
            ),
            "links",
            Prefetch(
                "children",
                queryset=Item.objects.filter(archived_at__isnull=True)
                .select_related("product")
                .order_by("rank"),
                to_attr="live_children",
            ),
        )
        .filter(number=number)
        .first()
    )
    return _found(item, access, number)


def criteria_of(*, item: Item) -> QuerySet[AcceptanceCriterion]:
    return item.criteria.filter(archived_at__isnull=True).order_by("position", "id")


def comments_of(*, item: Item) -> QuerySet[Comment]:
    return item.comments.filter(archived_at__isnull=True).select_related("author")


def item_history(*, access: ProductAccess, item: Item) -> QuerySet[Event]:
    return (
        Event.objects.filter(product=access.product, object_type="item", object_id=item.pk)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def subtasks_of(*, access: ProductAccess, item: Item) -> list[Item]:
    """An item's live sub-tasks in rank order, for its checklist."""
    return list(
        Item.objects.filter(
            product=access.product, parent=item, kind=Kind.SUBTASK, archived_at__isnull=True
        )
        .select_related("product", "assignee", "parent")
        .prefetch_related("labels")
        .order_by("rank", "id")
    )


@dataclass(frozen=True)
class EpicChoice:
    key: str
    label: str


def epic_choices(*, access: ProductAccess, title_length: int = 32) -> list[EpicChoice]:
    """Epics for a filter menu as plain pairs: a product may have hundreds of them."""
    rows = (
        access.product.items.filter(archived_at__isnull=True, kind=Kind.EPIC)
        .order_by("rank")
        .values_list("number", "title")
    )
    prefix = access.product.key
    return [
        EpicChoice(
            key=f"{prefix}-{number}",
            label=title if len(title) <= title_length else f"{title[: title_length - 1]}…",
        )
        for number, title in rows
    ]


EPIC_MATCHES = 20


def epic_matches(
    *, access: ProductAccess, text: str, exclude: int | None = None, limit: int = EPIC_MATCHES
) -> list[EpicChoice]:
    """A few live epics whose key or title matches what was typed, in rank order.

    The item page's epic field asks this as the person types, instead of listing
    every epic of the product (thousands in a large one) in a menu.
    """
    epics = access.product.items.filter(archived_at__isnull=True, kind=Kind.EPIC)
    if exclude is not None:
        epics = epics.exclude(pk=exclude)
    text = text.strip()
    prefix, _, number = text.upper().rpartition("-")
    if number.isdigit() and prefix in ("", access.product.key):
        epics = epics.filter(Q(number=int(number)) | Q(title__icontains=text))
    elif text:
        epics = epics.filter(title__icontains=text)
    rows = epics.order_by("rank", "id").values_list("number", "title")[:limit]
    return [EpicChoice(key=f"{access.product.key}-{n}", label=title) for n, title in rows]


def epics_of(*, access: ProductAccess) -> QuerySet[Item]:
    """Epics for pickers: key and title only, the product already known."""
    return (
        access.product.items.filter(archived_at__isnull=True, kind=Kind.EPIC)
        .only("product", "number", "title", "rank")
        .order_by("rank")
    )


def labels_of(*, access: ProductAccess) -> list[str]:
    return list(access.product.labels.order_by("name").values_list("name", flat=True))
