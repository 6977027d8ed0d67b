"""The outcome metrics of a product over a period: what a report says the product achieved.

A metric is an outcome when its kind is one the product tracks as a result for its
customers and its business (NPS, conversion, revenue, churn, engagement, CSAT);
custom metrics are the team's own gauges and are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from .models import Direction, Measurement, Metric, MetricKind

OUTCOME_KINDS = (
    MetricKind.NPS,
    MetricKind.REVENUE,
    MetricKind.CHURN,
    MetricKind.CONVERSION,
    MetricKind.ENGAGEMENT,
    MetricKind.CSAT,
)


@dataclass(frozen=True)
class OutcomeSeries:
    """One outcome metric: its values in the period, and the last one before it."""

    metric: Metric
    points: tuple[tuple[dt.date, float], ...]
    before: float | None  # the last value before the period, to say how it moved

    @property
    def current(self) -> float | None:
        return self.points[-1][1] if self.points else None

    @property
    def baseline(self) -> float | None:
        """What the period started from: the value before it, else its first value."""
        if self.before is not None:
            return self.before
        return self.points[0][1] if self.points else None

    @property
    def change(self) -> float | None:
        if self.current is None or self.baseline is None:
            return None
        return round(self.current - self.baseline, 6)

    @property
    def improving(self) -> bool | None:
        """Whether it moved the good way over the period (None when it did not move)."""
        if not self.change:
            return None
        return (self.change > 0) == (self.metric.direction == Direction.UP)

    @property
    def on_target(self) -> bool | None:
        target, current = self.metric.target, self.current
        if target is None or current is None:
            return None
        return current >= target if self.metric.direction == Direction.UP else current <= target


def outcome_series(*, access: ProductAccess, since: dt.date, until: dt.date) -> list[OutcomeSeries]:
    """Every live outcome metric of the product with its measurements in [since, until].

    Two queries: the metrics, then their measurements up to the end of the period
    (the ones before it only to find the value the period started from).
    """
    access.require(Action.ROADMAP, Level.READ)
    metrics = list(
        Metric.objects.filter(
            product=access.product, archived_at__isnull=True, kind__in=OUTCOME_KINDS
        ).order_by("kind", "name", "id")
    )
    order = {kind.value: index for index, kind in enumerate(OUTCOME_KINDS)}
    metrics.sort(key=lambda m: (order[m.kind], m.name))
    points: dict[int, list[tuple[dt.date, float]]] = {m.pk: [] for m in metrics}
    before: dict[int, float] = {}
    rows = (
        Measurement.objects.filter(
            metric_id__in=list(points), archived_at__isnull=True, measured_on__lte=until
        )
        .order_by("metric_id", "measured_on", "id")
        .values_list("metric_id", "measured_on", "value")
    )
    for metric_id, day, value in rows:
        if day < since:
            before[metric_id] = value
        else:
            points[metric_id].append((day, value))
    return [OutcomeSeries(m, tuple(points[m.pk]), before.get(m.pk)) for m in metrics]
