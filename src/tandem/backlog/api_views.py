"""Saved backlog views and an item's sub-tasks over the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from tandem.workspace.http import access_of, etag, named_version
from tandem.workspace.schemas import BodyIn

from . import selectors, services
from .api_common import access_and_item
from .models import SavedView
from .schemas import ItemSummaryOut, item_summary_out
from .selectors.progress import attach_progress

router = Router(tags=["backlog"])


class SavedViewOut(Schema):
    id: int
    name: str
    shared: bool
    owner: str
    query: str = Field(description="The filters, as `GET /products/KEY/items` takes them")
    jql: str
    version: int


class SavedViewIn(BodyIn):
    name: str
    shared: bool = False
    query: str = Field("", description="e.g. `status=new&status=ready&not_label=spike`")
    jql: str = ""


class SavedViewPatchIn(BodyIn):
    name: str | None = None
    shared: bool | None = None
    query: str | None = None
    jql: str | None = None
    version: int | None = Field(None, description="The version you read; or send `If-Match`.")


def saved_view_out(view: SavedView) -> dict[str, Any]:
    return {
        "id": view.pk,
        "name": view.name,
        "shared": view.shared,
        "owner": view.owner.email,
        "query": view.query,
        "jql": view.jql,
        "version": view.version,
    }


@router.get(
    "/products/{product_key}/views",
    response=list[SavedViewOut],
    summary="Your saved views and the product's shared ones",
)
def list_views(request: HttpRequest, product_key: str) -> list[dict[str, Any]]:
    access = access_of(request, product_key)
    return [saved_view_out(v) for v in selectors.saved_views_of(access=access)]


@router.post("/products/{product_key}/views", response={201: SavedViewOut})
def create_view(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: SavedViewIn
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    view = services.saved_view_create(access=access, values=payload.dict())
    etag(response, view)
    return Status(201, saved_view_out(view))


@router.get("/products/{product_key}/views/{view_id}", response=SavedViewOut)
def get_view(
    request: HttpRequest, response: HttpResponse, product_key: str, view_id: int
) -> dict[str, Any]:
    access = access_of(request, product_key)
    view = selectors.saved_view_of(access=access, view_id=view_id)
    etag(response, view)
    return saved_view_out(view)


@router.patch(
    "/products/{product_key}/views/{view_id}",
    response=SavedViewOut,
    summary="Rename, share or change a view (its owner, or the Product Owner if shared)",
)
def update_view(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    view_id: int,
    payload: SavedViewPatchIn,
) -> dict[str, Any]:
    access = access_of(request, product_key)
    view = services.saved_view_update(
        access=access,
        view_id=view_id,
        values=payload.dict(exclude_unset=True, exclude={"version"}),
        expected_version=named_version(request, payload.version),
    )
    etag(response, view)
    return saved_view_out(view)


@router.delete("/products/{product_key}/views/{view_id}", response={204: None})
def delete_view(request: HttpRequest, product_key: str, view_id: int) -> Status[None]:
    access = access_of(request, product_key)
    services.saved_view_delete(access=access, view_id=view_id)
    return Status(204, None)


@router.get(
    "/items/{item_key}/subtasks",
    response=list[ItemSummaryOut],
    summary="An item's sub-tasks, in rank order",
)
def list_subtasks(request: HttpRequest, item_key: str) -> list[dict[str, Any]]:
    access, item = access_and_item(request, item_key)
    subtasks = selectors.subtasks_of(access=access, item=item)
    attach_progress(access, subtasks)
    return [item_summary_out(s) for s in subtasks]
