"""The story map's endpoints: the whole map in one answer, moving a story on it, and
moving the line between two slices within one step's column.

Activities, steps and slices take the generic record routes under
``/products/KEY/story-map/{activities,steps,slices}`` (create, rename, reorder by
``position``, archive, restore, history, If-Match) from their declaration.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog.schemas import BacklogProposalOut, proposal_out
from tandem.backlog.services.items import WriteOutcome
from tandem.workspace.fields import Ref
from tandem.workspace.http import access_of, etag, named_version
from tandem.workspace.schemas import BodyIn

from . import selectors, services
from .models import MapPlacement, MapSlice

router = Router(tags=["story map"])


class MapItemOut(Schema):
    key: str
    title: str
    kind: str
    status: str
    estimate: int | None
    rank: str
    slice: int | None
    version: int


class StepOut(Schema):
    id: int
    name: str
    position: int
    version: int
    items: list[MapItemOut]


class ActivityOut(Schema):
    id: int
    name: str
    position: int
    version: int
    steps: list[StepOut]


class SliceReleaseOut(Schema):
    name: str = Field(description="The release's version")
    target_date: date | None
    released_on: date | None
    url: str = Field(description="The release's page")


class SliceOut(Schema):
    id: int
    name: str
    position: int
    is_skeleton: bool
    version: int
    release: SliceReleaseOut | None = Field(
        None, description="The release that ships this slice (set it on the release)"
    )


class StoryMapOut(Schema):
    activities: list[ActivityOut]
    slices: list[SliceOut]
    unplaced: list[MapItemOut]


class PlaceIn(BodyIn):
    step: Ref | None = Field(None, description="The step to put the story under; left out: kept")
    slice: Ref | None = Field(
        None, description="The slice to put it in; null: none; left out: kept"
    )
    position: Literal["top", "bottom"] | None = Field(None, description="Top or bottom of backlog")
    before: str | None = Field(None, description="Rank it just above this item key")
    after: str | None = Field(None, description="Rank it just below this item key")
    version: int | None = Field(None, ge=1, description="The item version read (or If-Match)")


class PlacedOut(Schema):
    item: MapItemOut
    step: int | None


class BoundaryIn(BodyIn):
    step: Ref = Field(description="The step whose column the line moves in")
    upper_slice: Ref = Field(description="The slice above the line")
    lower_slice: Ref | None = Field(
        description="The slice right below it; null: the row of stories in no slice"
    )
    by: int = Field(
        ge=-1000,
        le=1000,
        description="Stories the line crosses: negative moves it up (the upper slice's last "
        "stories go below), positive down (the lower slice's first stories go above)",
    )


class BoundaryOut(Schema):
    applied: bool = Field(description="False when the moves wait as proposals")
    slice: int | None = Field(description="The slice the crossed stories go (or would go) to")
    items: list[MapItemOut] = Field(description="The crossed stories, as they now stand")
    proposals: list[BacklogProposalOut] = Field(description="One move proposal per story")


def _item(item: Any, slice_id: int | None) -> dict[str, Any]:
    return {
        "key": item.key,
        "title": item.title,
        "kind": item.kind,
        "status": item.status,
        "estimate": item.estimate,
        "rank": item.rank,
        "slice": slice_id,
        "version": item.version,
    }


def _record(row: Any) -> dict[str, Any]:
    return {"id": row.pk, "name": row.name, "position": row.position, "version": row.version}


@router.get(
    "/products/{product_key}/story-map",
    response=StoryMapOut,
    summary="The story map: activities → steps → stories in backlog rank, and the slices",
)
def get_story_map(request: HttpRequest, product_key: str) -> dict[str, Any]:
    access = access_of(request, product_key)
    found = selectors.story_map(access=access)
    return {
        "activities": [
            _record(view.activity)
            | {
                "steps": [
                    _record(step.step)
                    | {"items": [_item(i, found.slice_of.get(i.pk)) for i in step.items]}
                    for step in view.steps
                ]
            }
            for view in found.activities
        ],
        "slices": [
            _record(s) | {"is_skeleton": s.is_skeleton, "release": found.releases.get(s.pk)}
            for s in found.slices
        ],
        "unplaced": [_item(i, None) for i in found.unplaced],
    }


def _answer(outcome: WriteOutcome, access: Any, response: HttpResponse) -> Status[dict[str, Any]]:
    if outcome.proposal is not None:
        return Status(202, proposal_out(outcome.proposal))
    item = backlog_selectors.item_of(access=access, number=outcome.item.number)
    placement = MapPlacement.objects.filter(item=item).first()
    etag(response, item)
    slice_id = placement.slice_id if placement else None
    return Status(
        200, {"item": _item(item, slice_id), "step": placement.step_id if placement else None}
    )


@router.post(
    "/products/{product_key}/story-map/items/{item_key}/place",
    response={200: PlacedOut, 202: BacklogProposalOut},
    summary="Put a story under a step / in a slice, at a backlog rank (202: a proposal)",
)
def place_item(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    item_key: str,
    payload: PlaceIn,
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    item = backlog_selectors.item_in_backlog(access=access, key=item_key)
    neighbour = backlog_selectors.item_in_backlog
    given = payload.model_fields_set
    slice_choice: MapSlice | services.Keep | None = services.KEEP
    if "slice" in given:
        slice_choice = services.slice_of(access, payload.slice) if payload.slice else None
    outcome = services.story_place(
        access=access,
        item=item,
        step=services.step_of(access, payload.step) if payload.step else None,
        slice=slice_choice,
        position=payload.position,
        before=neighbour(access=access, key=payload.before) if payload.before else None,
        after=neighbour(access=access, key=payload.after) if payload.after else None,
        expected_version=named_version(request, payload.version),
    )
    return _answer(outcome, access, response)


@router.delete(
    "/products/{product_key}/story-map/items/{item_key}",
    response={200: PlacedOut, 202: BacklogProposalOut},
    summary="Take a story off the map; it stays in the backlog (202: a proposal)",
)
def unplace_item(
    request: HttpRequest, response: HttpResponse, product_key: str, item_key: str
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    item = backlog_selectors.item_in_backlog(access=access, key=item_key)
    outcome = services.story_unplace(access=access, item=item)
    return _answer(outcome, access, response)


@router.post(
    "/products/{product_key}/story-map/slice-line",
    response={200: BoundaryOut, 202: BoundaryOut},
    summary="Move the line between two slices within one step's column (202: proposals)",
)
def move_slice_line(
    request: HttpRequest, product_key: str, payload: BoundaryIn
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    lower = payload.lower_slice
    moved = services.slice_boundary_move(
        access=access,
        step=services.step_of(access, payload.step),
        upper_slice=services.slice_of(access, payload.upper_slice, "upper_slice"),
        lower_slice=services.slice_of(access, lower, "lower_slice") if lower else None,
        by=payload.by,
    )
    items = [backlog_selectors.item_of(access=access, number=item.number) for item in moved.crossed]
    now_in = dict(MapPlacement.objects.filter(item__in=items).values_list("item_id", "slice_id"))
    return Status(
        200 if moved.applied else 202,
        {
            "applied": moved.applied,
            "slice": moved.to_slice.pk if moved.to_slice else None,
            "items": [_item(i, now_in.get(i.pk)) for i in items],
            "proposals": [proposal_out(p) for p in moved.proposals],
        },
    )
