"""Domain errors every app raises; the API maps them to problem+json in one place."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title


class NotFound(DomainError):
    """Also raised for records of another organization, so their existence never leaks."""

    status = 404
    title = "Not found"


class PermissionDenied(DomainError):
    status = 403
    title = "Not allowed"


class ValidationFailed(DomainError):
    status = 422
    title = "Invalid input"

    def __init__(
        self, errors: dict[str, str], detail: str = "", *, warnings: list[str] | None = None
    ) -> None:
        super().__init__(detail or "; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
        # What a write that asks for a confirmation lists, one line each (problem+json).
        self.warnings = warnings or []


class Conflict(DomainError):
    """A stale write: the caller read an older version than the one stored."""

    status = 409
    title = "Edit conflict"

    def __init__(
        self,
        detail: str,
        current: dict[str, Any] | None = None,
        fields: list[str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.current = current or {}
        self.fields = fields or []  # the fields both writers changed, when known


class PreconditionRequired(DomainError):
    """An update that names no version could silently overwrite someone's edit."""

    status = 428
    title = "Version required"


class PreconditionFailed(DomainError):
    """``If-Match`` names a tag this server never issued: HTTP says 412, not 422."""

    status = 412
    title = "Precondition failed"
