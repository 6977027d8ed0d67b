"""Recording a metric's measurements: by hand, in a batch, or from a CSV file.

One value per metric and day. A second value for a day that already has one
replaces it (the audit log keeps the old value): a dashboard export re-run with
corrected numbers, or a nightly script that runs twice, must not double a point
on the chart or fail half-way. Inside one batch or file, though, two values for
the same day are refused, because there is no telling which one was meant.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.workspace import csv_import
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import Conflict, NotFound, ValidationFailed

from ..models import Measurement, Metric
from ._common import check_version, clean_text, require_live, require_recorder, snapshot

IMPORT_FIELDS = ("measured_on", "value", "note")
_DATE_COLUMNS = ("date", "day")  # headers an export commonly uses for the day
BATCH_LIMIT = csv_import.MAX_ROWS


@dataclass(frozen=True)
class MeasurementRow:
    measured_on: dt.date
    value: float
    note: str | None  # None keeps the note a replaced value had


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


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do, read from the file and checked, with nothing written."""

    header: tuple[str, ...]
    columns: Mapping[str, str]  # field → the column that feeds it
    sample: list[MeasurementRow]
    rows: int
    new_days: int
    replaced_days: int
    unchanged_days: int


# --- checking values ---------------------------------------------------------------------


def parse_value(raw: Any) -> float | None:
    """A number as people type or export it: ``3.4``, ``3,4``, ``12.5%``, ``1 200``."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")
        else:
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def parse_day(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        return None


def clean_row(
    values: Mapping[str, Any], complain: Callable[[str, str], None], *, today: dt.date
) -> MeasurementRow | None:
    """Check one measurement's values, naming each field that is wrong."""
    ok = True
    raw_day = values.get("measured_on")
    day = parse_day(raw_day) if raw_day not in (None, "") else None
    if raw_day in (None, ""):
        complain("measured_on", "is required")
        ok = False
    elif day is None:
        complain("measured_on", f"{raw_day!s} is not a date like 2025-03-31")
        ok = False
    elif day > today:
        complain("measured_on", f"{day.isoformat()} is in the future")
        ok = False
    raw_value = values.get("value")
    value = parse_value(raw_value) if raw_value not in (None, "") else None
    if raw_value in (None, ""):
        complain("value", "is required")
        ok = False
    elif value is None:
        complain("value", f"{raw_value!s} is not a number")
        ok = False
    note_errors: dict[str, str] = {}
    raw_note = values.get("note")
    note = clean_text(note_errors, "note", raw_note, limit=200) if raw_note is not None else None
    for field, message in note_errors.items():
        complain(field, message)
        ok = False
    if not ok or day is None or value is None:
        return None
    return MeasurementRow(measured_on=day, value=value, note=note or None)


def _refuse_repeated_days(
    rows: Sequence[tuple[str, MeasurementRow]], problems: csv_import.RowErrors | dict[str, str]
) -> None:
    seen: dict[dt.date, str] = {}
    for where, row in rows:
        if row.measured_on in seen:
            message = (
                f"{row.measured_on.isoformat()} also appears at {seen[row.measured_on]}; "
                "keep one value per day"
            )
            if isinstance(problems, dict):
                problems[f"{where}.measured_on"] = message
            else:
                problems.errors[f"{where}: measured_on"] = message
        else:
            seen[row.measured_on] = where


# --- writing -----------------------------------------------------------------------------


def _live_metric(access: ProductAccess, metric: Metric) -> Metric:
    require_recorder(access)
    fresh = Metric.objects.filter(pk=metric.pk, product=access.product).first()
    if fresh is None:
        raise NotFound("No such metric.")
    require_live(fresh, "metric")
    return fresh


def _applies(row: MeasurementRow, existing: Measurement) -> bool:
    return existing.value != row.value or (row.note is not None and row.note != existing.note)


@transaction.atomic
def measurement_record(
    *,
    access: ProductAccess,
    metric: Metric,
    measured_on: Any,
    value: Any,
    note: str | None = None,
    today: dt.date | None = None,
) -> RecordOutcome:
    """Record the value of a day, replacing the day's earlier value if it had one."""
    metric = _live_metric(access, metric)
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
        changed = _applies(row, existing)
        if changed:
            _replace(access, metric, existing, row)
        return RecordOutcome(measurement=existing, created=False, changed=changed)
    now = timezone.now()
    measurement = Measurement(
        metric=metric,
        measured_on=row.measured_on,
        value=row.value,
        note=row.note or "",
        created_by=access.user,
        created_at=now,
        updated_at=now,
    )
    try:
        with transaction.atomic():
            measurement.save()
    except IntegrityError as exc:
        raise Conflict(
            f"Someone recorded {metric.name} for {row.measured_on.isoformat()} at the same "
            "moment; reload to see their value."
        ) from exc
    record_event(
        actor=access.user,
        product=access.product,
        verb="measurement.recorded",
        object_type="measurement",
        object_id=measurement.pk,
        object_label=f"{metric.name} on {row.measured_on.isoformat()}",
        after=snapshot(measurement),
    )
    return RecordOutcome(measurement=measurement, created=True, changed=True)


