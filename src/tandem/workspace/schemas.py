"""What every API input shares: no NUL characters, and (for bodies) no unknown fields."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ConfigDict, field_validator

NUL = "\x00"


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class QueryIn(Schema):
    """Query parameters. PostgreSQL stores no NUL character, so none gets as far as a query."""

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("must not contain the NUL character")
        return value


class BodyIn(QueryIn):
    """A JSON request body whose every field the endpoint knows, so a typo is an error."""

    model_config = ConfigDict(extra="forbid")
