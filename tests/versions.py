"""What every versioned edit answers over the API: 428 without a version, 409 when stale."""

from __future__ import annotations

from typing import Any

from django.test import Client

PROBLEM = "application/problem+json"


def patch(token: str, path: str, body: Any, **headers: str) -> Any:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.patch(path, body, content_type="application/json", headers=headers)


def assert_a_patch_without_a_version_is_428(token: str, path: str, field: str) -> None:
    missing = patch(token, path, {field: "New"})
    assert (missing.status_code, missing["Content-Type"]) == (428, PROBLEM)
    # Nothing changed: the version read before is still the current one.
    assert patch(token, path, {field: "New"}, **{"If-Match": '"1"'}).status_code == 200


def assert_a_stale_patch_is_409_with_the_current_state(token: str, path: str, field: str) -> None:
    assert patch(token, path, {field: "First"}, **{"If-Match": '"1"'}).status_code == 200
    stale = patch(token, path, {field: "Late"}, **{"If-Match": '"1"'})
    assert (stale.status_code, stale["Content-Type"]) == (409, PROBLEM)
    assert (stale.json()["current"][field], stale.json()["current"]["version"]) == ("First", 2)
