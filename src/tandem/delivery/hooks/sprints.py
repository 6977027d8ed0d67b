"""Hooks of the sprint side (see tandem.backlog.extensions).

* A status guard: an item named by an open blocker cannot move to done (or
  accepted), whichever page or API tries, because the backlog's own
  ``item_update`` asks every guard.
* A panel on the item page: the item's sprints, open impediments and
  dependencies.
"""

from __future__ import annotations

from tandem.backlog.extensions import ItemPanel, register_item_panel, register_status_guard
from tandem.backlog.models import Item, Status
from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from ..selectors.sprints import item_is_blocked, item_sprint_panel


def _blocked_items_stay_open(item: Item, new_status: str) -> str | None:
    if new_status in (Status.DONE, Status.ACCEPTED) and item_is_blocked(item):
        return f"{item.key} is blocked; resolve its blocker before moving it to done"
    return None


def _sprint_panel(access: ProductAccess, item: Item) -> ItemPanel | None:
    panel = item_sprint_panel(access=access, item=item)
    return ItemPanel(
        template="delivery/sprint_item_panel.html",
        context={
            "data": panel,
            "item": item,
            "product": access.product,
            "work": access.can(Action.WORK, Level.EDIT),
        },
        column="side",
        order=50,
    )


register_status_guard(_blocked_items_stay_open)
register_item_panel(_sprint_panel)
