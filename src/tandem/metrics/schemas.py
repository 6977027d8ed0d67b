"""Typed shapes of the metrics API."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from tandem.core.experiments import Comparison
from tandem.workspace.schemas import BodyIn

from .models import Experiment, Measurement, MetricProposal
from .selectors import MetricRow, experiment_comparisons, experiment_stage

KindIn = Literal["nps", "conversion", "revenue", "churn", "engagement", "csat", "custom"]
DirectionIn = Literal["up", "down"]


class MetricIn(BodyIn):
    name: str = Field(max_length=120)
    kind: KindIn = "custom"
    unit: str = ""
    direction: DirectionIn = "up"
    target: float | None = None
    description: str = ""


class MetricPatchIn(BodyIn):
    name: str | None = None
    kind: KindIn | None = None
    unit: str | None = None
    direction: DirectionIn | None = None
    target: float | None = None
    description: str | None = None
    version: int | None = Field(None, description="the version you read; or send If-Match")


class MetricProposalIn(BodyIn):
    name: str | None = None
    kind: KindIn | None = None
    unit: str | None = None
    direction: DirectionIn | None = None
    target: float | None = None
    description: str | None = None
    reason: str = Field("", description="why: the Product Manager reads it when deciding")


class AnswerIn(BodyIn):
    answer: str = ""


class MetricProposalOut(Schema):
    id: int
    metric_id: int
    metric: str
    changes: dict[str, object]
    reason: str
    status: str = Field(description="pending, accepted or declined")
    proposed_by: str | None
    created_at: dt.datetime
    metric_changed_since: bool = Field(description="the metric was edited after the proposal")
    decided_by: str | None
    decided_at: dt.datetime | None
    answer: str


def proposal_out(p: MetricProposal) -> MetricProposalOut:
    return MetricProposalOut(
        id=p.pk,
        metric_id=p.metric_id,
        metric=p.metric.name,
        changes=p.changes,
        reason=p.reason,
        status=p.status,
        proposed_by=p.proposed_by.email if p.proposed_by else None,
        created_at=p.created_at,
        metric_changed_since=p.metric_changed_since,
        decided_by=p.decided_by.email if p.decided_by else None,
        decided_at=p.decided_at,
        answer=p.answer,
    )


class PointOut(Schema):
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
    latest: PointOut | None
    previous: PointOut | None
    change: float | None = Field(description="latest − previous")
    trend: str | None = Field(description="better, worse, flat, or first (one measurement)")
    to_target: float | None = Field(
        description="how far the latest value still is from the target, 0 once met"
    )
    target_met: bool | None
    archived: bool
    version: int
    updated_at: dt.datetime


def _point(m: Measurement | None) -> PointOut | None:
    return PointOut(measured_on=m.measured_on, value=m.value) if m else None


def metric_out(row: MetricRow) -> MetricOut:
    metric, moved = row.metric, row.movement
    return MetricOut(
        id=metric.pk,
        name=metric.name,
        kind=metric.kind,
        unit=metric.unit,
        direction=metric.direction,
        target=metric.target,
        description=metric.description,
        latest=_point(row.latest),
        previous=_point(row.previous),
        change=moved.change if moved else None,
        trend=moved.trend.value if moved else None,
        to_target=moved.to_target if moved else None,
        target_met=moved.target_met if moved else None,
        archived=metric.archived_at is not None,
        version=metric.version,
        updated_at=metric.updated_at,
    )


class MeasurementIn(BodyIn):
    measured_on: dt.date
    value: float
    note: str | None = Field(None, description="left out keeps the note of a replaced value")


class MeasurementPatchIn(BodyIn):
    measured_on: dt.date | None = None
    value: float | None = None
    note: str | None = None
    version: int | None = Field(None, description="the version you read; or send If-Match")


class MeasurementOut(Schema):
    id: int
    metric_id: int
    measured_on: dt.date
    value: float
    note: str
    archived: bool
    version: int
    updated_at: dt.datetime


def measurement_out(m: Measurement) -> MeasurementOut:
    return MeasurementOut(
        id=m.pk,
        metric_id=m.metric_id,
        measured_on=m.measured_on,
        value=m.value,
        note=m.note,
        archived=m.archived_at is not None,
        version=m.version,
        updated_at=m.updated_at,
    )


class BatchIn(BodyIn):
    measurements: list[MeasurementIn]


class BatchOut(Schema):
    created: int
    updated: int = Field(description="days that had a different value, now replaced")
    unchanged: int


class ImportPreviewOut(Schema):
    header: list[str]
    columns: dict[str, str]
    sample: list[MeasurementIn]
    rows: int
    new_days: int
    replaced_days: int
    unchanged_days: int


class ChartPointOut(Schema):
    x: dt.date
    y: float


class ChartMarkerOut(Schema):
    x: dt.date
    label: str


class ChartOut(Schema):
    name: str
    unit: str
    direction: str
    target: float | None
    points: list[ChartPointOut]
    markers: list[ChartMarkerOut] = Field(description="release dates inside the plotted period")


class VariantIn(BodyIn):
    name: str = Field(max_length=80)
    exposures: int = Field(0, ge=0)
    conversions: int = Field(0, ge=0)


class ExperimentIn(BodyIn):
    name: str = Field(max_length=160)
    hypothesis: str = ""
    metric: int
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    variants: list[VariantIn] | None = Field(
        None, description="the control first; left out: Control and Variant at zero"
    )


class ExperimentPatchIn(BodyIn):
    name: str | None = None
    hypothesis: str | None = None
    metric: int | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    variants: list[VariantIn] | None = Field(None, description="replaces the whole list")
    version: int | None = Field(None, description="the version you read; or send If-Match")


class VariantOut(Schema):
    name: str
    exposures: int
    conversions: int
    rate: float | None


class ComparisonOut(Schema):
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
    variants: list[VariantOut]
    results: list[ComparisonOut]
    archived: bool
    version: int
    updated_at: dt.datetime


def comparison_out(c: Comparison) -> ComparisonOut:
    r = c.result
    return ComparisonOut(
        control=c.control,
        variant=c.variant,
        rate_control=r.rate_control,
        rate_variant=r.rate_variant,
        lift=r.lift,
        lift_low=c.lift_low,
        lift_high=c.lift_high,
        diff=r.diff,
        diff_low=r.ci_low,
        diff_high=r.ci_high,
        p_value=r.p_value,
        confidence=c.confidence,
        verdict=r.verdict.value,
        needed_per_arm=r.needed_per_arm,
        summary=c.summary,
    )


def experiment_out(e: Experiment, *, today: dt.date) -> ExperimentOut:
    return ExperimentOut(
        id=e.pk,
        name=e.name,
        hypothesis=e.hypothesis,
        metric=MetricRefOut(id=e.metric.pk, name=e.metric.name),
        started_on=e.started_on,
        ended_on=e.ended_on,
        stage=experiment_stage(e, today=today),
        variants=[
            VariantOut(
                name=v.name,
                exposures=v.exposures,
                conversions=v.conversions,
                rate=v.conversions / v.exposures if v.exposures else None,
            )
            for v in e.variants.all()
        ],
        results=[comparison_out(c) for c in experiment_comparisons(e)],
        archived=e.archived_at is not None,
        version=e.version,
        updated_at=e.updated_at,
    )
