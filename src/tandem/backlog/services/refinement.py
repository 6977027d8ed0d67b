"""Bulk moves of refinement: archive what is outdated, estimate many, move many."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.db import transaction
from django.utils import timezone

from tandem.backlog.models import Item
from tandem.core import stories
from tandem.core.ranking import keys_between
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_events_alike
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Event, Product
from tandem.workspace.rights import Action, Level

from .items import refresh_derived
from .merging import record_revisions
from .proposing import ItemOperation, must_propose, propose

BULK_LIMIT = 500


@dataclass(frozen=True)
class BulkOutcome:
    """How many items changed now, and how many changes wait for the decider instead."""

    changed: int
    proposed: int = 0


def _propose_each(
    access: ProductAccess, items: Sequence[Item], kind: str, payload: dict[str, str]
) -> BulkOutcome:
    for item in items:
        propose(access, item, kind, payload)
    return BulkOutcome(changed=0, proposed=len(items))


def _selected(access: ProductAccess, item_ids: Sequence[int]) -> list[Item]:
    if not item_ids:
        raise ValidationFailed({"items": "select at least one item"})
    if len(item_ids) > BULK_LIMIT:
        raise ValidationFailed({"items": f"select at most {BULK_LIMIT} items at once"})
    items = list(
        Item.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(product=access.product, pk__in=item_ids, archived_at__isnull=True)
        .order_by("rank", "id")
    )
    if len(items) != len(set(item_ids)):
        raise ValidationFailed({"items": "some selected items are not live items of this backlog"})
    return items


def _audit_each(
    access: ProductAccess, items: Sequence[Item], verb: str, **data: object
) -> list[Event]:
    return record_events_alike(
        actor=access.user,
        product=access.product,
        verb=verb,
        object_type="item",
        objects=[(item.pk, str(item)) for item in items],
        after=dict(data) or None,
    )


@transaction.atomic
def items_bulk_archive(*, access: ProductAccess, item_ids: Sequence[int]) -> BulkOutcome:
    access.require(Action.BACKLOG, Level.PROPOSE)
    items = _selected(access, item_ids)
    if must_propose(access, Action.BACKLOG):
        return _propose_each(access, items, ItemOperation.ARCHIVE, {})
    now = timezone.now()
    for item in items:
        item.archived_at = now
        item.updated_at = now
        item.version += 1
    Item.objects.bulk_update(items, ["archived_at", "updated_at", "version"])
    record_revisions(items, _audit_each(access, items, "item.archived"))
    return BulkOutcome(changed=len(items))


@transaction.atomic
def items_bulk_estimate(
    *, access: ProductAccess, item_ids: Sequence[int], estimate: int
) -> BulkOutcome:
    access.require(Action.WORK, Level.EDIT)
    if not stories.is_valid_estimate(estimate):
        scale = ", ".join(str(p) for p in stories.STORY_POINT_SCALE)
        raise ValidationFailed({"estimate": f"must be one of the story-point scale: {scale}"})
    items = _selected(access, item_ids)
    now = timezone.now()
    for item in items:
        item.estimate = estimate
        item.updated_at = now
        item.version += 1
        refresh_derived(item)
    Item.objects.bulk_update(items, ["estimate", "is_ready", "updated_at", "version"])
    record_revisions(items, _audit_each(access, items, "item.updated", estimate=estimate))
    return BulkOutcome(changed=len(items))


@transaction.atomic
def items_bulk_move(
    *, access: ProductAccess, item_ids: Sequence[int], position: Literal["top", "bottom"]
) -> BulkOutcome:
    """Move a selection to the top or bottom, keeping the selection's own order."""
    access.require(Action.BACKLOG, Level.PROPOSE)
    if position not in ("top", "bottom"):
        raise ValidationFailed({"position": "must be top or bottom"})
    if must_propose(access, Action.BACKLOG):
        items = _selected(access, item_ids)
        return _propose_each(access, items, ItemOperation.MOVE, {"position": position})
    Product.objects.select_for_update(no_key=True).get(pk=access.product.pk)
    items = _selected(access, item_ids)
    others = Item.objects.filter(product=access.product).exclude(pk__in=[i.pk for i in items])
    if position == "top":
        lower, upper = None, others.order_by("rank", "id").values_list("rank", flat=True).first()
    else:
        lower, upper = others.order_by("-rank", "-id").values_list("rank", flat=True).first(), None
    for item, key in zip(items, keys_between(lower, upper, len(items)), strict=True):
        item.rank = key
    Item.objects.bulk_update(items, ["rank"])
    _audit_each(access, items, "item.moved", position=position)
    return BulkOutcome(changed=len(items))
