"""The proposer's side of "propose": record a suggestion for the decider's queue."""

from __future__ import annotations

from typing import Any

from tandem.backlog.models import Item, Proposal, ProposalKind
from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from .item_history import item_event

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
    verb = f"item.{_VERB_NOUNS.get(kind, kind)}_proposed"
    item_event(access, item.pk, verb, str(item), after=payload)
    return proposal
