"""Importing a metric's values from a CSV file: checked whole first, then all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from tandem.workspace import csv_import
from tandem.workspace.access import ProductAccess

from .measurements import BatchOutcome, applies, existing_by_day, live_metric, write_rows
from .values import FIELDS, MeasurementRow, clean_row, refuse_repeated_days

_DATE_COLUMNS = ("date", "day")  # headers an export commonly uses for the day


@dataclass(frozen=True)
class CsvUpload:
    """A file to import: its text or bytes, the column each field comes from, its name."""

    data: bytes | str
    mapping: Mapping[str, str] = field(default_factory=dict)  # field → column; guessed if left out
    filename: str = "upload"


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


def _read(
    upload: CsvUpload, today: dt.date | None
) -> tuple[csv_import.CsvTable, dict[str, int], list[MeasurementRow]]:
    filename, today = upload.filename, today or timezone.localdate()
    table = csv_import.read_csv(upload.data, filename=filename)
    mapping = dict(upload.mapping)
    lowered = {h.lower() for h in table.header}
    if not mapping.get("measured_on") and "measured_on" not in lowered:
        guess = next((h for h in table.header if h.lower() in _DATE_COLUMNS), None)
        if guess:
            mapping["measured_on"] = guess
    columns = csv_import.resolve_mapping(
        table, mapping, required=("measured_on", "value"), known=FIELDS
    )
    problems = csv_import.RowErrors()
    numbered: list[tuple[str, MeasurementRow]] = []
    for number, values in csv_import.mapped_rows(table, columns):

        def complain(name: str, message: str, *, _line: int = number) -> None:
            problems.add(_line, name, message)

        row = clean_row(values, complain, today=today)
        if row is not None:
            numbered.append((f"line {number}", row))
    refuse_repeated_days(numbered, problems)
    if not table.lines:
        problems.errors["file"] = f"{filename} has a header but no measurements"
    problems.raise_if_any(filename)
    return table, columns, [row for _, row in numbered]


def measurements_import_preview(
    *, access: ProductAccess, metric_id: int, upload: CsvUpload, today: dt.date | None = None
) -> ImportPreview:
    """Check a file as the import would and say what it would change; writes nothing."""
    metric = live_metric(access, metric_id)
    table, columns, rows = _read(upload, today)
    existing = existing_by_day(metric, rows, lock=False) if rows else {}
    replaced = sum(
        1 for r in rows if r.measured_on in existing and applies(r, existing[r.measured_on])
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
    *, access: ProductAccess, metric_id: int, upload: CsvUpload, today: dt.date | None = None
) -> BatchOutcome:
    """Import a CSV file: every line is checked first; one bad line and nothing is written."""
    metric = live_metric(access, metric_id)
    _, _, rows = _read(upload, today)
    return write_rows(access, metric, rows, f"csv {upload.filename}")
