"""The decider's side of "propose": accept or decline a waiting suggestion."""

from __future__ import annotations

from typing import Any

from tandem.backlog.models import Item, Proposal, ProposalKind, ProposalStatus
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.proposals import mark_decided, pending_proposal
from tandem.workspace.rights import Action, Level
from tandem.workspace.transactions import retrying

from .criteria import criterion_add, criterion_remove, criterion_update, criterion_version
from .item_history import item_event
from .items import (
    _clean_changes,
    _item_in_product,
    apply_changes,
    item_archive,
    item_restore,
    locked_item,
    require_live,
)
from .ranking import item_move


def _item_by_key(access: ProductAccess, key: Any) -> Item:
    item = _item_in_product(access.product, str(key))
    if item is None:
        raise ValidationFailed({"payload": f"{key} is no longer in the backlog"})
    return item


def _close(access: ProductAccess, proposal: Proposal, status: str, reason: str) -> None:
    mark_decided(proposal, access, status, reason)
    item_event(
        access,
        proposal.item_id,
        f"proposal.{status}",
        f"{proposal.get_kind_display()} proposed by {proposal.proposed_by}",
        after={"proposal": proposal.pk, "reason": proposal.reason}
        if reason
        else {"proposal": proposal.pk},
    )


def _apply(access: ProductAccess, proposal: Proposal, item: Item) -> None:
    """Carry the suggestion out through the same service the decider would call."""
    payload = proposal.payload
    if proposal.kind == ProposalKind.MOVE:
        _apply_move(access, item, payload)
    elif proposal.kind == ProposalKind.UPDATE:
        changes = payload["changes"]
        apply_changes(access, item, _clean_changes(access.product, item, changes))
    elif proposal.kind == ProposalKind.CRITERION:
        _apply_criterion(access, item, payload)
    elif proposal.kind == ProposalKind.ARCHIVE:
        item_archive(access=access, item=item)
    else:
        item_restore(access=access, item=item)


def _apply_move(access: ProductAccess, item: Item, payload: dict[str, Any]) -> None:
    """A move on the backlog, or on the story map (a step and slice, with or without a rank)."""
    from tandem.backlog.story_map.services import PLACE_KEYS, apply_placement

    if any(key in payload for key in PLACE_KEYS):
        apply_placement(access, item, payload)
    if not any(key in payload for key in ("position", "before", "after")):
        return
    item_move(
        access=access,
        item=item,
        position=payload.get("position"),
        before=_item_by_key(access, payload["before"]) if "before" in payload else None,
        after=_item_by_key(access, payload["after"]) if "after" in payload else None,
    )


def _apply_criterion(access: ProductAccess, item: Item, payload: dict[str, Any]) -> None:
    if payload["op"] == "add":
        criterion_add(access=access, item=item, fields=payload["fields"])
    elif payload["op"] == "update":
        criterion_update(
            access=access,
            criterion_id=payload["criterion"],
            fields=payload["fields"],
            expected_version=criterion_version(access=access, criterion_id=payload["criterion"]),
        )
    else:
        criterion_remove(access=access, criterion_id=payload["criterion"])


@retrying
def proposal_accept(*, access: ProductAccess, proposal_id: int) -> Proposal:
    """Apply the suggestion as the decider, then close it."""
    access.require(Action.BACKLOG, Level.DECIDE)
    proposal = pending_proposal(Proposal.objects.all(), access, proposal_id)
    item = locked_item(access, proposal.item_id)
    if proposal.kind != ProposalKind.RESTORE:
        require_live(item)
    _apply(access, proposal, item)
    _close(access, proposal, ProposalStatus.ACCEPTED, "")
    return proposal


@retrying
def proposal_decline(*, access: ProductAccess, proposal_id: int, reason: str = "") -> Proposal:
    access.require(Action.BACKLOG, Level.DECIDE)
    proposal = pending_proposal(Proposal.objects.all(), access, proposal_id)
    _close(access, proposal, ProposalStatus.DECLINED, reason)
    return proposal
