"""The insights sections of the product home page."""

from __future__ import annotations

from tandem.delivery.selectors import planned_item_ids
from tandem.insights import selectors
from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from .base import HomeSection


def home_sections(access: ProductAccess) -> list[HomeSection]:
    """For the Product Owner: the items customers ask for most that no sprint or release holds."""
    if not access.is_product_owner:
        return []
    demanded = selectors.demand_of_items(access=access)
    rows = selectors.top_unplanned_demand(
        access=access, planned=planned_item_ids(access=access, among=demanded), limit=5
    )
    return [
        HomeSection(
            template="insights/_home_demand.html",
            context={
                "rows": rows,
                "product": access.product,
                "figures": access.can(Action.FIGURES, Level.READ),
            },
            order=30,
        )
    ]
