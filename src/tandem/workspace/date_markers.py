"""Dated markers a lower app draws and a higher app supplies (release dates on a metric's
chart, milestones on the roadmap): each lower app keeps its own list of sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .access import ProductAccess

Marker = tuple[dt.date, str]
MarkerSource = Callable[[ProductAccess], list[Marker]]


def register_once(sources: list[MarkerSource], source: MarkerSource) -> MarkerSource:
    if source not in sources:
        sources.append(source)
    return source


def in_date_order(sources: list[MarkerSource], access: ProductAccess) -> list[Marker]:
    """(date, label) of every source's markers, in date order."""
    return sorted(marker for source in sources for marker in source(access))
