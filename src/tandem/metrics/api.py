"""The metrics API: thin over services and selectors.

Updates need the version read (``If-Match`` with the ETag, or ``version`` in the
body); a stale one gets 409 with the current state, none at all 428.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from tandem.workspace.access import ProductAccess
from tandem.workspace.api import current_user
from tandem.workspace.errors import PreconditionRequired, ValidationFailed
from tandem.workspace.schemas import QueryIn
from tandem.workspace.selectors import product_access

from . import selectors, services
from .models import Experiment, Measurement, Metric
from .schemas import (
    AnswerIn,
    BatchIn,
    BatchOut,
    ChartOut,
    ExperimentIn,
    ExperimentOut,
    ExperimentPatchIn,
    ImportPreviewOut,
    MeasurementIn,
    MeasurementOut,
    MeasurementPatchIn,
    MetricIn,
    MetricOut,
    MetricPatchIn,
    MetricProposalIn,
    MetricProposalOut,
    experiment_out,
    measurement_out,
    metric_out,
    proposal_out,
)
from .services.measurements import parse_day

router = Router(tags=["metrics"])


class ArchivedFilter(QueryIn):
    archived: bool = False


class SeriesFilter(QueryIn):
    since: str | None = None
    until: str | None = None
    archived: bool = False


def _etag(record: Metric | Measurement | Experiment) -> str:
    return f'"{record.version}"'


def _expected_version(request: HttpRequest, body_version: int | None) -> int:
    header = request.headers.get("If-Match", "").strip()
    if header:
        value = header.removeprefix("W/").strip('"')
        if not value.isdigit():
            raise ValidationFailed({"If-Match": "must be an ETag this API returned"})
        return int(value)
    if body_version is not None:
        return body_version
    raise PreconditionRequired(
        "Send the version you read as `If-Match` (the record's ETag) or as `version`."
    )


def _access(request: HttpRequest, product_key: str) -> ProductAccess:
    return product_access(user=current_user(request), product_key=product_key)


def _metric(request: HttpRequest, product_key: str, metric_id: int) -> tuple[ProductAccess, Metric]:
    access = _access(request, product_key)
    return access, selectors.metric_of(access=access, metric_id=metric_id)


def _metric_out(access: ProductAccess, metric: Metric, response: HttpResponse) -> MetricOut:
    fresh = selectors.metric_of(access=access, metric_id=metric.pk)
    response["ETag"] = _etag(fresh)
    return metric_out(selectors.metric_detail_row(access=access, metric=fresh))


# --- metrics -------------------------------------------------------------------------------


@router.get(
    "/products/{product_key}/metrics",
    response=list[MetricOut],
    summary="Metrics with their latest value, last move and distance to target",
)
def list_metrics(
    request: HttpRequest, product_key: str, filters: Query[ArchivedFilter]
) -> list[MetricOut]:
    access = _access(request, product_key)
    return [
        metric_out(row) for row in selectors.metric_rows(access=access, archived=filters.archived)
    ]


@router.post("/products/{product_key}/metrics", response={201: MetricOut})
def create_metric(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: MetricIn
) -> Status[MetricOut]:
    access = _access(request, product_key)
    metric = services.metric_create(access=access, fields=payload.dict())
    return Status(201, _metric_out(access, metric, response))


@router.get("/products/{product_key}/metrics/{metric_id}", response=MetricOut)
def get_metric(
    request: HttpRequest, response: HttpResponse, product_key: str, metric_id: int
) -> MetricOut:
    access, metric = _metric(request, product_key, metric_id)
    return _metric_out(access, metric, response)


@router.patch(
    "/products/{product_key}/metrics/{metric_id}",
    response=MetricOut,
    summary="Change a definition or target (needs If-Match or version)",
)
def patch_metric(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    metric_id: int,
    payload: MetricPatchIn,
) -> MetricOut:
    access, metric = _metric(request, product_key, metric_id)
    metric = services.metric_update(
        access=access,
        metric=metric,
        changes=payload.dict(exclude_unset=True, exclude={"version"}),
        expected_version=_expected_version(request, payload.version),
    )
    return _metric_out(access, metric, response)


@router.delete(
    "/products/{product_key}/metrics/{metric_id}",
    response={204: None},
    summary="Archive (soft delete; restore brings it back with its history)",
)
def archive_metric(request: HttpRequest, product_key: str, metric_id: int) -> Status[None]:
    access, metric = _metric(request, product_key, metric_id)
    services.metric_archive(access=access, metric=metric)
    return Status(204, None)


@router.post("/products/{product_key}/metrics/{metric_id}/restore", response=MetricOut)
def restore_metric(
    request: HttpRequest, response: HttpResponse, product_key: str, metric_id: int
) -> MetricOut:
    access, metric = _metric(request, product_key, metric_id)
    metric = services.metric_restore(access=access, metric=metric)
    return _metric_out(access, metric, response)


@router.get(
    "/products/{product_key}/metrics/{metric_id}/chart",
    response=ChartOut,
    summary="What the chart draws: points, target and release markers",
)
def metric_chart(request: HttpRequest, product_key: str, metric_id: int) -> dict[str, Any]:
    access, metric = _metric(request, product_key, metric_id)
    series = selectors.measurement_series(access=access, metric=metric)
    return selectors.chart_data(access=access, metric=metric, series=series)


class ProposalFilter(QueryIn):
    status: str | None = "pending"


@router.post(
    "/products/{product_key}/metrics/{metric_id}/proposals",
    response={201: MetricProposalOut},
    summary="Propose a change to a definition or target (the Product Owner's way to ask)",
)
def propose_metric_change(
    request: HttpRequest, product_key: str, metric_id: int, payload: MetricProposalIn
) -> Status[MetricProposalOut]:
    access, metric = _metric(request, product_key, metric_id)
    proposal = services.metric_propose(
        access=access,
        metric=metric,
        changes=payload.dict(exclude_unset=True, exclude={"reason"}),
        reason=payload.reason,
    )
    return Status(201, proposal_out(proposal))


@router.get(
    "/products/{product_key}/metric-proposals",
    response=list[MetricProposalOut],
    summary="Proposed metric changes; ?status=pending (default), accepted, declined or all",
)
def list_metric_proposals(
    request: HttpRequest, product_key: str, filters: Query[ProposalFilter]
) -> list[MetricProposalOut]:
    access = _access(request, product_key)
    status = None if filters.status in (None, "", "all") else filters.status
    return [proposal_out(p) for p in selectors.metric_proposals(access=access, status=status)]


@router.post(
    "/products/{product_key}/metric-proposals/{proposal_id}/accept",
    response=MetricProposalOut,
    summary="Accept: the change is applied to the metric as it is now",
)
def accept_metric_proposal(
    request: HttpRequest, product_key: str, proposal_id: int, payload: AnswerIn
) -> MetricProposalOut:
    access = _access(request, product_key)
    proposal = services.metric_proposal_accept(
        access=access, proposal_id=proposal_id, answer=payload.answer
    )
    return proposal_out(proposal)


@router.post(
    "/products/{product_key}/metric-proposals/{proposal_id}/decline",
    response=MetricProposalOut,
    summary="Decline with a reason the proposer sees",
)
def decline_metric_proposal(
    request: HttpRequest, product_key: str, proposal_id: int, payload: AnswerIn
) -> MetricProposalOut:
    access = _access(request, product_key)
    proposal = services.metric_proposal_decline(
        access=access, proposal_id=proposal_id, answer=payload.answer
    )
    return proposal_out(proposal)


# --- measurements --------------------------------------------------------------------------


def _day(raw: str | None, field: str) -> Any:
    if not raw:
        return None
    day = parse_day(raw)
    if day is None:
        raise ValidationFailed({field: f"{raw} is not a date like 2025-03-31"})
    return day


@router.get(
    "/products/{product_key}/metrics/{metric_id}/measurements",
    response=list[MeasurementOut],
    summary="The time series, oldest first",
)
def list_measurements(
    request: HttpRequest, product_key: str, metric_id: int, filters: Query[SeriesFilter]
) -> list[MeasurementOut]:
    access, metric = _metric(request, product_key, metric_id)
    series = selectors.measurement_series(
        access=access,
        metric=metric,
        since=_day(filters.since, "since"),
        until=_day(filters.until, "until"),
        archived=filters.archived,
    )
    return [measurement_out(m) for m in series]


@router.post(
    "/products/{product_key}/metrics/{metric_id}/measurements",
    response={200: MeasurementOut, 201: MeasurementOut},
    summary="Record a day's value (201); a day that had one gets it replaced (200)",
)
def record_measurement(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    metric_id: int,
    payload: MeasurementIn,
) -> Status[MeasurementOut]:
    access, metric = _metric(request, product_key, metric_id)
    outcome = services.measurement_record(
        access=access,
        metric=metric,
        measured_on=payload.measured_on,
        value=payload.value,
        note=payload.note,
    )
    fresh = selectors.measurement_of(access=access, measurement_id=outcome.measurement.pk)
    response["ETag"] = _etag(fresh)
    return Status(201 if outcome.created else 200, measurement_out(fresh))


@router.post(
    "/products/{product_key}/metrics/{metric_id}/measurements/batch",
    response=BatchOut,
    summary="Record many days at once: all or nothing; errors name measurements[i].field",
)
def record_batch(
    request: HttpRequest, product_key: str, metric_id: int, payload: BatchIn
) -> services.BatchOutcome:
    access, metric = _metric(request, product_key, metric_id)
    return services.measurements_record_batch(
        access=access,
        metric=metric,
        rows=[m.dict() for m in payload.measurements],
    )


@router.post(
    "/products/{product_key}/metrics/{metric_id}/measurements/import",
    response={200: ImportPreviewOut, 201: BatchOut},
    summary="Import a CSV file (multipart `file`); `preview=true` checks it and writes nothing",
)
def import_measurements(
    request: HttpRequest,
    product_key: str,
    metric_id: int,
    file: File[UploadedFile],
    preview: Form[bool] = False,
    measured_on_column: Form[str] = "",
    value_column: Form[str] = "",
    note_column: Form[str] = "",
) -> Status[Any]:
    access, metric = _metric(request, product_key, metric_id)
    mapping = {
        k: v
        for k, v in {
            "measured_on": measured_on_column,
            "value": value_column,
            "note": note_column,
        }.items()
        if v
    }
    data = file.read()
    name = file.name or "upload.csv"
    if preview:
        checked = services.measurements_import_preview(
            access=access, metric=metric, data=data, mapping=mapping, filename=name
        )
        return Status(
            200,
            ImportPreviewOut(
                header=list(checked.header),
                columns=dict(checked.columns),
                sample=[
                    MeasurementIn(measured_on=r.measured_on, value=r.value, note=r.note)
                    for r in checked.sample
                ],
                rows=checked.rows,
                new_days=checked.new_days,
                replaced_days=checked.replaced_days,
                unchanged_days=checked.unchanged_days,
            ),
        )
    outcome = services.measurements_import(
        access=access, metric=metric, data=data, mapping=mapping, filename=name
    )
    return Status(201, outcome)


def _measurement(
    request: HttpRequest, product_key: str, measurement_id: int
) -> tuple[ProductAccess, Measurement]:
    access = _access(request, product_key)
    return access, selectors.measurement_of(access=access, measurement_id=measurement_id)


@router.get("/products/{product_key}/measurements/{measurement_id}", response=MeasurementOut)
def get_measurement(
    request: HttpRequest, response: HttpResponse, product_key: str, measurement_id: int
) -> MeasurementOut:
    _, measurement = _measurement(request, product_key, measurement_id)
    response["ETag"] = _etag(measurement)
    return measurement_out(measurement)


@router.patch(
    "/products/{product_key}/measurements/{measurement_id}",
    response=MeasurementOut,
    summary="Correct a value, its day or note (needs If-Match or version)",
)
def patch_measurement(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    measurement_id: int,
    payload: MeasurementPatchIn,
) -> MeasurementOut:
    access, measurement = _measurement(request, product_key, measurement_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    if "measured_on" in changes and changes["measured_on"] is not None:
        changes["measured_on"] = changes["measured_on"].isoformat()
    measurement = services.measurement_update(
        access=access,
        measurement=measurement,
        changes=changes,
        expected_version=_expected_version(request, payload.version),
    )
    response["ETag"] = _etag(measurement)
    return measurement_out(measurement)


@router.delete("/products/{product_key}/measurements/{measurement_id}", response={204: None})
def archive_measurement(
    request: HttpRequest, product_key: str, measurement_id: int
) -> Status[None]:
    access, measurement = _measurement(request, product_key, measurement_id)
    services.measurement_archive(access=access, measurement=measurement)
    return Status(204, None)


@router.post(
    "/products/{product_key}/measurements/{measurement_id}/restore", response=MeasurementOut
)
def restore_measurement(
    request: HttpRequest, response: HttpResponse, product_key: str, measurement_id: int
) -> MeasurementOut:
    access, measurement = _measurement(request, product_key, measurement_id)
    measurement = services.measurement_restore(access=access, measurement=measurement)
    response["ETag"] = _etag(measurement)
    return measurement_out(measurement)


# --- experiments ---------------------------------------------------------------------------


def _experiment_out(
    access: ProductAccess, experiment_id: int, response: HttpResponse
) -> ExperimentOut:
    fresh = selectors.experiment_of(access=access, experiment_id=experiment_id)
    response["ETag"] = _etag(fresh)
    return experiment_out(fresh, today=timezone.localdate())


def _variants(payload: ExperimentIn | ExperimentPatchIn) -> list[dict[str, Any]] | None:
    return [v.dict() for v in payload.variants] if payload.variants is not None else None


@router.get(
    "/products/{product_key}/experiments",
    response=list[ExperimentOut],
    summary="Experiments with each variant's lift, interval, p-value and verdict",
)
def list_experiments(
    request: HttpRequest, product_key: str, filters: Query[ArchivedFilter]
) -> list[ExperimentOut]:
    access = _access(request, product_key)
    today = timezone.localdate()
    return [
        experiment_out(e, today=today)
        for e in selectors.experiments_of(access=access, archived=filters.archived)
    ]


@router.post("/products/{product_key}/experiments", response={201: ExperimentOut})
def create_experiment(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: ExperimentIn
) -> Status[ExperimentOut]:
    access = _access(request, product_key)
    fields = payload.dict(exclude={"variants"})
    variants = _variants(payload)
    if variants is not None:
        fields["variants"] = variants
    experiment = services.experiment_create(access=access, fields=fields)
    return Status(201, _experiment_out(access, experiment.pk, response))


@router.get("/products/{product_key}/experiments/{experiment_id}", response=ExperimentOut)
def get_experiment(
    request: HttpRequest, response: HttpResponse, product_key: str, experiment_id: int
) -> ExperimentOut:
    return _experiment_out(_access(request, product_key), experiment_id, response)


@router.patch(
    "/products/{product_key}/experiments/{experiment_id}",
    response=ExperimentOut,
    summary="Change an experiment; `variants` replaces the list (needs If-Match or version)",
)
def patch_experiment(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    experiment_id: int,
    payload: ExperimentPatchIn,
) -> ExperimentOut:
    access = _access(request, product_key)
    experiment = selectors.experiment_of(access=access, experiment_id=experiment_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "variants"})
    variants = _variants(payload)
    if variants is not None:
        changes["variants"] = variants
    services.experiment_update(
        access=access,
        experiment=experiment,
        changes=changes,
        expected_version=_expected_version(request, payload.version),
    )
    return _experiment_out(access, experiment_id, response)


@router.delete("/products/{product_key}/experiments/{experiment_id}", response={204: None})
def archive_experiment(request: HttpRequest, product_key: str, experiment_id: int) -> Status[None]:
    access = _access(request, product_key)
    experiment = selectors.experiment_of(access=access, experiment_id=experiment_id)
    services.experiment_archive(access=access, experiment=experiment)
    return Status(204, None)


@router.post("/products/{product_key}/experiments/{experiment_id}/restore", response=ExperimentOut)
def restore_experiment(
    request: HttpRequest, response: HttpResponse, product_key: str, experiment_id: int
) -> ExperimentOut:
    access = _access(request, product_key)
    experiment = selectors.experiment_of(access=access, experiment_id=experiment_id)
    services.experiment_restore(access=access, experiment=experiment)
    return _experiment_out(access, experiment_id, response)
