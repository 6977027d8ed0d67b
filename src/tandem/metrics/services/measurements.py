"""Recording a metric's values: a day's value by hand or by a script, or many days at once.

One value per metric and day. A second value for a day that already has one
replaces it (the audit log keeps the old value): a dashboard export re-run with
corrected numbers, or a nightly script that runs twice, must not double a point
on the chart or fail half-way. Correcting, archiving and restoring one value are
the plain verbs of :mod:`tandem.workspace.writes`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import caller_event
from tandem.workspace.csv_import import MAX_ROWS
from tandem.workspace.errors import Conflict, PermissionDenied, ValidationFailed
from tandem.workspace.registry import record_type, snapshot
from tandem.workspace.rights import Action, Level

from ..models import Measurement, Metric
from .values import MeasurementRow, clean_row, refuse_repeated_days

BATCH_LIMIT = MAX_ROWS


@dataclass(frozen=True)
class RecordOutcome:
    measurement: Measurement
    created: bool
    changed: bool


@dataclass(frozen=True)
class BatchOutcome:
    created: int
    updated: int
    unchanged: int


def live_metric(access: ProductAccess, metric_id: int) -> Metric:
    """The metric values are recorded on: the caller's, live, and theirs to record."""
    if access.level(Action.FEEDBACK) < Level.EDIT:
        raise PermissionDenied(
            f"Your role on {access.product.key} can read measurements but not record them."
        )
    spec = record_type("metric")
    metric: Metric = writes.find(spec, access, metric_id)
    writes.require_live(spec, metric)
    return metric


def applies(row: MeasurementRow, existing: Measurement) -> bool:
    return existing.value != row.value or (row.note is not None and row.note != existing.note)


def _replace(access: ProductAccess, existing: Measurement, row: MeasurementRow) -> None:
    changes: dict[str, Any] = {"value": row.value}
    if row.note is not None:
        changes["note"] = row.note
    writes.save(access, record_type("measurement"), existing, changes)


@transaction.atomic
def measurement_record(
    *,
    access: ProductAccess,
    metric_id: int,
    measured_on: Any,
    value: Any,
    note: str | None = None,
    today: dt.date | None = None,
) -> RecordOutcome:
    """Record the value of a day, replacing the day's earlier value if it had one."""
    metric = live_metric(access, metric_id)
    errors: dict[str, str] = {}
    row = clean_row(
        {"measured_on": measured_on, "value": value, "note": note},
        errors.__setitem__,
        today=today or timezone.localdate(),
    )
    if row is None:
        raise ValidationFailed(errors)
    existing = (
        Measurement.objects.select_for_update()
        .filter(metric=metric, measured_on=row.measured_on, archived_at__isnull=True)
        .first()
    )
    if existing is not None:
        existing.metric = metric
        changed = applies(row, existing)
        if changed:
            _replace(access, existing, row)
        return RecordOutcome(measurement=existing, created=False, changed=changed)
    measurement = _new_measurement(access, metric, row)
    try:
        with transaction.atomic():
            measurement.save()
    except IntegrityError as exc:
        raise Conflict(
            f"Someone recorded {metric.name} for {row.measured_on.isoformat()} at the same "
            "moment; reload to see their value."
        ) from exc
    spec = record_type("measurement")
    writes.event(access, spec, measurement, "recorded", after=snapshot(spec, measurement))
    return RecordOutcome(measurement=measurement, created=True, changed=True)


def _new_measurement(access: ProductAccess, metric: Metric, row: MeasurementRow) -> Measurement:
    return Measurement(
        metric=metric,
        measured_on=row.measured_on,
        value=row.value,
        note=row.note or "",
        created_by=access.user,
    )


def write_rows(
    access: ProductAccess, metric: Metric, rows: Sequence[MeasurementRow], source: str
) -> BatchOutcome:
    """New days in one statement, changed days replaced one by one, one event for the lot."""
    if not rows:
        return BatchOutcome(created=0, updated=0, unchanged=0)
    existing = existing_by_day(metric, rows, lock=True)
    new = [_new_measurement(access, metric, row) for row in rows if row.measured_on not in existing]
    replaced = [
        row
        for row in rows
        if row.measured_on in existing and applies(row, existing[row.measured_on])
    ]
    try:
        with transaction.atomic():
            Measurement.objects.bulk_create(new)
    except IntegrityError as exc:
        raise Conflict(
            f"Someone recorded {metric.name} for some of these days at the same moment; "
            "nothing was written. Try again."
        ) from exc
    for row in replaced:
        _replace(access, existing[row.measured_on], row)
    outcome = BatchOutcome(
        created=len(new), updated=len(replaced), unchanged=len(rows) - len(new) - len(replaced)
    )
    days = sorted(row.measured_on for row in rows)
    caller_event(
        access,
        "measurements.recorded",
        metric.pk,
        metric.name,
        object_type="metric",
        after={
            "source": source,
            "created": outcome.created,
            "updated": outcome.updated,
            "unchanged": outcome.unchanged,
            "from": days[0].isoformat(),
            "to": days[-1].isoformat(),
        },
    )
    return outcome


def existing_by_day(
    metric: Metric, rows: Sequence[MeasurementRow], *, lock: bool
) -> dict[dt.date, Measurement]:
    """The live values a batch would replace, by day (locked when about to be written)."""
    days = {row.measured_on for row in rows}
    query = Measurement.objects.filter(
        metric=metric,
        archived_at__isnull=True,
        measured_on__range=(min(days), max(days)),
    )
    if lock:
        query = query.select_for_update()
    existing = {m.measured_on: m for m in query if m.measured_on in days}
    for measurement in existing.values():
        measurement.metric = metric
    return existing


@transaction.atomic
def measurements_record_batch(
    *,
    access: ProductAccess,
    metric_id: int,
    rows: Sequence[Mapping[str, Any]],
    today: dt.date | None = None,
) -> BatchOutcome:
    """Record many days at once: every row is checked first, then all are written or none.

    Errors are keyed ``measurements[3].value``, the row's position in the request.
    """
    metric = live_metric(access, metric_id)
    if not rows:
        raise ValidationFailed({"measurements": "send at least one measurement"})
    if len(rows) > BATCH_LIMIT:
        raise ValidationFailed({"measurements": f"send at most {BATCH_LIMIT:,} at once"})
    errors: dict[str, str] = {}
    clean: list[tuple[str, MeasurementRow]] = []
    day = today or timezone.localdate()
    for index, values in enumerate(rows):
        where = f"measurements[{index}]"

        def complain(field: str, message: str, *, _where: str = where) -> None:
            errors[f"{_where}.{field}"] = message

        row = clean_row(values, complain, today=day)
        if row is not None:
            clean.append((where, row))
    refuse_repeated_days(clean, errors)
    if errors:
        raise ValidationFailed(errors, f"{len(errors)} problem(s); nothing was recorded.")
    return write_rows(access, metric, [row for _, row in clean], "batch")
