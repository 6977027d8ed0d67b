"""Typed shapes of the metrics API: what each kind answers, and the inputs of its own verbs.

A kind's input schema is its declaration in :mod:`.records`; the names here are
prefixed with the kind, so every OpenAPI component name is the product's only one.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from django.utils import timezone
from ninja import Field, Schema
from pydantic import create_model

from tandem.core.experiments import Comparison
from tandem.workspace import fields as f
from tandem.workspace.access import ProductAccess

from . import selectors
from .models import Experiment, Measurement, Metric, variants_of
from .records import MetricIn


class MetricPointOut(Schema):
    measured_on: dt.date
    value: float


class MetricOut(Schema):
    id: int
    name: str
    kind: str
    unit: str
    direction: str
    target: float | None
    description: str
    latest: MetricPointOut | None
    previous: MetricPointOut | None
    change: float | None = Field(description="latest − previous")
    trend: str | None = Field(description="better, worse, flat, or first (one measurement)")
    to_target: float | None = Field(
        description="how far the latest value still is from the target, 0 once met"
    )
    target_met: bool | None
    archived: bool
    version: int
    updated_at: dt.datetime


def _point(m: Measurement | None) -> dict[str, Any] | None:
    return {"measured_on": m.measured_on, "value": m.value} if m else None


def metric_out(access: ProductAccess, metric: Metric) -> dict[str, Any]:
    """A metric with its last move; a list reads the last two values along (``last_two``)."""
    last = getattr(metric, "last_two", None)
    row = selectors.metric_row(metric, last if last is not None else selectors.last_two(metric))
    moved = row.movement
    return {
        "id": metric.pk,
        "name": metric.name,
        "kind": metric.kind,
        "unit": metric.unit,
        "direction": metric.direction,
        "target": metric.target,
        "description": metric.description,
        "latest": _point(row.latest),
        "previous": _point(row.previous),
        "change": moved.change if moved else None,
        "trend": moved.trend.value if moved else None,
        "to_target": moved.to_target if moved else None,
        "target_met": moved.target_met if moved else None,
        "archived": metric.archived_at is not None,
        "version": metric.version,
        "updated_at": metric.updated_at,
    }


# --- proposals of a definition or target --------------------------------------------------

_reason = Field("", description="why: the Product Manager reads it when deciding")
if TYPE_CHECKING:
    MetricProposalIn = f.Input
else:
    # The metric's fields, each optional, the version read (optional here), and why.
    MetricProposalIn = create_model(
        "MetricProposalIn",
        __base__=f.partial(MetricIn, "MetricChangeIn"),
        reason=(Annotated[str, f.chars(2000)], _reason),
    )


class MetricProposalAcceptIn(f.Input):
    answer: Annotated[str, f.chars(2000)] = ""
    confirmed_version: f.Version | None = Field(
        None,
        description="the metric's current version, when it changed since the proposal "
        "(outdated): you looked at both and accept over the newer change",
    )


class MetricProposalDeclineIn(f.Input):
    answer: Annotated[str, f.chars(2000)] = Field(description="why, for the proposer")


class MetricProposalOut(Schema):
    id: int
    metric_id: int | None = Field(description="none while it proposes a new metric")
    metric: str
    changes: dict[str, object]
    reason: str = Field(description="the proposer's")
    status: str = Field(description="pending, accepted or declined")
    proposed_by: str | None
    created_at: dt.datetime
    metric_changed_since: bool = Field(description="the metric was edited after the proposal")
    outdated: bool = Field(
        description="a field it changes was edited since: accepting needs confirmed_version"
    )
    current_version: int | None
    decided_by: str | None
    decided_at: dt.datetime | None
    answer: str = Field(description="the decider's")


def metric_proposal_out(row: selectors.MetricProposalRow) -> dict[str, Any]:
    p = row.proposal
    return {
        "id": p.pk,
        "metric_id": p.record_id,
        "metric": row.metric.name if row.metric is not None else p.record_label,
        "changes": p.payload,
        "reason": p.note,
        "status": p.status,
        "proposed_by": p.proposed_by.email if p.proposed_by else None,
        "created_at": p.created_at,
        "metric_changed_since": row.changed_since,
        "outdated": bool(row.conflicts),
        "current_version": row.metric.version if row.metric is not None else None,
        "decided_by": p.decided_by.email if p.decided_by else None,
        "decided_at": p.decided_at,
        "answer": p.reason,
    }


# --- measurements -------------------------------------------------------------------------


class MeasurementOut(Schema):
    id: int
    metric_id: int
    measured_on: dt.date
    value: float
    note: str
    archived: bool
    version: int
    updated_at: dt.datetime


def measurement_out(access: ProductAccess, m: Measurement) -> dict[str, Any]:
    return {
        "id": m.pk,
        "metric_id": m.metric_id,
        "measured_on": m.measured_on,
        "value": m.value,
        "note": m.note,
        "archived": m.archived_at is not None,
        "version": m.version,
        "updated_at": m.updated_at,
    }


class MeasurementRecordIn(f.Input):
    # The day and value are checked by the verb, which names a batch's rows by position.
    measured_on: dt.date
    value: float
    note: Annotated[str, f.chars(200)] | None = Field(
        None, description="left out keeps the note of a replaced value"
    )


class MeasurementBatchIn(f.Input):
    measurements: list[MeasurementRecordIn]


class MeasurementBatchOut(Schema):
    created: int
    updated: int = Field(description="days that had a different value, now replaced")
    unchanged: int


class MeasurementImportPreviewOut(Schema):
    header: list[str]
    columns: dict[str, str]
    sample: list[MeasurementRecordIn]
    rows: int
    new_days: int
    replaced_days: int
    unchanged_days: int


class MetricChartPointOut(Schema):
    x: dt.date
    y: float


class MetricChartMarkerOut(Schema):
    x: dt.date
    label: str


class MetricChartOut(Schema):
    name: str
    unit: str
    direction: str
    target: float | None
    points: list[MetricChartPointOut]
    markers: list[MetricChartMarkerOut] = Field(
        description="release dates inside the plotted period"
    )


# --- experiments --------------------------------------------------------------------------


class ExperimentVariantOut(Schema):
    name: str
    exposures: int
    conversions: int
    rate: float | None


class ExperimentComparisonOut(Schema):
    control: str
    variant: str
    rate_control: float
    rate_variant: float
    lift: float | None = Field(description="relative: 0.12 is +12%")
    lift_low: float | None
    lift_high: float | None
    diff: float = Field(description="absolute difference of the rates")
    diff_low: float
    diff_high: float
    p_value: float
    confidence: float
    verdict: str = Field(description="win, loss or inconclusive")
    needed_per_arm: int | None = Field(
        description="exposures per variant to detect this difference with 80% power"
    )
    summary: str


class MetricRefOut(Schema):
    id: int
    name: str


class ExperimentOut(Schema):
    id: int
    name: str
    hypothesis: str
    metric: MetricRefOut
    started_on: dt.date | None
    ended_on: dt.date | None
    stage: str = Field(description="planned, running or finished")
    variants: list[ExperimentVariantOut]
    results: list[ExperimentComparisonOut]
    archived: bool
    version: int
    updated_at: dt.datetime


def comparison_out(c: Comparison) -> dict[str, Any]:
    r = c.result
    return {
        "control": c.control,
        "variant": c.variant,
        "rate_control": r.rate_control,
        "rate_variant": r.rate_variant,
        "lift": r.lift,
        "lift_low": c.lift_low,
        "lift_high": c.lift_high,
        "diff": r.diff,
        "diff_low": r.ci_low,
        "diff_high": r.ci_high,
        "p_value": r.p_value,
        "confidence": c.confidence,
        "verdict": r.verdict.value,
        "needed_per_arm": r.needed_per_arm,
        "summary": c.summary,
    }


def experiment_out(access: ProductAccess, e: Experiment) -> dict[str, Any]:
    return {
        "id": e.pk,
        "name": e.name,
        "hypothesis": e.hypothesis,
        "metric": {"id": e.metric.pk, "name": e.metric.name},
        "started_on": e.started_on,
        "ended_on": e.ended_on,
        "stage": selectors.experiment_stage(e, today=timezone.localdate()),
        "variants": [
            {"name": v.name, "exposures": v.exposures, "conversions": v.conversions, "rate": v.rate}
            for v in variants_of(e)
        ],
        "results": [comparison_out(c) for c in selectors.experiment_comparisons(e)],
        "archived": e.archived_at is not None,
        "version": e.version,
        "updated_at": e.updated_at,
    }
