"""Feedback from a CSV file: every row checked by the feedback schema, then all or none."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from tandem.workspace import csv_import
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import caller_event
from tandem.workspace.registry import record_type
from tandem.workspace.rights import Action, Level
from tandem.workspace.values import field_errors

from ..models import CustomerPerson, Feedback

IMPORT_FIELDS = ("text", "source", "customer", "person", "received_on", "kind", "sentiment")


@dataclass(frozen=True)
class ImportPreview:
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    columns: dict[str, int]
    count: int


def _check_import(
    access: ProductAccess, data: bytes | str, mapping: Mapping[str, str], filename: str
) -> tuple[csv_import.CsvTable, dict[str, int], list[dict[str, Any]]]:
    table = csv_import.read_csv(data, filename=filename)
    columns = csv_import.resolve_mapping(table, mapping, required=("text",), known=IMPORT_FIELDS)
    schema = record_type("feedback").schema
    assert schema is not None
    # Customers and people named on many lines are looked up once.
    context = {"access": access, "found": {}}

    def check(values: dict[str, str], complain: Callable[[str, str], None]) -> dict[str, Any]:
        given = {name: value for name, value in values.items() if value.strip() or name == "text"}
        try:
            row = schema.model_validate(given, context=context)
        except ValidationError as invalid:
            for name, message in field_errors(invalid).items():
                complain(name, message)
            return {}
        return row.model_dump()

    rows = csv_import.check_rows(table, columns, check, filename=filename)
    return table, columns, rows


def feedback_import_preview(
    *, access: ProductAccess, data: bytes | str, mapping: Mapping[str, str], filename: str
) -> ImportPreview:
    """Read and check the file without writing: the first rows and the mapping that applies."""
    access.require(Action.FEEDBACK, Level.ADD)
    table, columns, rows = _check_import(access, data, mapping, filename)
    return ImportPreview(
        header=table.header, rows=table.preview(), columns=columns, count=len(rows)
    )


@transaction.atomic
def feedback_import(
    *, access: ProductAccess, data: bytes | str, mapping: Mapping[str, str], filename: str
) -> list[Feedback]:
    """Every row or none: a single bad line refuses the whole file, naming line and field."""
    access.require(Action.FEEDBACK, Level.ADD)
    _, _, rows = _check_import(access, data, mapping, filename)
    customer_of = dict(
        CustomerPerson.objects.filter(
            pk__in=[row["person"] for row in rows if row["person"]]
        ).values_list("pk", "customer_id")
    )
    now = timezone.now()
    records = Feedback.objects.bulk_create(
        Feedback(
            product=access.product,
            created_by=access.user,
            created_at=now,
            updated_at=now,
            text=row["text"],
            source=row["source"],
            customer_id=row["customer"] or customer_of.get(row["person"]),
            person_id=row["person"],
            received_on=row["received_on"] or timezone.localdate(),
            kind=row["kind"],
            sentiment=row["sentiment"],
        )
        for row in rows
    )
    caller_event(
        access,
        "feedback.imported",
        records[0].pk if records else 0,
        f"{len(records)} feedback records from {filename}",
        after={"count": len(records), "file": filename},
    )
    return records
