"""What the backlog plugs into the apps below it, and the strategy cards on its item page."""

from __future__ import annotations

from django.urls import reverse

from tandem.strategy import selectors as strategy_selectors
from tandem.strategy.extensions import register_work_source
from tandem.workspace.access import ProductAccess
from tandem.workspace.notifications.mentions import register_text_source
from tandem.workspace.notifications.targets import Target, register_target
from tandem.workspace.notifications.views import watch_context

from .extensions import ItemPanel, register_item_panel
from .models import Comment, Item
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


# Notifications: items can be watched, named and linked; a comment's text may mention people.
register_target(
    Target(
        name="item",
        model=Item,
        label=lambda item: f"{item.key} '{item.title}'",
        url=lambda item: reverse("backlog:item", args=[item.key]),
        key_field="number",
    )
)
register_text_source(
    "comment.added",
    lambda event: (
        Comment.objects.filter(pk=int((event.after or {}).get("comment") or 0))
        .values_list("body", flat=True)
        .first()
        or ""
    ),
)
register_item_panel(
    lambda access, item: ItemPanel(
        "notifications/_item_panel.html", watch_context(access, "item", item.pk), order=5
    )
)
