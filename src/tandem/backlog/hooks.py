"""What the backlog plugs into the apps below it, and the strategy cards on its item page."""

from __future__ import annotations

from tandem.strategy import selectors as strategy_selectors
from tandem.strategy.extensions import register_work_source
from tandem.workspace.access import ProductAccess

from .extensions import ItemPanel, register_item_panel
from .models import Item
from .selectors.initiatives import initiative_work

register_work_source(initiative_work)


@register_item_panel
def decisions_panel(access: ProductAccess, item: Item) -> ItemPanel | None:
    """The decisions logged about this item (trade-offs, splits, cuts), when there are any."""
    decisions = strategy_selectors.decisions_for_item(product=access.product, key=item.key)
    if not decisions:
        return None
    return ItemPanel(
        template="strategy/_item_decisions.html",
        context={"decisions": decisions, "product": access.product},
        column="side",
        order=50,
    )
