"""The strategy records' own verbs: rights, one transaction, an audit event, a version.

The plain verbs (create, change, archive, restore, propose and decide) are the
workspace's, read from the declarations in :mod:`tandem.strategy.records`.
``create_initiative`` and ``escalate_decision`` are the names the apps above call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from ..models import Decision, Initiative
from .decisions import decision_decide, decision_escalate
from .horizons import roadmap_setting_update
from .okr import key_result_check_in, vision_save
from .roadmap import accept_move, initiative_move, share_create, share_digest, share_revoke


def create_initiative(*, access: ProductAccess, fields: Mapping[str, Any]) -> Initiative:
    """A new roadmap item; only the PM decides the roadmap (an idea accepted lands here)."""
    access.require(Action.ROADMAP, Level.DECIDE)
    record = writes.record_create(access=access, kind="initiative", fields=fields).record
    assert isinstance(record, Initiative)
    return record


def escalate_decision(
    *, access: ProductAccess, title: str, context: str = "", options: str = ""
) -> Decision:
    """Put a tactical question in the PM's queue (the name delivery calls)."""
    return decision_escalate(access=access, title=title, context=context, options=options)


__all__ = [
    "accept_move",
    "create_initiative",
    "decision_decide",
    "decision_escalate",
    "escalate_decision",
    "initiative_move",
    "key_result_check_in",
    "roadmap_setting_update",
    "share_create",
    "share_digest",
    "share_revoke",
    "vision_save",
]
