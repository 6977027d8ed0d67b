"""Saved filters through Jira's ``/filter`` endpoints (create, read, change, favourites)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from tandem.core.jql import JqlError, Operator, StringValue, clauses, normalize, parse
from tandem.integrations.jira_models import SavedFilter
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.models import User

from . import saved_filters, selectors
from .http import JiraError, base_url, body_of, jira_view, user_of
from .shapes import API, project_json, user_json


def filter_json(base: str, saved: SavedFilter) -> dict[str, Any]:
    backlog = reverse("backlog:list", args=[saved.product.key])
    return {
        "self": f"{base}{API}/filter/{saved.pk}",
        "id": str(saved.pk),
        "name": saved.name,
        "description": saved.description,
        "owner": user_json(base, saved.owner),
        "jql": saved.jql,
        "viewUrl": f"{base}{backlog}?{urlencode({'saved': saved.pk})}",
        "searchUrl": f"{base}{API}/search?{urlencode({'jql': saved.jql})}",
        "favourite": True,
        "sharePermissions": (
            [{"type": "project", "project": project_json(base, saved.product)}]
            if saved.shared
            else []
        ),
    }


def _project_named_in(jql: str) -> str | None:
    """The project a query pins with ``project = KEY``, if it does."""
    try:
        query = normalize(parse(jql))
    except JqlError:
        return None
    for clause in clauses(query.where):
        if (
            clause.field.name == "product"
            and clause.operator is Operator.EQ
            and isinstance(clause.value, StringValue)
        ):
            return clause.value.text
    return None


def _access_for_new(user: User, body: dict[str, Any]) -> ProductAccess:
    """A filter lives in a product: the one named, else the query's, else the caller's first."""
    named = body.get("project")
    if isinstance(named, dict):
        named = named.get("key") or named.get("id")
    key = str(named or _project_named_in(str(body.get("jql") or "")) or "")
    if not key:
        first = selectors.member_products(user).values_list("key", flat=True).first()
        if first is None:
            raise JiraError(400, ["You are not a member of any project."])
        key = first
    return selectors.access_to_project(user, key)


def _values(body: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {k: body[k] for k in ("name", "jql", "description") if k in body}
    if "shared" in body:
        values["shared"] = body["shared"]
    elif "sharePermissions" in body:
        values["shared"] = bool(body["sharePermissions"])
    return values


def _visible(user: User, filter_id: int) -> tuple[ProductAccess, SavedFilter]:
    product_key = (
        SavedFilter.objects.filter(
            pk=filter_id, archived_at__isnull=True, product__in=selectors.member_products(user)
        )
        .values_list("product__key", flat=True)
        .first()
    )
    if product_key is None:
        raise NotFound(f"The selected filter is not available to you: {filter_id}.")
    access = selectors.access_to_project(user, product_key)
    return access, saved_filters.saved_filter_of(access=access, filter_id=filter_id)


@jira_view("POST")
def filter_create(request: HttpRequest) -> JsonResponse:
    body = body_of(request)
    access = _access_for_new(user_of(request), body)
    saved = saved_filters.saved_filter_create(access=access, values=_values(body))
    return JsonResponse(filter_json(base_url(request), saved))


@jira_view("GET", "PUT", "DELETE")
def filter_detail(request: HttpRequest, filter_id: int) -> HttpResponse:
    access, saved = _visible(user_of(request), filter_id)
    if request.method == "DELETE":
        saved_filters.saved_filter_archive(access=access, saved=saved)
        return HttpResponse(status=204)
    if request.method == "PUT":
        values = _values(body_of(request))
        # Jira's protocol has no If-Match: the version read here stands for the caller's.
        saved = saved_filters.saved_filter_update(
            access=access, saved=saved, values=values, expected_version=saved.version
        )
    return JsonResponse(filter_json(base_url(request), saved))


@jira_view("GET")
def favourite_filters(request: HttpRequest) -> JsonResponse:
    """Every filter the caller may use: their own and those shared in their products."""
    user = user_of(request)
    base = base_url(request)
    shapes: list[dict[str, Any]] = []
    for product in selectors.member_products(user):
        access = selectors.access_to_project(user, product.key)
        shapes.extend(filter_json(base, f) for f in saved_filters.saved_filters_of(access=access))
    return JsonResponse(shapes, safe=False)
