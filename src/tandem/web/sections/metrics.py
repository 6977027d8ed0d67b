"""The metrics sections of the product home page."""

from __future__ import annotations

from tandem.metrics import selectors
from tandem.workspace.access import ProductAccess

from .base import HomeSection


def home_sections(access: ProductAccess) -> list[HomeSection]:
    """The Product Manager's card: how each metric last moved and how far its target is."""
    if not access.is_product_manager:
        return []
    rows = selectors.metric_rows(access=access)
    return [
        HomeSection(
            template="metrics/_home_movements.html",
            context={
                "rows": rows,
                "product": access.product,
                "waiting": selectors.pending_proposal_count(access=access),
            },
            order=20,
        )
    ]
