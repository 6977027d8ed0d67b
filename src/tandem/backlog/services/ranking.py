"""Backlog order: a move writes one row; keys are rebalanced only when they grow long."""

from __future__ import annotations

from typing import Literal

from django.db import transaction

from tandem.backlog.models import Item
from tandem.core.ranking import evenly_spaced_keys, key_between, needs_rebalance
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.jobs import enqueue
from tandem.workspace.models import Product, Proposal
from tandem.workspace.rights import Action, Level
from tandem.workspace.transactions import retrying

from .item_history import item_event
from .items import WriteOutcome, locked_item
from .proposing import ItemOperation, propose

Position = Literal["top", "bottom"]


def _neighbour_ranks(
    product: Product,
    item: Item,
    *,
    position: Position | None,
    before: Item | None,
    after: Item | None,
) -> tuple[str | None, str | None]:
    """The keys the moved item must fall between. Archived rows count, so keys stay unique."""
    others = Item.objects.filter(product=product).exclude(pk=item.pk)
    if position == "top":
        return None, others.order_by("rank", "id").values_list("rank", flat=True).first()
    if position == "bottom":
        return others.order_by("-rank", "-id").values_list("rank", flat=True).first(), None
    if before is not None:
        lower = others.filter(rank__lt=before.rank).order_by("-rank", "-id")
        return lower.values_list("rank", flat=True).first(), before.rank
    assert after is not None
    upper = others.filter(rank__gt=after.rank).order_by("rank", "id")
    return after.rank, upper.values_list("rank", flat=True).first()


def _target(access: ProductAccess, key_or_id: Item | None, moved: Item) -> Item | None:
    if key_or_id is None:
        return None
    target = Item.objects.filter(pk=key_or_id.pk, product=access.product).first()
    if target is None or target.archived_at is not None:
        raise NotFound("The item to move next to is not in this backlog.")
    if target.pk == moved.pk:
        raise ValidationFailed({"item": "cannot move an item next to itself"})
    return target


def _validate_move(position: Position | None, before: Item | None, after: Item | None) -> None:
    given = [x for x in (position, before, after) if x is not None]
    if len(given) != 1:
        raise ValidationFailed(
            {"position": "give exactly one of position (top|bottom), before or after"}
        )
    if position is not None and position not in ("top", "bottom"):
        raise ValidationFailed({"position": "must be top or bottom"})


@retrying
def item_move(
    *,
    access: ProductAccess,
    item: Item,
    position: Position | None = None,
    before: Item | None = None,
    after: Item | None = None,
) -> WriteOutcome:
    """Reorder the backlog; a proposer's move waits in the PO's queue instead."""
    _validate_move(position, before, after)
    level = access.require(Action.BACKLOG, Level.PROPOSE)
    # One mover at a time per product: two moves to the same gap would mint the same key.
    product = Product.objects.select_for_update(no_key=True).get(pk=access.product.pk)
    item = locked_item(access, item.pk)
    before_item = _target(access, before, item)
    after_item = _target(access, after, item)
    if level < Level.DECIDE:
        return WriteOutcome(
            item=item, proposal=_propose_move(access, item, position, before_item, after_item)
        )
    lower, upper = _neighbour_ranks(
        product, item, position=position, before=before_item, after=after_item
    )
    if lower is not None and upper is not None and lower >= upper:
        # Two rows share a key (a concurrent insert before this lock existed): re-space first.
        _rebalance(product)
        item.refresh_from_db()
        lower, upper = _neighbour_ranks(
            product, item, position=position, before=_fresh(before_item), after=_fresh(after_item)
        )
    old_rank = item.rank
    item.rank = key_between(lower, upper)
    item.save(update_fields=["rank"])
    item_event(
        access,
        item.pk,
        "item.moved",
        str(item),
        before={"rank": old_rank},
        after={"rank": item.rank, **_move_description(position, before_item, after_item)},
    )
    if needs_rebalance(item.rank):
        enqueue(rank_rebalance, product_id=product.pk)
    return WriteOutcome(item=item)


def _fresh(item: Item | None) -> Item | None:
    if item is not None:
        item.refresh_from_db(fields=["rank"])
    return item


def _move_description(
    position: Position | None, before: Item | None, after: Item | None
) -> dict[str, str]:
    if position is not None:
        return {"position": position}
    if before is not None:
        return {"before": before.key}
    assert after is not None
    return {"after": after.key}


def _propose_move(
    access: ProductAccess,
    item: Item,
    position: Position | None,
    before: Item | None,
    after: Item | None,
) -> Proposal:
    return propose(access, item, ItemOperation.MOVE, _move_description(position, before, after))


def _rebalance(product: Product) -> int:
    items = list(Item.objects.filter(product=product).order_by("rank", "id").only("id", "rank"))
    for item, key in zip(items, evenly_spaced_keys(len(items)), strict=True):
        item.rank = key
    Item.objects.bulk_update(items, ["rank"], batch_size=1000)
    return len(items)


@transaction.atomic
def rank_rebalance(*, product_id: int) -> int:
    """Re-space every key of a product, keeping the order; runs as a background job."""
    product = Product.objects.select_for_update(no_key=True).get(pk=product_id)
    return _rebalance(product)
