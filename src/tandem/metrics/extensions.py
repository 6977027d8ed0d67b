"""Where apps above metrics add to its charts without metrics importing them.

Delivery registers its release dates here, so a metric chart shows when each
release shipped and the effect of shipping is visible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tandem.workspace.access import ProductAccess

MarkerSource = Callable[[ProductAccess], list[tuple[dt.date, str]]]

_marker_sources: list[MarkerSource] = []


def register_chart_markers(source: MarkerSource) -> MarkerSource:
    if source not in _marker_sources:
        _marker_sources.append(source)
    return source


def chart_markers(access: ProductAccess) -> list[tuple[dt.date, str]]:
    """(date, label) of every registered marker, in date order."""
    return sorted(marker for source in _marker_sources for marker in source(access))
