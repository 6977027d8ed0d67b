"""What delivery's services share: clean text."""

from __future__ import annotations

from typing import Any

from tandem.workspace.errors import ValidationFailed


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
