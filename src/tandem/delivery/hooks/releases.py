"""Hooks of the release side: release dates on metric charts and on the roadmap."""

from __future__ import annotations

import datetime as dt

from tandem.metrics.extensions import register_chart_markers
from tandem.strategy.extensions import register_milestones
from tandem.workspace.access import ProductAccess

from ..selectors.releases import release_markers


def _release_markers(access: ProductAccess) -> list[tuple[dt.date, str]]:
    return release_markers(access=access)


register_chart_markers(_release_markers)
register_milestones(_release_markers)
