"""The wiki's own API verbs; a page's plain ones (list, create, get, change with
If-Match, archive, restore, history) come from the registry's generic routes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.params import functions as params
from pydantic import Field

from tandem.workspace import fields as f
from tandem.workspace.http import access_of, etag, expected_version
from tandem.workspace.registry import record_type
from tandem.workspace.routes import answer_of

from . import wiki
from .wiki_records import KIND

router = Router(tags=["knowledge"])

PAGE = "/products/{product_key}/pages/{int:page_id}"


class RevisionOut(Schema):
    version: int
    title: str
    body: str
    author: str | None
    created_at: dt.datetime


class DiffLineOut(Schema):
    tag: str
    old_line: int | None
    old: str
    new_line: int | None
    new: str


class PageDiffOut(Schema):
    page: int
    from_version: int
    to_version: int
    title_from: str
    title_to: str
    added: int
    removed: int
    lines: list[DiffLineOut]
    unified: str


class RestoreVersionIn(f.Input):
    revision: int = Field(..., ge=1, le=2**31 - 1, description="The version to bring back.")
    version: f.Version | None = None


@router.get(
    f"{PAGE}/versions",
    response=list[RevisionOut],
    operation_id="wiki_page_versions",
    summary="Every saved version of a page, newest first",
)
def page_versions(request: HttpRequest, product_key: str, page_id: int) -> list[dict[str, Any]]:
    access = access_of(request, product_key)
    return [
        {
            "version": r.version,
            "title": r.title,
            "body": r.body,
            "author": r.author.email if r.author else None,
            "created_at": r.created_at,
        }
        for r in wiki.revisions_of(access=access, page_id=page_id)
    ]


@router.get(
    f"{PAGE}/diff",
    response=PageDiffOut,
    operation_id="wiki_page_diff",
    summary="What changed between two saved versions of a page",
)
def page_diff(
    request: HttpRequest,
    product_key: str,
    page_id: int,
    from_version: int = params.Query(..., alias="from", ge=1, le=2**31 - 1),
    to_version: int = params.Query(..., alias="to", ge=1, le=2**31 - 1),
) -> dict[str, Any]:
    access = access_of(request, product_key)
    diff = wiki.page_diff(access=access, page_id=page_id, old=from_version, new=to_version)
    return {
        "page": page_id,
        "from_version": diff.old.version,
        "to_version": diff.new.version,
        "title_from": diff.old.title,
        "title_to": diff.new.title,
        "added": diff.added,
        "removed": diff.removed,
        "lines": [
            {"tag": r.tag, "old_line": r.old_no, "old": r.old, "new_line": r.new_no, "new": r.new}
            for r in diff.rows
        ],
        "unified": diff.unified,
    }


@router.post(
    f"{PAGE}/restore-version",
    response=dict[str, Any],
    operation_id="wiki_page_restore_version",
    summary="Bring an old version's words back as a new version (If-Match or version)",
)
def page_restore_version(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    page_id: int,
    payload: RestoreVersionIn,
) -> dict[str, Any]:
    access = access_of(request, product_key)
    page = wiki.page_restore_version(
        access=access,
        page_id=page_id,
        revision=payload.revision,
        expected_version=expected_version(request, payload.version),
    )
    etag(response, page)
    return answer_of(request, access, record_type(KIND), page)
