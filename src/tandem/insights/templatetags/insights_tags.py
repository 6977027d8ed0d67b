"""Numbers for people on insights pages: 1.2k, 85%."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def money(amount: Any) -> str:
    value = float(amount or 0)
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            text = f"{value / limit:.1f}"
            return f"{text.removesuffix('.0')}{suffix}"
    return f"{value:.0f}"


@register.filter
def arr(mrr: Any) -> Decimal:
    return Decimal(str(mrr or 0)) * 12


@register.filter
def percent(share: Any) -> str:
    return f"{float(share or 0) * 100:.0f}%"


@register.filter
def signed(number: Any) -> str:
    value = float(number or 0)
    return f"{value:+.0f}"


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def scale_of(kind: str) -> range:
    """The answer scale of a rating question: NPS 0–10, CSAT 1–5."""
    return range(11) if kind == "nps" else range(1, 6)


@register.filter
def qname(pk: int) -> str:
    """The form field (and error key) of a survey question."""
    return f"q{pk}"
