"""Template helpers for strategy pages and for the item page's trace line."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from .. import selectors

register = template.Library()


@register.filter
def money(value: Decimal | float | None) -> str:
    """12,500 — amounts without a currency sign: the organization's currency is implied."""
    if value is None:
        return "–"
    return f"{value:,.0f}"


@register.filter
def signed_money(value: Decimal | float | None) -> str:
    if value is None:
        return "–"
    if round(value) == 0:
        return "0"
    return f"{value:+,.0f}"


@register.filter
def slug(kind_name: str) -> str:
    return kind_name.replace("_", "-")


@register.filter
def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.simple_tag
def item_trace(item: Any) -> selectors.Trace:
    """Initiative → objectives → vision for an item; a story inherits its epic's initiative."""
    initiative_id = getattr(item, "initiative_id", None)
    parent = getattr(item, "parent", None) if getattr(item, "parent_id", None) else None
    if initiative_id is None and parent is not None:
        initiative_id = parent.initiative_id
    return selectors.trace(product=item.product, initiative_id=initiative_id)


@register.simple_tag
def initiative_choices(product: Any) -> list[tuple[int, str]]:
    return selectors.initiative_choices(product)
