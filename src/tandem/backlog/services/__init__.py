"""Every write to the backlog. Call through the module: ``services.item_move(...)``.

Each service checks the rights table, runs in one transaction, records an
audit event and bumps the record's ``version``. A caller whose level is
*propose* gets a :class:`Proposal` back instead of a change.
"""

from .comments import comment_add, comment_archive, link_add, link_remove
from .criteria import criterion_add, criterion_check, criterion_remove, criterion_update
from .items import (
    QUICK_ADD_CUT,
    WriteOutcome,
    item_archive,
    item_create,
    item_quick_add,
    item_restore,
    item_update,
    quick_add_cut,
)
from .proposals import proposal_accept, proposal_decline
from .ranking import item_move, rank_rebalance
from .refinement import items_bulk_archive, items_bulk_estimate, items_bulk_move
from .saved_views import saved_view_create, saved_view_delete, saved_view_update

__all__ = [
    "QUICK_ADD_CUT",
    "WriteOutcome",
    "comment_add",
    "comment_archive",
    "criterion_add",
    "criterion_check",
    "criterion_remove",
    "criterion_update",
    "item_archive",
    "item_create",
    "item_move",
    "item_quick_add",
    "item_restore",
    "item_update",
    "items_bulk_archive",
    "items_bulk_estimate",
    "items_bulk_move",
    "link_add",
    "link_remove",
    "proposal_accept",
    "proposal_decline",
    "quick_add_cut",
    "rank_rebalance",
    "saved_view_create",
    "saved_view_delete",
    "saved_view_update",
]
