"""Notifications and watches over HTTP: ``/notifications`` and ``/products/KEY/watch/…``."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from ..http import access_of, current_user
from ..schemas import BodyIn
from . import selectors, services


class LineOut(Schema):
    text: str
    count: int
    latest: dt.datetime


class GroupOut(Schema):
    object_type: str
    object_id: int
    label: str
    url: str
    unread: int
    notification_ids: list[int]
    lines: list[LineOut]


class NotificationsOut(Schema):
    unread: int
    groups: list[GroupOut]


class ListIn(BodyIn):
    unread: bool = False
    limit: int = Field(100, ge=1, le=500, description="How many notifications to group")


class ReadIn(BodyIn):
    ids: list[int] = Field(default_factory=list, max_length=1000)
    all: bool = False


class ReadOut(Schema):
    marked: int
    unread: int


class WatchOut(Schema):
    object_type: str
    object_id: int
    watching: bool
    watchers: int


router = Router(tags=["notifications"])


@router.get("/notifications", response=NotificationsOut)
def notifications_list(request: HttpRequest, filters: Query[ListIn]) -> dict[str, Any]:
    """My notifications grouped by record, newest first; ``unread=true`` for the unread only."""
    user = current_user(request)
    rows = list(selectors.notifications_of(user=user, unread_only=filters.unread)[: filters.limit])
    groups = selectors.grouped(rows)
    return {
        "unread": selectors.unread_count(user=user),
        "groups": [
            {
                "object_type": g.object_type,
                "object_id": g.object_id,
                "label": g.label,
                "url": request.build_absolute_uri(g.url) if g.url else "",
                "unread": g.unread,
                "notification_ids": g.ids,
                "lines": [
                    {"text": line.text, "count": line.count, "latest": line.latest}
                    for line in g.lines
                ],
            }
            for g in groups
        ],
    }


@router.post("/notifications/read", response=ReadOut)
def notifications_read(request: HttpRequest, payload: ReadIn) -> dict[str, Any]:
    """Mark some (``ids``) or ``all`` of my notifications read."""
    user = current_user(request)
    if payload.all:
        marked = services.notifications_mark_all_read(user=user)
    else:
        marked = services.notifications_mark_read(user=user, ids=payload.ids)
    return {"marked": marked, "unread": selectors.unread_count(user=user)}


def _watch_out(
    request: HttpRequest, product_key: str, object_type: str, object_id: int
) -> dict[str, Any]:
    access = access_of(request, product_key)
    state = selectors.watch_state(access=access, object_type=object_type, object_id=object_id)
    return {"object_type": object_type, "object_id": object_id, **state}


_WATCH = "/products/{product_key}/watch/{object_type}/{object_id}"


@router.get(_WATCH, response=WatchOut)
def watch_get(
    request: HttpRequest, product_key: str, object_type: str, object_id: int
) -> dict[str, Any]:
    return _watch_out(request, product_key, object_type, object_id)


@router.put(_WATCH, response=WatchOut)
def watch_put(
    request: HttpRequest, product_key: str, object_type: str, object_id: int
) -> dict[str, Any]:
    """Watch a record of any kind (``item``, ``initiative``, ``release``, ``sprint`` …)."""
    access = access_of(request, product_key)
    services.watch_start(access=access, object_type=object_type, object_id=object_id)
    return _watch_out(request, product_key, object_type, object_id)


@router.delete(_WATCH, response={204: None})
def watch_delete(
    request: HttpRequest, product_key: str, object_type: str, object_id: int
) -> Status[None]:
    access = access_of(request, product_key)
    services.watch_stop(access=access, object_type=object_type, object_id=object_id)
    return Status(204, None)
