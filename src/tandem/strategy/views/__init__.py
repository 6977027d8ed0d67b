"""The strategy pages: thin over services and selectors."""

from .pages import (
    archived,
    costs,
    decision_decide,
    decision_escalate,
    decisions,
    index,
    initiative_move,
    market,
    proposal_decide,
    proposals,
    roadmap,
    share_create,
    share_revoke,
    shared_roadmap,
)
from .records import check_in, record, record_archive, record_new, record_update, vision_edit

__all__ = [
    "archived",
    "check_in",
    "costs",
    "decision_decide",
    "decision_escalate",
    "decisions",
    "index",
    "initiative_move",
    "market",
    "proposal_decide",
    "proposals",
    "record",
    "record_archive",
    "record_new",
    "record_update",
    "roadmap",
    "share_create",
    "share_revoke",
    "shared_roadmap",
    "vision_edit",
]
