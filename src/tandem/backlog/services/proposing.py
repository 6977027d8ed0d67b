"""The proposer's side of "propose": a suggestion for the decider's queue.

An item's proposals are rows of the one proposal table (``workspace.proposals``):
the decider's queue lists them with every other kind's, and one made from an older
version of the item than the current one must be re-confirmed before it applies.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from tandem.backlog.models import Item
from tandem.workspace import proposals as proposal_queue
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Proposal
from tandem.workspace.registry import proposal_type, snapshot
from tandem.workspace.rights import Action, Level

ITEM = "item"  # the record type of an item's proposals


class ItemOperation(models.TextChoices):
    """What an item proposal asks for: the proposal's ``operation``."""

    MOVE = "move", "Move"
    UPDATE = "update", "Change"
    CRITERION = "criterion", "Change criteria of"
    ARCHIVE = "archive", "Archive"
    RESTORE = "restore", "Restore"


def must_propose(access: ProductAccess, action: Action) -> bool:
    """True when the caller's level is *propose*: the write waits for the decider."""
    return access.level(action) == Level.PROPOSE


def propose(access: ProductAccess, item: Item, kind: str, payload: dict[str, Any]) -> Proposal:
    """Put the item's ``kind`` of change in the Product Owner's queue, from its current version.

    A proposed change keeps the values its fields had, so a change made since to other
    fields merges with it; any other proposal is made from the item's whole version.
    """
    spec = proposal_type(ITEM)
    base = None
    if kind == ItemOperation.UPDATE:
        now = snapshot(spec, item)
        base = {name: now[name] for name in payload["changes"] if name in now}
    return proposal_queue.propose(
        access, spec, kind, item, payload, label=str(item), base_values=base or {}
    )
