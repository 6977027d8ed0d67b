"""What this app plugs into the apps below it (see tandem.backlog.extensions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem.backlog.extensions import ItemPanel, register_item_panel
from tandem.workspace.access import ProductAccess

from .webhooks import selectors

if TYPE_CHECKING:
    from tandem.backlog.models import Item


@register_item_panel
def code_panel(access: ProductAccess, item: Item) -> ItemPanel | None:
    """Commits and pull requests that name the item, newest first; nothing when none do."""
    links = selectors.code_links_of(access=access, item_id=item.pk)
    if not links:
        return None
    return ItemPanel(
        template="integrations/_item_code.html",
        context={"code_links": links},
        column="side",
        order=60,
    )
