"""The product home page's sections, one module per app, composed here at the top layer.

Each module returns the sections a member should see first for their roles; the
home page shows them in ``order``. Web may import every app (DESIGN.md §3).
"""

from __future__ import annotations

from tandem.workspace.access import ProductAccess

from . import delivery, insights, metrics, questions, releases, strategy
from .base import HomeSection

__all__ = ["HomeSection", "home_sections"]


def home_sections(access: ProductAccess) -> list[HomeSection]:
    sections: list[HomeSection] = []
    for module in (strategy, metrics, delivery, releases, insights, questions):
        sections.extend(module.home_sections(access))
    return sorted(sections, key=lambda section: section.order)
