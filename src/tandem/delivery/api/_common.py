"""What delivery's endpoints share: the version a write names, and ETags."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from tandem.workspace import http


def expected_version(request: HttpRequest, body_version: int | None = None) -> int:
    """The version a write names (``If-Match``, quoted or bare, or the body's); required."""
    return http.expected_version(request, body_version, bare=True)


def set_etag(response: HttpResponse, version: int) -> None:
    response["ETag"] = f'"{version}"'
