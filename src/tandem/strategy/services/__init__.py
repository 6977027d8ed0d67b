"""Every write to the strategy records: rights, one transaction, an audit event, a version.

Call through the package: ``services.record_update(...)``, ``services.initiative_move(...)``.
``create_initiative`` and ``escalate_decision`` are the names the apps above call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from ..kinds import KINDS, clean
from ..models import Decision, Initiative
from .decisions import decision_decide, decision_escalate
from .okr import key_result_check_in, vision_save
from .proposals import is_outdated, proposal_accept, proposal_action, proposal_decline
from .records import Outcome, record_archive, record_create, record_restore, record_update
from .roadmap import initiative_move, share_create, share_revoke


def create_initiative(*, access: ProductAccess, fields: Mapping[str, Any]) -> Initiative:
    """A new roadmap item; only the PM decides the roadmap (an idea accepted lands here)."""
    from .records import apply_create

    access.require(Action.ROADMAP, Level.DECIDE)
    kind = KINDS["initiative"]
    record = apply_create(access, kind, clean(kind, access.product, None, fields))
    assert isinstance(record, Initiative)
    return record


def escalate_decision(
    *, access: ProductAccess, title: str, context: str = "", options: str = ""
) -> Decision:
    """Put a tactical question in the PM's queue (the name delivery calls)."""
    return decision_escalate(access=access, title=title, context=context, options=options)


__all__ = [
    "Outcome",
    "create_initiative",
    "decision_decide",
    "decision_escalate",
    "escalate_decision",
    "initiative_move",
    "is_outdated",
    "key_result_check_in",
    "proposal_accept",
    "proposal_action",
    "proposal_decline",
    "record_archive",
    "record_create",
    "record_restore",
    "record_update",
    "share_create",
    "share_revoke",
    "vision_save",
]
