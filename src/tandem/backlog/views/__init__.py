"""Backlog pages (HTMX): thin; parse, call one service or selector, render.

One template per screen (``backlog/<screen>.html``) and its partials (``backlog/_*.html``);
an HTMX request gets the partial it swaps, a plain request the whole page.
"""

from ._views import view_create, view_delete, view_update
from .backlog import (
    backlog_list,
    item_move,
    proposal_accept,
    proposal_decline,
    proposals,
    quick_add,
)
from .item import (
    comment_add,
    comment_remove,
    criterion_add,
    criterion_check,
    criterion_remove,
    criterion_update,
    item_archive,
    item_detail,
    item_restore,
    item_update,
    link_add,
    link_remove,
)
from .planning import matrix, refinement, refinement_bulk
from .relations import epic_search, subtask_add, subtask_check

__all__ = [
    "backlog_list",
    "comment_add",
    "comment_remove",
    "criterion_add",
    "criterion_check",
    "criterion_remove",
    "criterion_update",
    "epic_search",
    "item_archive",
    "item_detail",
    "item_move",
    "item_restore",
    "item_update",
    "link_add",
    "link_remove",
    "matrix",
    "proposal_accept",
    "proposal_decline",
    "proposals",
    "quick_add",
    "refinement",
    "refinement_bulk",
    "subtask_add",
    "subtask_check",
    "view_create",
    "view_delete",
    "view_update",
]
