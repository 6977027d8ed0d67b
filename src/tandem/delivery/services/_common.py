"""What delivery's services share: the version check, and clean text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from tandem.workspace.errors import Conflict, ValidationFailed


class Versioned(Protocol):
    version: int


def check_version(
    record: Versioned,
    expected_version: int | None,
    label: str,
    snapshot: Callable[[], dict[str, Any]],
) -> None:
    """A write that read an older version gets the current state, never a silent overwrite."""
    if expected_version is not None and expected_version != record.version:
        raise Conflict(
            f"{label} was changed by someone else (you edited version {expected_version}, "
            f"it is now at version {record.version}).",
            current=snapshot() | {"version": record.version},
        )


def clean_text(
    errors: dict[str, str], field: str, value: Any, *, limit: int, required: bool = False
) -> str:
    text = "" if value is None else str(value).replace("\r\n", "\n").strip()
    if required and not text:
        errors[field] = "is required"
    elif len(text) > limit:
        errors[field] = f"must be at most {limit} characters"
    return text


def raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationFailed(errors)
