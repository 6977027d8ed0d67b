"""What every versioned, soft-deleted record's writes share: the version check, the
row lock, the audit event with before/after, soft delete and restore, field cleaning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, TypeVar

from django.db import models
from django.utils import timezone

from .access import ProductAccess
from .audit import record_write
from .errors import Conflict, NotFound, PreconditionRequired, ValidationFailed
from .models import Tracked

T = TypeVar("T", bound=Tracked)


class Versioned(Protocol):
    """A record with a version and a soft delete: every ``Tracked`` one, and a few that keep
    their author another way (a saved filter's owner)."""

    pk: Any
    version: int
    updated_at: dt.datetime
    archived_at: dt.datetime | None

    def save(self, *args: Any, **kwargs: Any) -> None: ...


Snapshot = Callable[[Any], dict[str, Any]]


class HasVersion(Protocol):
    """Any row a change must name the version of: a record, a settings row."""

    pk: Any
    version: int


PRECONDITION = "Send the version you read (`If-Match` or `version`) so no edit is overwritten."


def require_version(expected_version: int | None) -> int:
    """A change to an existing row must name the version it read: none is 428."""
    if expected_version is None:
        raise PreconditionRequired(PRECONDITION)
    return expected_version


def check_version(
    record: HasVersion,
    expected_version: int | None,
    snapshot: Snapshot,
    *,
    label: str | None = None,
) -> None:
    """An update must name the version it read (none → 428); a stale one is refused with the
    current state (409), never a silent overwrite. ``label`` names the record in the message
    (the record itself when not given); ``snapshot`` tells its current state."""
    if require_version(expected_version) != record.version:
        raise Conflict(
            f"{record if label is None else label} was changed by someone else (you edited "
            f"version {expected_version}, it is now at version {record.version}).",
            current=snapshot(record) | {"id": record.pk, "version": record.version},
        )


def require_live(record: Tracked, what: str) -> None:
    if record.is_archived:
        raise ValidationFailed({what: f"{record} is archived; restore it first"})


def locked(model: type[T], pk: int, **scope: Any) -> T:
    row = model.objects.select_for_update().filter(pk=pk, **scope).first()  # type: ignore[attr-defined]
    if row is None:
        raise NotFound(f"No such {model._meta.verbose_name}.")
    return row  # type: ignore[no-any-return]


def created(
    *, access: ProductAccess, record: models.Model, object_type: str, snapshot: Snapshot
) -> None:
    record_write(access, record, object_type, "created", after=snapshot(record))


def set_archived(
    *, access: ProductAccess, record: Versioned, archived: bool, object_type: str
) -> None:
    """Soft delete or restore; doing it twice is harmless and writes nothing."""
    if (record.archived_at is not None) == archived:
        return
    record.archived_at = timezone.now() if archived else None
    record.version += 1
    record.updated_at = timezone.now()
    record.save(update_fields=["archived_at", "version", "updated_at"])
    record_write(access, record, object_type, "archived" if archived else "restored")


# --- cleaning ------------------------------------------------------------------------------


def clean_text(
    errors: dict[str, str], name: str, value: Any, *, limit: int, required: bool = False
) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        errors[name] = "is required"
    elif len(text) > limit:
        errors[name] = f"must be at most {limit} characters"
    return text


def clean_choice(
    errors: dict[str, str], name: str, value: Any, choices: Iterable[str], *, blank: bool = False
) -> str:
    text = "" if value is None else str(value).strip()
    allowed = list(choices)
    if not (blank and text == "") and text not in allowed:
        errors[name] = f"must be one of: {', '.join(allowed)}"
    return text


def clean_int(errors: dict[str, str], name: str, value: Any, *, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[name] = f"must be a whole number from {low} to {high}"
        return low
    if not low <= number <= high:
        errors[name] = f"must be from {low} to {high}"
    return number


def unknown_fields(changes: Mapping[str, Any], known: Iterable[str]) -> dict[str, str]:
    return dict.fromkeys(sorted(set(changes) - set(known)), "is not a field of this record")
