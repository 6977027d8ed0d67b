"""The board and dependencies: card moves, WIP limits, what an item waits on.

Card moves change an item's status through the backlog's own ``item_update``,
so its rights (only the PO accepts) and status guards (a blocked item cannot
be done) apply the same on every page. WIP limits and dependencies are the
team's working knowledge (``Action.WORK``, *edit*).
"""

from __future__ import annotations

from django.db import transaction

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item, Status
from tandem.backlog.services import WriteOutcome
from tandem.delivery.models import (
    BoardColumn,
    Dependency,
)
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.rights import Action, Level

__all__ = ["board_column_set", "card_move", "dependency_add", "dependency_remove"]


# --- the board ---------------------------------------------------------------------------


def card_move(
    *, access: ProductAccess, item: Item, status: str, expected_version: int | None
) -> WriteOutcome:
    """Drag a card to another column: the item's status, written by the backlog."""
    return backlog_services.item_update(
        access=access, item=item, changes={"status": status}, expected_version=expected_version
    )


@transaction.atomic
def board_column_set(*, access: ProductAccess, status: str, wip_limit: int | None) -> BoardColumn:
    """The team's working agreement: at most ``wip_limit`` cards in a column (None: no limit)."""
    access.require(Action.WORK, Level.EDIT)
    errors: dict[str, str] = {}
    if status not in Status.values:
        errors["status"] = f"must be one of: {', '.join(Status.values)}"
    if wip_limit is not None and not 1 <= wip_limit <= 999:
        errors["wip_limit"] = "must be from 1 to 999, or empty for no limit"
    if errors:
        raise ValidationFailed(errors)
    column, _ = BoardColumn.objects.select_for_update().get_or_create(
        product=access.product, status=status
    )
    before = {"wip_limit": column.wip_limit}
    column.wip_limit = wip_limit
    column.version += 1
    column.save()
    record_event(
        actor=access.user,
        product=access.product,
        verb="board.column_updated",
        object_type="board_column",
        object_id=column.pk,
        object_label=status,
        before=before,
        after={"wip_limit": wip_limit},
    )
    return column


# --- dependencies ----------------------------------------------------------------------


def _waits_on(item_id: int, target_id: int) -> bool:
    """Whether ``item_id`` already waits, directly or not, on ``target_id``."""
    seen: set[int] = set()
    frontier = {item_id}
    while frontier:
        if target_id in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                Dependency.objects.filter(item_id__in=frontier).values_list(
                    "blocked_by_id", flat=True
                )
            )
            - seen
        )
    return False


def _dependency_event(
    access: ProductAccess, item: Item, change: str, **values: dict[str, str]
) -> None:
    """The item's history says what it waits on now: ``item.dependency_<change>``."""
    record_event(
        actor=access.user,
        product=access.product,
        verb=f"item.dependency_{change}",
        object_type="item",
        object_id=item.pk,
        object_label=str(item),
        **values,
    )


@transaction.atomic
def dependency_add(*, access: ProductAccess, item: Item, blocked_by: Item) -> Dependency:
    """Record that ``item`` cannot start before ``blocked_by`` is done; refuse a cycle."""
    access.require(Action.WORK, Level.EDIT)
    errors: dict[str, str] = {}
    for field, one in (("item", item), ("blocked_by", blocked_by)):
        if one.product_id != access.product.pk or one.archived_at is not None:
            errors[field] = "is not a live item of this product"
    if not errors and item.pk == blocked_by.pk:
        errors["blocked_by"] = "an item cannot wait on itself"
    if not errors and _waits_on(blocked_by.pk, item.pk):
        errors["blocked_by"] = f"{blocked_by.key} already waits on {item.key}: that is a cycle"
    if errors:
        raise ValidationFailed(errors)
    dependency, created = Dependency.objects.get_or_create(
        item=item, blocked_by=blocked_by, defaults={"created_by": access.user}
    )
    if created:
        _dependency_event(access, item, "added", after={"blocked_by": blocked_by.key})
    return dependency


@transaction.atomic
def dependency_remove(*, access: ProductAccess, item: Item, blocked_by: Item) -> None:
    access.require(Action.WORK, Level.EDIT)
    deleted, _ = Dependency.objects.filter(
        item=item, blocked_by=blocked_by, item__product=access.product
    ).delete()
    if deleted:
        _dependency_event(access, item, "removed", before={"blocked_by": blocked_by.key})
