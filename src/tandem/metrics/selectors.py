"""Reads of metrics that the pages, the API and the apps above share.

Every read is scoped to the caller's product; a record of another product is
"not found", so its existence never leaks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from tandem.core.experiments import Comparison, NamedArm, compare_variants
from tandem.core.metric_movement import Movement, movement
from tandem.core.stats import Arm
from tandem.workspace import proposals
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.models import Event, Proposal, ProposalStatus
from tandem.workspace.rights import Action, Level

from . import extensions
from .models import Direction, Experiment, Measurement, Metric, variants_of
from .records import KINDS


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


def _readable(access: ProductAccess) -> None:
    access.require(Action.ROADMAP, Level.READ)


# --- metrics -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricRow:
    """A metric with its last two measurements and how it moved against its target."""

    metric: Metric
    latest: Measurement | None
    previous: Measurement | None
    movement: Movement | None


def _newest(offset: int) -> Subquery:
    return Subquery(
        Measurement.objects.filter(metric_id=OuterRef("pk"), archived_at__isnull=True)
        .order_by("-measured_on", "-id")
        .values("id")[offset : offset + 1]
    )


def _with_last_two(metrics: QuerySet[Metric]) -> QuerySet[Metric]:
    """Each metric with the ids of its two newest live measurements, read through the
    (metric, measured_on) index: two rows per metric, however long the history."""
    return metrics.annotate(latest_id=_newest(0), previous_id=_newest(1))


def _last_two(metrics: list[Metric]) -> dict[int, list[Measurement]]:
    wanted = {
        getattr(m, name)
        for m in metrics
        for name in ("latest_id", "previous_id")
        if getattr(m, name, None) is not None
    }
    if not wanted:
        return {}
    by_id = {row.pk: row for row in Measurement.objects.filter(pk__in=wanted)}
    last: dict[int, list[Measurement]] = {}
    for m in metrics:
        last[m.pk] = [
            by_id[i]
            for i in (getattr(m, "latest_id", None), getattr(m, "previous_id", None))
            if i in by_id
        ]
    return last


def metric_row(metric: Metric, last: list[Measurement]) -> MetricRow:
    latest = last[0] if last else None
    previous = last[1] if len(last) > 1 else None
    moved = (
        movement(
            latest=latest.value,
            previous=previous.value if previous else None,
            target=metric.target,
            up_is_good=metric.direction == Direction.UP,
        )
        if latest
        else None
    )
    return MetricRow(metric=metric, latest=latest, previous=previous, movement=moved)


def metric_rows(*, access: ProductAccess, archived: bool = False) -> list[MetricRow]:
    """The product's metrics by name, each with its latest move; two queries in all."""
    _readable(access)
    metrics = list(
        _with_last_two(
            Metric.objects.filter(product=access.product, archived_at__isnull=not archived)
        ).order_by("name", "id")
    )
    last = _last_two(metrics)
    return [metric_row(m, last.get(m.pk, [])) for m in metrics]


def metric_of(*, access: ProductAccess, metric_id: int) -> Metric:
    """One metric of the caller's product, archived or not."""
    _readable(access)
    metric = Metric.objects.filter(pk=metric_id, product=access.product).first()
    if metric is None:
        raise NotFound("No such metric.")
    return metric