def _replace(
    access: ProductAccess, metric: Metric, existing: Measurement, row: MeasurementRow
) -> None:
    before = snapshot(existing)
    existing.value = row.value
    if row.note is not None:
        existing.note = row.note
    existing.version += 1
    existing.updated_at = timezone.now()
    existing.save(update_fields=["value", "note", "version", "updated_at"])
    record_event(
        actor=access.user,
        product=access.product,
        verb="measurement.updated",
        object_type="measurement",
        object_id=existing.pk,
        object_label=f"{metric.name} on {existing.measured_on.isoformat()}",
        before=before,
        after=snapshot(existing),
    )


def _write_rows(
    access: ProductAccess, metric: Metric, rows: Sequence[MeasurementRow], source: str
) -> BatchOutcome:
    if not rows:
        return BatchOutcome(created=0, updated=0, unchanged=0)
    existing = _existing_by_day(metric, rows, lock=True)
    now = timezone.now()
    new = [
        Measurement(
            metric=metric,
            measured_on=row.measured_on,
            value=row.value,
            note=row.note or "",
            created_by=access.user,
            created_at=now,
            updated_at=now,
        )
        for row in rows
        if row.measured_on not in existing
    ]
    replaced = [
        row
        for row in rows
        if row.measured_on in existing and _applies(row, existing[row.measured_on])
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
        _replace(access, metric, existing[row.measured_on], row)
    outcome = BatchOutcome(
        created=len(new), updated=len(replaced), unchanged=len(rows) - len(new) - len(replaced)
    )
    days = sorted(row.measured_on for row in rows)
    record_event(
        actor=access.user,
        product=access.product,
        verb="measurements.recorded",
        object_type="metric",
        object_id=metric.pk,
        object_label=metric.name,
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


def _existing_by_day(
    metric: Metric, rows: Sequence[MeasurementRow], *, lock: bool
) -> dict[dt.date, Measurement]:
    days = {row.measured_on for row in rows}
    query = Measurement.objects.filter(
        metric=metric,
        archived_at__isnull=True,
        measured_on__range=(min(days), max(days)),
    )
    if lock:
        query = query.select_for_update()
    return {m.measured_on: m for m in query if m.measured_on in days}


@transaction.atomic
def measurements_record_batch(
    *,
    access: ProductAccess,
    metric: Metric,
    rows: Sequence[Mapping[str, Any]],
    today: dt.date | None = None,
) -> BatchOutcome:
    """Record many days at once: every row is checked first, then all are written or none.

    Errors are keyed ``measurements[3].value``, the row's position in the request.
    """
    metric = _live_metric(access, metric)
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
    _refuse_repeated_days(clean, errors)
    if errors:
        raise ValidationFailed(errors, f"{len(errors)} problem(s); nothing was recorded.")
    return _write_rows(access, metric, [row for _, row in clean], "batch")


# --- CSV import --------------------------------------------------------------------------


def _read(
    data: bytes | str, mapping: Mapping[str, str], filename: str, today: dt.date
) -> tuple[csv_import.CsvTable, dict[str, int], list[MeasurementRow]]:
    table = csv_import.read_csv(data, filename=filename)
    mapping = dict(mapping)
    lowered = {h.lower() for h in table.header}
    if not mapping.get("measured_on") and "measured_on" not in lowered:
        guess = next((h for h in table.header if h.lower() in _DATE_COLUMNS), None)
        if guess:
            mapping["measured_on"] = guess
    columns = csv_import.resolve_mapping(
        table, mapping, required=("measured_on", "value"), known=IMPORT_FIELDS
    )
    problems = csv_import.RowErrors()
    numbered: list[tuple[str, MeasurementRow]] = []
    for number, values in csv_import.mapped_rows(table, columns):

        def complain(name: str, message: str, *, _line: int = number) -> None:
            problems.add(_line, name, message)

        row = clean_row(values, complain, today=today)
        if row is not None:
            numbered.append((f"line {number}", row))
    _refuse_repeated_days(numbered, problems)
    if not table.lines:
        problems.errors["file"] = f"{filename} has a header but no measurements"
    problems.raise_if_any(filename)
    return table, columns, [row for _, row in numbered]


def measurements_import_preview(
    *,
    access: ProductAccess,
    metric: Metric,
    data: bytes | str,
    mapping: Mapping[str, str],
    filename: str = "upload",
    today: dt.date | None = None,
) -> ImportPreview:
    """Check a file as the import would and say what it would change; writes nothing."""
    metric = _live_metric(access, metric)
    table, columns, rows = _read(data, mapping, filename, today or timezone.localdate())
    existing = _existing_by_day(metric, rows, lock=False) if rows else {}
    replaced = sum(
        1 for r in rows if r.measured_on in existing and _applies(r, existing[r.measured_on])
    )
    new = sum(1 for r in rows if r.measured_on not in existing)
    return ImportPreview(
        header=table.header,
        columns={field: table.header[index] for field, index in columns.items()},
        sample=rows[:5],
        rows=len(rows),
        new_days=new,
        replaced_days=replaced,
        unchanged_days=len(rows) - new - replaced,
    )


@transaction.atomic
def measurements_import(
    *,
    access: ProductAccess,
    metric: Metric,
    data: bytes | str,
    mapping: Mapping[str, str],
    filename: str = "upload",
    today: dt.date | None = None,
) -> BatchOutcome:
    """Import a CSV file: every line is checked first; one bad line and nothing is written."""
    metric = _live_metric(access, metric)
    _, _, rows = _read(data, mapping, filename, today or timezone.localdate())
    return _write_rows(access, metric, rows, f"csv {filename}")


# --- editing one value -------------------------------------------------------------------


def _locked(access: ProductAccess, measurement_id: int) -> Measurement:
    measurement = (
        Measurement.objects.select_for_update(of=("self",))
        .select_related("metric")
        .filter(pk=measurement_id, metric__product=access.product)
        .first()
    )
    if measurement is None:
        raise NotFound("No such measurement.")
    return measurement


def _day_taken(measurement: Measurement, day: dt.date) -> bool:
    return (
        Measurement.objects.filter(
            metric_id=measurement.metric_id, measured_on=day, archived_at__isnull=True
        )
        .exclude(pk=measurement.pk)
        .exists()
    )


@transaction.atomic
def measurement_update(
    *,
    access: ProductAccess,
    measurement: Measurement,
    changes: Mapping[str, Any],
    expected_version: int | None,
    today: dt.date | None = None,
) -> Measurement:
    """Correct one value, its day or its note; names the version read."""
    require_recorder(access)
    measurement = _locked(access, measurement.pk)
    check_version(measurement, expected_version)
    require_live(measurement, "measurement")
    require_live(measurement.metric, "metric")
    unknown = set(changes) - set(IMPORT_FIELDS)
    errors: dict[str, str] = dict.fromkeys(sorted(unknown), "is not a field of a measurement")
    current = snapshot(measurement)
    row = clean_row(
        {**current, **{k: v for k, v in changes.items() if k in IMPORT_FIELDS}},
        errors.__setitem__,
        today=today or timezone.localdate(),
    )
    moved = row is not None and row.measured_on != measurement.measured_on
    if row is not None and moved and _day_taken(measurement, row.measured_on):
        errors["measured_on"] = (
            f"{measurement.metric.name} already has a value for "
            f"{row.measured_on.isoformat()}; change that one instead"
        )
    if errors or row is None:
        raise ValidationFailed(errors)
    measurement.measured_on = row.measured_on
    measurement.value = row.value
    measurement.note = row.note or ""
    if snapshot(measurement) == current:
        return measurement
    measurement.version += 1
    measurement.updated_at = timezone.now()
    measurement.save(update_fields=["measured_on", "value", "note", "version", "updated_at"])
    record_event(
        actor=access.user,
        product=access.product,
        verb="measurement.updated",
        object_type="measurement",
        object_id=measurement.pk,
        object_label=f"{measurement.metric.name} on {measurement.measured_on.isoformat()}",
        before=current,
        after=snapshot(measurement),
    )
    return measurement


def _set_archived(access: ProductAccess, measurement: Measurement, archived: bool) -> Measurement:
    require_recorder(access)
    measurement = _locked(access, measurement.pk)
    if (measurement.archived_at is not None) == archived:
        return measurement
    if not archived and _day_taken(measurement, measurement.measured_on):
        raise ValidationFailed(
            {
                "measured_on": f"{measurement.measured_on.isoformat()} has another value now; "
                "archive that one first"
            }
        )
    measurement.archived_at = timezone.now() if archived else None
    measurement.version += 1
    measurement.updated_at = timezone.now()
    measurement.save(update_fields=["archived_at", "version", "updated_at"])
    record_event(
        actor=access.user,
        product=access.product,
        verb="measurement.archived" if archived else "measurement.restored",
        object_type="measurement",
        object_id=measurement.pk,
        object_label=f"{measurement.metric.name} on {measurement.measured_on.isoformat()}",
        after=snapshot(measurement),
    )
    return measurement


@transaction.atomic
def measurement_archive(*, access: ProductAccess, measurement: Measurement) -> Measurement:
    """Soft delete: the point leaves the chart and can be restored."""
    return _set_archived(access, measurement, archived=True)


@transaction.atomic
def measurement_restore(*, access: ProductAccess, measurement: Measurement) -> Measurement:
    return _set_archived(access, measurement, archived=False)
