"""One card on the product home page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class HomeSection:
    """One card: its template, what it needs, and where it goes among the others."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100
