"""The decider's side of "propose": how an item's proposal is carried out.

The item declares its proposal operations to the one proposal system
(``workspace.proposals``), which locks the item, refuses a proposal made from an
older version unless the decider confirmed the current one, applies it through
the functions here, closes it and tells the item's history.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tandem.backlog.models import AcceptanceCriterion, Item
from tandem.workspace import proposals as proposal_queue
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.models import Proposal
from tandem.workspace.registry import Operation, RecordType, register_proposals
from tandem.workspace.rights import Action, Level
from tandem.workspace.transactions import retrying

from .criteria import criterion_add, criterion_remove, criterion_update
from .items import (
    _clean_changes,
    _item_in_product,
    apply_changes,
    item_archive,
    item_restore,
    locked_item,
    require_live,
)
from .proposing import ITEM, ItemOperation
from .ranking import item_move
from .snapshots import CONTENT_FIELDS, PRIORITY_FIELDS, RELATION_FIELDS, WORK_FIELDS


def _item_by_key(access: ProductAccess, key: Any) -> Item:
    item = _item_in_product(access.product, str(key))
    if item is None:
        raise ValidationFailed({"payload": f"{key} is no longer in the backlog"})
    return item


def _live_item(access: ProductAccess, proposal: Proposal) -> Item:
    assert proposal.record_id is not None
    item = locked_item(access, proposal.record_id)
    require_live(item)
    return item


def _apply_move(access: ProductAccess, proposal: Proposal) -> Item:
    """A move on the backlog, or on the story map (a step and slice, with or without a rank)."""
    from tandem.backlog.story_map.services import PLACE_KEYS, apply_placement

    item, payload = _live_item(access, proposal), proposal.payload
    if any(key in payload for key in PLACE_KEYS):
        apply_placement(access, item, payload)
    if any(key in payload for key in ("position", "before", "after")):
        item_move(
            access=access,
            item=item,
            position=payload.get("position"),
            before=_item_by_key(access, payload["before"]) if "before" in payload else None,
            after=_item_by_key(access, payload["after"]) if "after" in payload else None,
        )
    return item


def _apply_update(access: ProductAccess, proposal: Proposal) -> Item:
    item = _live_item(access, proposal)
    apply_changes(access, item, _clean_changes(access.product, item, proposal.payload["changes"]))
    return item


def _apply_criterion(access: ProductAccess, proposal: Proposal) -> Item:
    item, payload = _live_item(access, proposal), proposal.payload
    if payload["op"] == "add":
        criterion_add(access=access, item=item, fields=payload["fields"])
        return item
    if payload["op"] == "update":
        version = (
            AcceptanceCriterion.objects.filter(pk=payload["criterion"], item=item)
            .values_list("version", flat=True)
            .first()
        )
        if version is None:
            raise NotFound("No such criterion.")
        criterion_update(
            access=access,
            criterion_id=payload["criterion"],
            fields=payload["fields"],
            expected_version=version,
        )
    else:
        criterion_remove(access=access, criterion_id=payload["criterion"])
    return item


def _apply_archive(access: ProductAccess, proposal: Proposal) -> Item:
    return item_archive(access=access, item=_live_item(access, proposal)).item


def _apply_restore(access: ProductAccess, proposal: Proposal) -> Item:
    assert proposal.record_id is not None
    return item_restore(access=access, item=locked_item(access, proposal.record_id)).item


def _item_url(item: Item) -> str:
    return reverse("backlog:item", args=[item.key])


# Items are not a registered kind (their verbs are their own), but their proposals are the
# one queue's: this declaration tells it how to read an item and carry a proposal out.
ITEM_PROPOSALS = RecordType(
    name=ITEM,
    model=Item,
    label="Item",
    plural="items",
    action=Action.BACKLOG,
    fields=CONTENT_FIELDS + PRIORITY_FIELDS + WORK_FIELDS + RELATION_FIELDS,
    url=_item_url,
    key=lambda item: item.key,
    operations={
        ItemOperation.MOVE.value: Operation(_apply_move),
        ItemOperation.UPDATE.value: Operation(_apply_update),
        ItemOperation.CRITERION.value: Operation(_apply_criterion),
        ItemOperation.ARCHIVE.value: Operation(_apply_archive),
        ItemOperation.RESTORE.value: Operation(_apply_restore),
    },
)


def register() -> None:
    register_proposals(ITEM_PROPOSALS)


def _item_proposal(access: ProductAccess, proposal_id: int) -> None:
    """Refuse a proposal that is not one of this product's item proposals."""
    if not Proposal.objects.filter(
        pk=proposal_id, product=access.product, record_type=ITEM
    ).exists():
        raise NotFound("No such proposal.")


@retrying
def proposal_accept(
    *, access: ProductAccess, proposal_id: int, confirmed_version: int | None = None
) -> Proposal:
    """Apply the suggestion as the decider, then close it.

    A proposal made from an older version of the item is refused with
    ``ProposalOutdated`` (409) unless ``confirmed_version`` is the item's current one.
    """
    access.require(Action.BACKLOG, Level.DECIDE)
    _item_proposal(access, proposal_id)
    return proposal_queue.proposal_accept(
        access=access, proposal_id=proposal_id, confirmed_version=confirmed_version
    )


@retrying
def proposal_decline(*, access: ProductAccess, proposal_id: int, reason: str = "") -> Proposal:
    access.require(Action.BACKLOG, Level.DECIDE)
    _item_proposal(access, proposal_id)
    return proposal_queue.proposal_decline(access=access, proposal_id=proposal_id, reason=reason)
