"""The metrics API's own verbs and reads; each kind's plain routes (list, create, get,
change, archive, restore, history) come from the registry (:mod:`.records`).

Recording a day's value replaces the day's earlier one; a batch or a CSV file is
written whole or not at all. Proposed changes to a metric are the one queue's,
read here for the metrics kinds.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from tandem.workspace import fields as f
from tandem.workspace.access import ProductAccess
from tandem.workspace.http import access_of, etag, named_version

from . import selectors, services
from .schemas import (
    MeasurementBatchIn,
    MeasurementBatchOut,
    MeasurementImportPreviewOut,
    MeasurementOut,
    MeasurementRecordIn,
    MetricChartOut,
    MetricProposalAcceptIn,
    MetricProposalDeclineIn,
    MetricProposalIn,
    MetricProposalOut,
    measurement_out,
    metric_proposal_out,
)

router = Router(tags=["metrics"])

METRIC = "/products/{product_key}/metrics/{int:metric_id}"
PROPOSAL = "/products/{product_key}/metric-proposals/{int:proposal_id}"


class MetricSeriesFilter(f.Query):
    since: f.Date | None = None
    until: f.Date | None = None
    archived: bool = False


class MetricProposalFilter(f.Query):
    status: Literal["pending", "accepted", "declined", "all"] | None = "pending"


def _proposal_answer(access: ProductAccess, proposal_id: int) -> dict[str, Any]:
    return metric_proposal_out(selectors.metric_proposal(access=access, proposal_id=proposal_id))


@router.get(
    f"{METRIC}/chart",
    response=MetricChartOut,
    summary="What the chart draws: points, target and release markers",
)
def metric_chart(request: HttpRequest, product_key: str, metric_id: int) -> dict[str, Any]:
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    series = selectors.measurement_series(access=access, metric=metric)
    return selectors.chart_data(access=access, metric=metric, series=series)


# --- proposed changes to a definition or target ----------------------------------------------


@router.post(
    f"{METRIC}/proposals",
    response={201: MetricProposalOut},
    summary="Propose a change to a definition or target, with a reason (the Product Owner's "
    "way to ask); If-Match or version makes it from the version you read",
)
def propose_metric_change(
    request: HttpRequest, product_key: str, metric_id: int, payload: MetricProposalIn
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    body = payload.model_dump(exclude_unset=True)
    proposal = services.metric_propose(
        access=access,
        metric_id=metric_id,
        changes={k: v for k, v in body.items() if k not in ("reason", "version")},
        reason=body.get("reason", ""),
        expected_version=named_version(request, body.get("version")),
    )
    return Status(201, _proposal_answer(access, proposal.pk))


@router.get(
    "/products/{product_key}/metric-proposals",
    response=list[MetricProposalOut],
    summary="Proposed metric changes (the queue, for metrics); ?status=pending (default), "
    "accepted, declined or all",
)
def list_metric_proposals(
    request: HttpRequest, product_key: str, filters: Query[MetricProposalFilter]
) -> list[dict[str, Any]]:
    access = access_of(request, product_key)
    status = None if filters.status in (None, "", "all") else filters.status
    rows = selectors.metric_proposals(access=access, status=status)
    return [metric_proposal_out(row) for row in rows]


@router.post(
    f"{PROPOSAL}/accept",
    response=MetricProposalOut,
    summary="Accept: the change is applied to the metric as it is now (409 when a field it "
    "changes was edited since: confirm the current version)",
)
def accept_metric_proposal(
    request: HttpRequest, product_key: str, proposal_id: int, payload: MetricProposalAcceptIn
) -> dict[str, Any]:
    access = access_of(request, product_key)
    services.metric_proposal_accept(access=access, proposal_id=proposal_id, **payload.model_dump())
    return _proposal_answer(access, proposal_id)


@router.post(
    f"{PROPOSAL}/decline",
    response=MetricProposalOut,
    summary="Decline with a reason the proposer sees",
)
def decline_metric_proposal(
    request: HttpRequest, product_key: str, proposal_id: int, payload: MetricProposalDeclineIn
) -> dict[str, Any]:
    access = access_of(request, product_key)
    services.metric_proposal_decline(access=access, proposal_id=proposal_id, answer=payload.answer)
    return _proposal_answer(access, proposal_id)


# --- recording values ------------------------------------------------------------------------


@router.get(
    f"{METRIC}/measurements",
    response=list[MeasurementOut],
    summary="The time series, oldest first",
)
def list_measurements(
    request: HttpRequest, product_key: str, metric_id: int, filters: Query[MetricSeriesFilter]
) -> list[dict[str, Any]]:
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    series = selectors.measurement_series(
        access=access,
        metric=metric,
        since=filters.since,
        until=filters.until,
        archived=filters.archived,
    )
    return [measurement_out(access, m) for m in series]


@router.post(
    f"{METRIC}/measurements",
    response={200: MeasurementOut, 201: MeasurementOut},
    summary="Record a day's value (201); a day that had one gets it replaced (200)",
)
def record_measurement(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    metric_id: int,
    payload: MeasurementRecordIn,
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    outcome = services.measurement_record(
        access=access, metric_id=metric_id, **payload.model_dump()
    )
    etag(response, outcome.measurement)
    return Status(201 if outcome.created else 200, measurement_out(access, outcome.measurement))


@router.post(
    f"{METRIC}/measurements/batch",
    response=MeasurementBatchOut,
    summary="Record many days at once: all or nothing; errors name measurements[i].field",
)
def record_batch(
    request: HttpRequest, product_key: str, metric_id: int, payload: MeasurementBatchIn
) -> services.BatchOutcome:
    access = access_of(request, product_key)
    return services.measurements_record_batch(
        access=access,
        metric_id=metric_id,
        rows=[m.model_dump() for m in payload.measurements],
    )


@router.post(
    f"{METRIC}/measurements/import",
    response={200: MeasurementImportPreviewOut, 201: MeasurementBatchOut},
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
    access = access_of(request, product_key)
    columns = {"measured_on": measured_on_column, "value": value_column, "note": note_column}
    upload = services.CsvUpload(
        data=file.read(),
        mapping={k: v for k, v in columns.items() if v},
        filename=file.name or "upload.csv",
    )
    if not preview:
        outcome = services.measurements_import(access=access, metric_id=metric_id, upload=upload)
        return Status(201, outcome)
    checked = services.measurements_import_preview(
        access=access, metric_id=metric_id, upload=upload
    )
    return Status(
        200,
        {
            "header": list(checked.header),
            "columns": dict(checked.columns),
            "sample": [
                {"measured_on": r.measured_on, "value": r.value, "note": r.note}
                for r in checked.sample
            ],
            "rows": checked.rows,
            "new_days": checked.new_days,
            "replaced_days": checked.replaced_days,
            "unchanged_days": checked.unchanged_days,
        },
    )
