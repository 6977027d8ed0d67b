"""What the sprints API's modules share: access, the sprint path, a sprint write's answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from tandem.delivery import selectors
from tandem.delivery.lookups import sprint_of
from tandem.delivery.models import Sprint
from tandem.workspace import http
from tandem.workspace.access import ProductAccess
from tandem.workspace.selectors import team_of

from ._common import expected_version
from .sprint_schemas import sprint_out

SPRINT = "/products/{product_key}/sprints/{sprint_id}"


def team_scope(access: ProductAccess, team_id: int | None) -> selectors.TeamScope:
    """The sprints of one team (a ``team`` query parameter), or of every team."""
    if team_id is None:
        return selectors.ANY_TEAM
    return team_of(access=access, team_id=team_id)


def sprint_answer(response: HttpResponse, sprint: Sprint) -> dict[str, Any]:
    http.etag(response, sprint)
    return sprint_out(sprint)


def sprint_change(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    sprint_id: int,
    change: Callable[..., Sprint],
    version: int | None,
    **arguments: Any,
) -> dict[str, Any]:
    """Find the sprint, run a service that changes it from the version read, answer the sprint.

    The version is read after the sprint is found: an outsider learns of nothing but a 404.
    """
    access, sprint = sprint_of(request, product_key, sprint_id)
    sprint = change(
        access=access,
        sprint=sprint,
        expected_version=expected_version(request, version),
        **arguments,
    )
    return sprint_answer(response, sprint)
