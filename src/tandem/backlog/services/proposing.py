"""The proposer's side of "propose": record a suggestion for the decider's queue."""

from __future__ import annotations

from typing import Any

from tandem.backlog.models import Item, Proposal, ProposalKind
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.rights import Action, Level

_VERB_NOUNS: dict[str, str] = {ProposalKind.UPDATE: "change"}


def must_propose(access: ProductAccess, action: Action) -> bool:
    """True when the caller's level is *propose*: the write waits for the decider."""
    return access.level(action) == Level.PROPOSE


def propose(access: ProductAccess, item: Item, kind: str, payload: dict[str, Any]) -> Proposal:
    proposal = Proposal.objects.create(
        product=access.product,
        item=item,
        kind=kind,
        payload=payload,
        item_version=item.version,
        proposed_by=access.user,
    )
    record_event(
        actor=access.user,
        product=access.product,
        verb=f"item.{_VERB_NOUNS.get(kind, kind)}_proposed",
        object_type="item",
        object_id=item.pk,
        object_label=str(item),
        after=payload,
    )
    return proposal
