"""Where apps above the backlog plug into it without the backlog importing them.

DESIGN.md §3: a lower app never imports upward. Delivery knows whether an item is
blocked and insights knows its demand; they register here in their
``AppConfig.ready`` and the backlog asks, knowing only these signatures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from tandem.workspace.access import ProductAccess

from .models import Item


@dataclass(frozen=True)
class ItemPanel:
    """A card on the item page: a template and what it needs, in the main or side column."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    column: Literal["main", "side"] = "side"
    order: int = 100


ItemPanelSource = Callable[[ProductAccess, Item], ItemPanel | None]
StatusGuard = Callable[[Item, str], str | None]

_panel_sources: list[ItemPanelSource] = []
_status_guards: list[StatusGuard] = []


def register_item_panel(source: ItemPanelSource) -> ItemPanelSource:
    """Add a panel source; registering the same one twice (a reloaded app) is harmless."""
    if source not in _panel_sources:
        _panel_sources.append(source)
    return source


def register_status_guard(guard: StatusGuard) -> StatusGuard:
    """Add a rule that may refuse a status change, e.g. "blocked items cannot be done"."""
    if guard not in _status_guards:
        _status_guards.append(guard)
    return guard


def item_panels(access: ProductAccess, item: Item) -> list[ItemPanel]:
    panels = [panel for source in _panel_sources if (panel := source(access, item))]
    return sorted(panels, key=lambda panel: panel.order)


def status_refusal(item: Item, new_status: str) -> str | None:
    """The first guard's reason to refuse ``item`` moving to ``new_status``, or None."""
    for guard in _status_guards:
        reason = guard(item, new_status)
        if reason:
            return reason
    return None
