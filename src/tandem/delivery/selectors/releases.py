"""Reads of delivery records that pages, the API and the apps above share."""

from __future__ import annotations

import datetime as dt

from tandem.delivery.models import Release, ReleaseState
from tandem.workspace.access import ProductAccess

__all__ = ["release_markers"]


def release_markers(*, access: ProductAccess) -> list[tuple[dt.date, str]]:
    """(date, version) of each live release: shipped ones on the day, planned on the target.

    Metric charts and the roadmap timeline draw these as vertical markers.
    """
    markers: list[tuple[dt.date, str]] = []
    for release in Release.objects.filter(product=access.product, archived_at__isnull=True):
        day = release.released_on if release.state == ReleaseState.RELEASED else release.target_date
        if day is not None:
            markers.append((day, release.name))
    return sorted(markers)
