"""Boards, sprints, sprint issues and the board backlog (Agile API 1.0).

Each product is one scrum board whose id is the product's id.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from tandem.backlog import selectors as backlog_selectors
from tandem.delivery import services as delivery_services
from tandem.workspace.models import Product

from . import selectors
from .core import paging, search_response
from .fields import requested_fields
from .http import JiraError, base_url, body_of, jira_view, user_of
from .shapes import AGILE, SPRINT_STATES, sprint_json

_STATE_BY_NAME = {name: state for state, name in SPRINT_STATES.items()}


def board_json(base: str, product: Product) -> dict[str, Any]:
    return {
        "id": product.pk,
        "self": f"{base}{AGILE}/board/{product.pk}",
        "name": f"{product.key} board",
        "type": "scrum",
        "location": {
            "projectId": product.pk,
            "projectKey": product.key,
            "projectName": product.name,
            "displayName": f"{product.name} ({product.key})",
            "name": f"{product.name} ({product.key})",
            "projectTypeKey": "software",
        },
    }


def _page(request: HttpRequest, values: list[dict[str, Any]]) -> JsonResponse:
    start_at, max_results = paging(request.GET.dict())
    page = values[start_at : start_at + max_results]
    return JsonResponse(
        {
            "maxResults": max_results,
            "startAt": start_at,
            "total": len(values),
            "isLast": start_at + len(page) >= len(values),
            "values": page,
        }
    )


@jira_view("GET")
def boards(request: HttpRequest) -> JsonResponse:
    products = selectors.member_products(user_of(request))
    project = request.GET.get("projectKeyOrId", "")
    if project:
        products = (
            products.filter(pk=int(project))
            if project.isdigit()
            else products.filter(key__iexact=project)
        )
    if request.GET.get("type", "scrum") != "scrum":
        products = products.none()
    name = request.GET.get("name", "")
    base = base_url(request)
    shapes = [board_json(base, p) for p in products]
    return _page(request, [s for s in shapes if name.lower() in s["name"].lower()])


@jira_view("GET")
def board(request: HttpRequest, board_id: int) -> JsonResponse:
    access = selectors.access_to_project(user_of(request), str(board_id))
    return JsonResponse(board_json(base_url(request), access.product))


@jira_view("GET")
def board_sprints(request: HttpRequest, board_id: int) -> JsonResponse:
    access = selectors.access_to_project(user_of(request), str(board_id))
    names = [s.strip() for s in request.GET.get("state", "").split(",") if s.strip()]
    unknown = [n for n in names if n not in _STATE_BY_NAME]
    if unknown:
        raise JiraError(
            400, [f"Unknown sprint state: {', '.join(unknown)} (active, future, closed)."]
        )
    sprints = selectors.sprints_of(access, [_STATE_BY_NAME[n] for n in names])
    base = base_url(request)
    return _page(request, [sprint_json(base, s) for s in sprints])


@jira_view("GET")
def sprint(request: HttpRequest, sprint_id: int) -> JsonResponse:
    _, found = selectors.sprint_of(user_of(request), sprint_id)
    return JsonResponse(sprint_json(base_url(request), found))


def _issues(request: HttpRequest, scope: Any) -> JsonResponse:
    jql = request.GET.get("jql", "")
    items = selectors.searched_items(user_of(request), jql, scope=scope)
    wanted = requested_fields(request.GET.getlist("fields"))
    return search_response(request, items, request.GET.dict(), wanted)


@jira_view("GET", "POST")
def sprint_issues(request: HttpRequest, sprint_id: int) -> HttpResponse:
    access, found = selectors.sprint_of(user_of(request), sprint_id)
    if request.method == "POST":
        keys = body_of(request).get("issues")
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise JiraError(400, [], {"issues": "must be a list of issue keys"})
        items = backlog_selectors.items_in_backlog(access=access, keys=keys)
        delivery_services.sprint_items_add(access=access, sprint=found, items=items)
        return HttpResponse(status=204)
    return _issues(request, selectors.items_of_sprint(access, found))


@jira_view("GET")
def board_backlog(request: HttpRequest, board_id: int) -> JsonResponse:
    access = selectors.access_to_project(user_of(request), str(board_id))
    return _issues(request, selectors.backlog_items(access))


@jira_view("GET")
def board_issues(request: HttpRequest, board_id: int) -> JsonResponse:
    access = selectors.access_to_project(user_of(request), str(board_id))
    return _issues(request, selectors.board_items(access))
