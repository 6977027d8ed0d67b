"""What this app plugs into the apps below it (see tandem.backlog.extensions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem.backlog.extensions import ItemPanel, register_item_panel
from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from . import selectors

if TYPE_CHECKING:
    from tandem.backlog.models import Item


@register_item_panel
def demand_panel(access: ProductAccess, item: Item) -> ItemPanel:
    """The feedback behind an item, its customers and their revenue, and "use as reach"."""
    demand = selectors.demand_of_items(access=access, item_ids=[item.pk]).get(item.pk)
    demand = demand or selectors.Demand()
    return ItemPanel(
        template="insights/_item_demand.html",
        context={
            "item": item,
            "demand": demand,
            "links": selectors.feedback_for_item(access=access, item=item, limit=5)
            if demand.feedback
            else [],
            "figures": selectors.may_read_figures(access),
            "may_set_reach": demand.people > 0
            and not item.is_archived
            and access.can(Action.BACKLOG, Level.PROPOSE),
        },
        column="side",
        order=40,
    )
