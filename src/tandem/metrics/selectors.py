"""Reads of metrics that the pages, the API and the apps above share."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Measurement


def latest_measurements(*, metric_ids: Iterable[int]) -> dict[int, Measurement]:
    """The newest live measurement of each metric (key results follow it)."""
    latest: dict[int, Measurement] = {}
    rows = (
        Measurement.objects.filter(metric_id__in=list(metric_ids), archived_at__isnull=True)
        .order_by("metric_id", "-measured_on", "-id")
        .only("metric_id", "measured_on", "value")
    )
    for row in rows:
        latest.setdefault(row.metric_id, row)
    return latest
