"""What the release-side endpoints share: the caller, versions and ETags."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from tandem.workspace.access import ProductAccess
from tandem.workspace.api import current_user
from tandem.workspace.errors import PreconditionRequired
from tandem.workspace.http import version_from_etag
from tandem.workspace.selectors import product_access


def access_of(request: HttpRequest, product_key: str) -> ProductAccess:
    return product_access(user=current_user(request), product_key=product_key)


def expected_version(request: HttpRequest, body_version: int | None = None) -> int:
    """The version the client read, from ``If-Match`` or the body; required to write."""
    header = request.headers.get("If-Match", "").strip()
    if header:
        if header.isdigit() and len(header) <= 10:  # a bare version, as clients have sent
            return int(header)
        return version_from_etag(header)  # a tag never issued is a 412
    if body_version is not None:
        return body_version
    raise PreconditionRequired(
        "Send the version you read as `If-Match` (the record's ETag) or as `version`."
    )


def set_etag(response: HttpResponse, version: int) -> None:
    response["ETag"] = f'"{version}"'
