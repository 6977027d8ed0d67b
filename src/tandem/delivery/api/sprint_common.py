"""What the sprints API's modules share: versions from If-Match, access, the sprint path."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from tandem.delivery import selectors
from tandem.delivery.models import Sprint
from tandem.workspace import http
from tandem.workspace.access import ProductAccess
from tandem.workspace.http import access_of
from tandem.workspace.selectors import team_of

from .sprint_schemas import sprint_out

SPRINT = "/products/{product_key}/sprints/{sprint_id}"


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request: HttpRequest, body_version: int | None = None) -> int:
    """The version a write names (``If-Match``, quoted or bare, or the body's); required."""
    return http.expected_version(request, body_version, bare=True)


def team_scope(access: ProductAccess, team_id: int | None) -> selectors.TeamScope:
    """The sprints of one team (a ``team`` query parameter), or of every team."""
    if team_id is None:
        return selectors.ANY_TEAM
    return team_of(access=access, team_id=team_id)


def sprint_of(
    request: HttpRequest, product_key: str, sprint_id: int
) -> tuple[ProductAccess, Sprint]:
    access = access_of(request, product_key)
    return access, selectors.sprint_of(access=access, sprint_id=sprint_id)


def sprint_answer(response: HttpResponse, sprint: Sprint) -> dict[str, Any]:
    response["ETag"] = etag(sprint.version)
    return sprint_out(sprint)
