"""The strategy pages: thin over services and selectors."""

from .gtm import gtm
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
    roadmap_setting,
    share_create,
    share_revoke,
    shared_roadmap,
)
from .records import check_in, vision_edit

__all__ = [
    "archived",
    "check_in",
    "costs",
    "decision_decide",
    "decision_escalate",
    "decisions",
    "gtm",
    "index",
    "initiative_move",
    "market",
    "proposal_decide",
    "proposals",
    "roadmap",
    "roadmap_setting",
    "share_create",
    "share_revoke",
    "shared_roadmap",
    "vision_edit",
]