def metric_history(*, access: ProductAccess, metric: Metric, limit: int = 20) -> list[Event]:
    """The audit trail of a metric and of its measurements, newest first: a replaced
    value shows here with what it was before."""
    _readable(access)
    values = Measurement.objects.filter(metric=metric).values("id")
    return list(
        Event.objects.filter(product=access.product)
        .filter(
            Q(object_type="metric", object_id=metric.pk)
            | Q(object_type="measurement", object_id__in=values)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


def metric_choices(*, access: ProductAccess) -> QuerySet[Metric]:
    _readable(access)
    return Metric.objects.filter(product=access.product, archived_at__isnull=True).order_by("name")


def last_two(metric: Metric) -> list[Measurement]:
    """A metric's two newest live values, newest first."""
    rows = Measurement.objects.filter(metric=metric, archived_at__isnull=True)
    return list(rows.order_by("-measured_on", "-id")[:2])


@dataclass(frozen=True)
class MetricProposalRow:
    """A proposed change to a metric as the pages and the API show it."""

    proposal: Proposal
    metric: Metric | None  # as it is now; None once gone
    changed_since: bool  # the metric was edited after the proposal was made
    conflicts: list[str]  # fields it changes that someone changed since: confirm to accept

    @property
    def pk(self) -> int:
        return self.proposal.pk

    @property
    def changes(self) -> dict[str, Any]:
        return dict(self.proposal.payload)


def metric_proposals(
    *, access: ProductAccess, metric: Metric | None = None, status: str | None = None
) -> list[MetricProposalRow]:
    """Proposed changes to metric definitions and targets, newest first: the one queue,
    read for the metrics kinds. Two queries, however many proposals."""
    _readable(access)
    rows = proposals.proposals_of(access, record_types=list(KINDS), status=status)
    if metric is not None:
        rows = rows.filter(record_type="metric", record_id=metric.pk)
    listed = list(rows)
    ids = {p.record_id for p in listed if p.record_type == "metric" and p.record_id}
    metrics = {m.pk: m for m in Metric.objects.filter(pk__in=ids, product=access.product)}
    return [_proposal_row(p, metrics.get(p.record_id or 0)) for p in listed]


def metric_proposal(*, access: ProductAccess, proposal_id: int) -> MetricProposalRow:
    """One proposal of the metrics kinds; any other is "not found" here."""
    _readable(access)
    proposal = proposals.proposal_of(access, proposal_id)
    if proposal.record_type not in KINDS:
        raise NotFound("No such proposal.")
    metric = Metric.objects.filter(pk=proposal.record_id or 0, product=access.product).first()
    return _proposal_row(proposal, metric)


def _proposal_row(proposal: Proposal, metric: Metric | None) -> MetricProposalRow:
    pending = proposal.is_pending and metric is not None
    return MetricProposalRow(
        proposal=proposal,
        metric=metric,
        changed_since=pending
        and proposal.base_version is not None
        and metric.version != proposal.base_version,  # type: ignore[union-attr]
        conflicts=proposals.conflicts(proposal, metric) if pending else [],
    )


def pending_proposal_count(*, access: ProductAccess) -> int:
    return (
        proposals.proposals_of(access, record_types=list(KINDS), status=ProposalStatus.PENDING)
        .order_by()
        .count()
    )


# --- measurements ------------------------------------------------------------------------


def measurement_series(
    *,
    access: ProductAccess,
    metric: Metric,
    since: dt.date | None = None,
    until: dt.date | None = None,
    archived: bool = False,
) -> list[Measurement]:
    """A metric's measurements in date order: the time series a chart draws."""
    _readable(access)
    rows = Measurement.objects.filter(
        metric=metric, metric__product=access.product, archived_at__isnull=not archived
    )
    if since is not None:
        rows = rows.filter(measured_on__gte=since)
    if until is not None:
        rows = rows.filter(measured_on__lte=until)
    return list(rows.order_by("measured_on", "id"))


def chart_data(
    *, access: ProductAccess, metric: Metric, series: list[Measurement]
) -> dict[str, Any]:
    """What the chart draws: the points, the target line, and the release markers.

    Markers come from the apps above (releases) through :mod:`.extensions`; only
    those inside the plotted period are kept, so the axis is not stretched by a
    release years before the first measurement.
    """
    markers = extensions.chart_markers(access)
    if series:
        first, last = series[0].measured_on, series[-1].measured_on
        markers = [(day, label) for day, label in markers if first <= day <= last]
    return {
        "name": metric.name,
        "unit": metric.unit,
        "direction": metric.direction,
        "target": metric.target,
        "points": [{"x": m.measured_on.isoformat(), "y": m.value} for m in series],
        "markers": [{"x": day.isoformat(), "label": label} for day, label in markers],
    }


# --- experiments -------------------------------------------------------------------------


def experiments_of(*, access: ProductAccess, archived: bool = False) -> list[Experiment]:
    """Newest first, each with its metric and variants: one query."""
    _readable(access)
    return list(
        Experiment.objects.filter(product=access.product, archived_at__isnull=not archived)
        .select_related("metric")
        .order_by(F("started_on").desc(nulls_first=True), "-id")
    )


def experiment_of(*, access: ProductAccess, experiment_id: int) -> Experiment:
    _readable(access)
    experiment = (
        Experiment.objects.select_related("metric")
        .filter(pk=experiment_id, product=access.product)
        .first()
    )
    if experiment is None:
        raise NotFound("No such experiment.")
    return experiment


def experiment_stage(experiment: Experiment, *, today: dt.date) -> str:
    """Planned, running or finished, read from the dates so it cannot drift from them."""
    if experiment.started_on is None or experiment.started_on > today:
        return "planned"
    if experiment.ended_on is not None and experiment.ended_on < today:
        return "finished"
    return "running"


def experiment_comparisons(experiment: Experiment) -> tuple[Comparison, ...]:
    """Each variant against the control; empty until every variant has been seen."""
    variants = variants_of(experiment)
    if len(variants) < 2 or any(v.exposures == 0 for v in variants):
        return ()
    return compare_variants(
        [
            NamedArm(name=v.name, arm=Arm(exposures=v.exposures, conversions=v.conversions))
            for v in variants
        ]
    )
