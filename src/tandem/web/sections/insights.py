"""The insights sections of the product home page."""

from __future__ import annotations

from tandem.delivery.selectors import planned_item_ids
from tandem.insights import selectors
from tandem.workspace.access import ProductAccess

from .base import HomeSection


def home_sections(access: ProductAccess) -> list[HomeSection]:
    """For the Product Owner: the items customers ask for most that no sprint or release holds."""
    if not access.is_product_owner:
        return []
    rows = selectors.top_unplanned_demand(
        access=access, planned=planned_item_ids(access=access), limit=5
    )
    return [
        HomeSection(
            template="insights/_home_demand.html",
            context={"rows": rows, "product": access.product},
            order=30,
        )
    ]
