"""What the release side's writes share: the live or locked row, a date, the archived refusal,
a new version, soft delete, and the audit event (with the caller and their product)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone

from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, ValidationFailed

M = TypeVar("M", bound=Model)


class Versioned(Protocol):
    version: Any
    updated_at: Any

    def save(self) -> None: ...


class Archivable(Versioned, Protocol):
    archived_at: Any


def found(rows: QuerySet[M], what: str) -> M:
    """The first row; 404 when there is none."""
    record = rows.first()
    if record is None:
        raise NotFound(f"No such {what}.")
    return record


def live(access: ProductAccess, model: type[M], record_id: int, what: str) -> M:
    """A live (not archived) record of the caller's product; 404 for anything else."""
    rows = model._default_manager.filter(
        pk=record_id, product=access.product, archived_at__isnull=True
    )
    return found(rows, what)


def locked(rows: QuerySet[M], record_id: int, what: str) -> M:
    """The row, locked for the rest of the transaction (its own row only); 404 when absent."""
    return found(rows.select_for_update(of=("self",)).filter(pk=record_id), what)


def clean_date(errors: dict[str, str], field: str, value: Any) -> dt.date | None:
    """A date given as a date or as ``2025-06-30``; empty is none."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = "must be a date like 2025-06-30"
        return None


def refuse_archived(record: Archivable, field: str, label: str) -> None:
    if record.archived_at is not None:
        raise ValidationFailed({field: f"{label} is archived; restore it first"})


def bump(record: Versioned) -> None:
    """Save a change: one version up, stamped now."""
    record.version += 1
    record.updated_at = timezone.now()
    record.save()


def toggle_archived(record: Archivable, archived: bool) -> bool:
    """Soft delete or restore; False, with nothing written, when it already stands so."""
    if (record.archived_at is not None) == archived:
        return False
    record.archived_at = timezone.now() if archived else None
    bump(record)
    return True
