"""Server info, the caller, users, projects, fields and issue search (REST API v2)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from tandem import __version__
from tandem.backlog.models import Kind, MoSCoW, Status
from tandem.workspace.errors import NotFound
from tandem.workspace.models import User

from . import selectors
from .fields import field_list, requested_fields
from .http import JiraError, base_url, body_of, jira_view, user_of
from .shapes import (
    issue_json,
    issuetype_json,
    jira_time,
    priority_json,
    project_json,
    status_json,
    user_json,
)

MAX_RESULTS = 1000
JIRA_VERSION = (9, 12, 0)  # the Jira Server release whose REST API v2 this follows


@jira_view("GET")
def server_info(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "baseUrl": base_url(request),
            "version": ".".join(str(n) for n in JIRA_VERSION),
            "versionNumbers": list(JIRA_VERSION),
            "deploymentType": "Server",
            "buildNumber": 912000,
            "serverTime": jira_time(timezone.now()),
            "scmInfo": "",
            "serverTitle": f"Tandem {__version__}",
        }
    )


@jira_view("GET")
def myself(request: HttpRequest) -> JsonResponse:
    return JsonResponse(user_json(base_url(request), user_of(request)))


@jira_view("GET")
def user(request: HttpRequest) -> JsonResponse:
    """A person who shares a product with the caller, by e-mail (Jira's ``username``)."""
    name = request.GET.get("username") or request.GET.get("key") or ""
    products = selectors.member_products(user_of(request))
    found = (
        User.objects.filter(email__iexact=name.strip(), memberships__product__in=products)
        .distinct()
        .first()
    )
    if found is None:
        raise NotFound(f"The user named '{name}' does not exist")
    return JsonResponse(user_json(base_url(request), found))


@jira_view("GET")
def user_search(request: HttpRequest) -> JsonResponse:
    """People who share a product with the caller whose e-mail or name holds the words."""
    words = (request.GET.get("username") or request.GET.get("query") or "").strip()
    start_at, max_results = paging(request.GET.dict())
    if not words:
        raise JiraError(400, ["Give username or query to search for."])
    products = selectors.member_products(user_of(request))
    people = (
        User.objects.filter(memberships__product__in=products)
        .filter(Q(email__icontains=words) | Q(name__icontains=words))
        .distinct()
        .order_by("email")[start_at : start_at + max_results]
    )
    base = base_url(request)
    return JsonResponse([user_json(base, person) for person in people], safe=False)


@jira_view("GET", "POST", "PUT", "DELETE")
def unknown(request: HttpRequest, path: str) -> JsonResponse:
    raise JiraError(404, [f"No resource at /rest/{path} on this server."])


@jira_view("GET")
def projects(request: HttpRequest) -> JsonResponse:
    base = base_url(request)
    shapes = [project_json(base, p) for p in selectors.member_products(user_of(request))]
    return JsonResponse(shapes, safe=False)


@jira_view("GET")
def project(request: HttpRequest, key_or_id: str) -> JsonResponse:
    access = selectors.access_to_project(user_of(request), key_or_id)
    return JsonResponse(project_json(base_url(request), access.product, full=True))


@jira_view("GET")
def fields(request: HttpRequest) -> JsonResponse:
    return JsonResponse(field_list(), safe=False)


def paging(params: dict[str, Any]) -> tuple[int, int]:
    try:
        start_at = int(params.get("startAt") or 0)
        raw_max = params.get("maxResults")
        max_results = 50 if raw_max in (None, "") else int(raw_max)  # 0 asks only for the total
    except (TypeError, ValueError):
        raise JiraError(400, ["startAt and maxResults must be whole numbers."]) from None
    if start_at < 0 or max_results < 0:
        raise JiraError(400, ["startAt and maxResults cannot be negative."])
    return start_at, min(max_results, MAX_RESULTS)


def search_response(
    request: HttpRequest, items: Any, params: dict[str, Any], wanted: tuple[str, ...]
) -> JsonResponse:
    """One page of issues in Jira's search shape."""
    start_at, max_results = paging(params)
    rows, total = selectors.page_of(items, start_at, max_results, "comment" in wanted)
    sprints = selectors.sprints_by_item(rows)
    base = base_url(request)
    return JsonResponse(
        {
            "expand": "schema,names",
            "startAt": start_at,
            "maxResults": max_results,
            "total": total,
            "issues": [issue_json(base, i, wanted, sprints.get(i.pk, [])) for i in rows],
        }
    )


@jira_view("GET", "POST")
def search(request: HttpRequest) -> JsonResponse:
    if request.method == "POST":
        params = body_of(request)
        raw_fields = params.get("fields") or []
        if isinstance(raw_fields, str):
            raw_fields = [raw_fields]
    else:
        params = request.GET.dict()
        raw_fields = request.GET.getlist("fields")
    jql = str(params.get("jql") or "")
    items = selectors.searched_items(user_of(request), jql)
    return search_response(request, items, params, requested_fields(raw_fields))


@jira_view("GET")
def issue_types(request: HttpRequest) -> JsonResponse:
    base = base_url(request)
    return JsonResponse([issuetype_json(base, kind) for kind in Kind.values], safe=False)


@jira_view("GET")
def create_meta_issue_types(request: HttpRequest, key_or_id: str) -> JsonResponse:
    """Jira Server 8.4+'s list of what may be created in a project, one page."""
    selectors.access_to_project(user_of(request), key_or_id)
    base = base_url(request)
    values = [issuetype_json(base, kind) for kind in Kind.values]
    return JsonResponse(
        {
            "maxResults": len(values),
            "startAt": 0,
            "total": len(values),
            "isLast": True,
            "values": values,
        }
    )


@jira_view("GET")
def statuses(request: HttpRequest) -> JsonResponse:
    base = base_url(request)
    return JsonResponse([status_json(base, status) for status in Status.values], safe=False)


@jira_view("GET")
def priorities(request: HttpRequest) -> JsonResponse:
    base = base_url(request)
    return JsonResponse([priority_json(base, choice) for choice in MoSCoW.values], safe=False)
