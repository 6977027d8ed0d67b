"""Where apps above strategy add to its roadmap without strategy importing them.

Delivery registers its releases here, so the dated roadmap shows them as
milestones beside the initiatives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tandem.workspace.access import ProductAccess

MarkerSource = Callable[[ProductAccess], list[tuple[dt.date, str]]]

_marker_sources: list[MarkerSource] = []


def register_milestones(source: MarkerSource) -> MarkerSource:
    if source not in _marker_sources:
        _marker_sources.append(source)
    return source


def milestones(access: ProductAccess) -> list[tuple[dt.date, str]]:
    """(date, label) of every registered milestone, in date order."""
    return sorted(marker for source in _marker_sources for marker in source(access))
