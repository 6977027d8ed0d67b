"""Where apps above metrics add to its charts without metrics importing them.

Delivery registers its release dates here, so a metric chart shows when each
release shipped and the effect of shipping is visible.
"""

from __future__ import annotations

from tandem.workspace.access import ProductAccess
from tandem.workspace.date_markers import Marker, MarkerSource, in_date_order, register_once

_marker_sources: list[MarkerSource] = []


def register_chart_markers(source: MarkerSource) -> MarkerSource:
    return register_once(_marker_sources, source)


def chart_markers(access: ProductAccess) -> list[Marker]:
    """(date, label) of every registered marker, in date order."""
    return in_date_order(_marker_sources, access)
