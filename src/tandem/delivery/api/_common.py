"""What the release-side endpoints share: the caller, versions and ETags."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from tandem.workspace.access import ProductAccess
from tandem.workspace.api import current_user
from tandem.workspace.errors import PreconditionRequired, ValidationFailed
from tandem.workspace.selectors import product_access


def access_of(request: HttpRequest, product_key: str) -> ProductAccess:
    return product_access(user=current_user(request), product_key=product_key)


def expected_version(request: HttpRequest, body_version: int | None = None) -> int:
    """The version the client read, from ``If-Match`` or the body; required to write."""
    header = request.headers.get("If-Match", "").strip()
    if header:
        value = header.removeprefix("W/").strip('"')
        if not value.isdigit():
            raise ValidationFailed({"If-Match": "must be an ETag this API returned"})
        return int(value)
    if body_version is not None:
        return body_version
    raise PreconditionRequired(
        "Send the version you read as `If-Match` (the record's ETag) or as `version`."
    )


def set_etag(response: HttpResponse, version: int) -> None:
    response["ETag"] = f'"{version}"'
