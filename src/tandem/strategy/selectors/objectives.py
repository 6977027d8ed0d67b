"""Objectives with their key results' progress and the initiatives serving them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from tandem.metrics.selectors import latest_measurements
from tandem.workspace.access import ProductAccess

from ..models import (
    Initiative,
    KeyResult,
    Objective,
)
from ..progress import expected_percent, is_at_risk, key_result_percent

# --- objectives and key results ----------------------------------------------------------


@dataclass
class KeyResultView:
    key_result: KeyResult
    current: float | None
    percent: int | None
    measured_on: dt.date | None = None


@dataclass
class ObjectiveView:
    objective: Objective
    key_results: list[KeyResultView]
    initiatives: list[Initiative]
    expected: int
    percent: int | None = None

    @property
    def at_risk(self) -> bool:
        return bool(self.key_results) and is_at_risk(self.percent, self.expected)


def objectives_overview(
    *, access: ProductAccess, today: dt.date | None = None
) -> list[ObjectiveView]:
    """Each live objective with its key results' progress and the initiatives serving it."""
    today = today or timezone.localdate()
    objectives = list(
        Objective.objects.filter(product=access.product, archived_at__isnull=True)
        .prefetch_related(
            Prefetch(
                "key_results",
                queryset=KeyResult.objects.filter(archived_at__isnull=True)
                .select_related("metric")
                .order_by("id"),
            ),
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.filter(archived_at__isnull=True).order_by(
                    "horizon", "rank"
                ),
            ),
        )
        .order_by("starts_on", "id")
    )
    metric_ids = [
        kr.metric_id for o in objectives for kr in o.key_results.all() if kr.metric_id is not None
    ]
    latest = latest_measurements(metric_ids=metric_ids) if metric_ids else {}
    views = []
    for objective in objectives:
        krs = []
        for kr in objective.key_results.all():
            reading = latest.get(kr.metric_id) if kr.metric_id else None
            current = reading.value if reading else (None if kr.metric_id else kr.current)
            krs.append(
                KeyResultView(
                    kr,
                    current,
                    key_result_percent(kr.baseline, kr.target, current),
                    reading.measured_on if reading else None,
                )
            )
        percents = [k.percent or 0 for k in krs]
        views.append(
            ObjectiveView(
                objective=objective,
                key_results=krs,
                initiatives=list(objective.initiatives.all()),
                expected=expected_percent(objective.starts_on, objective.ends_on, today),
                percent=round(sum(percents) / len(percents)) if percents else None,
            )
        )
    return views
