"""The releases API: releases, their scope, burnup and forecast; thin over services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from tandem.delivery import selectors, services
from tandem.delivery.models import Release
from tandem.workspace.access import ProductAccess
from tandem.workspace.http import access_of
from tandem.workspace.schemas import BodyIn

from ._common import expected_version, set_etag
from .launches import router as launches_router
from .reviews import router as reviews_router
from .testing import router as testing_router

router = Router(tags=["releases"])
router.add_router("/", reviews_router)
router.add_router("/", testing_router)
router.add_router("/", launches_router)


SLICE = "The story map's release slice this release ships (its id); null: none"


class ReleaseIn(BodyIn):
    name: str = Field(max_length=50)
    target_date: dt.date | None = None
    notes: str = ""
    items: list[str] = Field(default_factory=list, description="item keys, e.g. DRN-12")
    epics: list[str] = Field(default_factory=list, description="epic keys; their stories join")
    slice: int | None = Field(None, ge=1, description=SLICE)


class ReleasePatchIn(BodyIn):
    name: str | None = None
    target_date: dt.date | None = None
    notes: str | None = None
    items: list[str] | None = None
    epics: list[str] | None = None
    slice: int | None = Field(None, ge=1, description=SLICE)
    version: int | None = None


class ShipIn(BodyIn):
    released_on: dt.date
    version: int | None = None


class ReleaseOut(Schema):
    id: int
    name: str
    state: str
    target_date: dt.date | None
    released_on: dt.date | None
    notes: str
    items: list[str]
    epics: list[str]
    slice: int | None = Field(description="The story-map slice it ships, if linked")
    scope_items: int
    points: int
    done_points: int
    unestimated: int
    archived: bool
    version: int


class BurnupOut(Schema):
    days: list[dt.date]
    scope: list[float]
    done: list[float]


class WhenOut(Schema):
    confidence: int = Field(description="percent of simulated futures done by then")
    sprints: int
    date: dt.date


class FanPointOut(Schema):
    date: dt.date
    points: dict[int, float] = Field(description="confidence level -> cumulative done points")


class ForecastOut(Schema):
    scope_points: int
    done_points: int
    remaining_points: int
    unestimated: int
    velocity: list[float] = Field(description="completed points of each closed sprint")
    sprint_days: int
    next_sprint_starts: dt.date
    when: list[WhenOut]
    fan: list[FanPointOut]
    message: str


class PointsForecastOut(Schema):
    points: int
    velocity: list[float]
    sprint_days: int
    next_sprint_starts: dt.date
    when: list[WhenOut]
    message: str


class HowMuchOut(Schema):
    by: dt.date
    sprints: int
    scope_points: int
    points: dict[int, float] = Field(description="confidence level -> points done by then")
    message: str


def _release_fields(
    release: Release, *, scope_items: int, points: int, done_points: int, unestimated: int
) -> dict[str, Any]:
    """A release as the API answers it; ``release`` carries its items and epics."""
    return {
        "id": release.pk,
        "name": release.name,
        "state": release.state,
        "target_date": release.target_date,
        "released_on": release.released_on,
        "notes": release.notes,
        "items": sorted(i.key for i in release.items.all()),
        "epics": sorted(e.key for e in release.epics.all()),
        "slice": release.slice_id,
        "scope_items": scope_items,
        "points": points,
        "done_points": done_points,
        "unestimated": unestimated,
        "archived": release.archived_at is not None,
        "version": release.version,
    }


def _release_out(access: ProductAccess, release: Release) -> dict[str, Any]:
    scope = selectors.release_scope(access=access, release=release)
    points, done = selectors.scope_points(scope)
    return _release_fields(
        release,
        scope_items=len(scope),
        points=points,
        done_points=done,
        unestimated=sum(1 for i in scope if i.estimate is None),
    )


def _answer(access: ProductAccess, response: HttpResponse, release_id: int) -> dict[str, Any]:
    release = selectors.release_of(access=access, release_id=release_id)
    set_etag(response, release.version)
    return _release_out(access, release)


def _release_change(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    release_id: int,
    change: Callable[..., object],
    version: int | None,
    **arguments: Any,
) -> dict[str, Any]:
    """Run a service that changes the release from the version read; answer the release."""
    access = access_of(request, product_key)
    change(
        access=access,
        release_id=release_id,
        expected_version=expected_version(request, version),
        **arguments,
    )
    return _answer(access, response, release_id)


def _when_fields(forecast: selectors.ReleaseForecast | selectors.PointsForecast) -> dict[str, Any]:
    """What every "when will it be done?" answer holds: the pace it was read from, the
    date at each confidence level, and why there is none."""
    history = forecast.history
    return {
        "velocity": list(history.points),
        "sprint_days": history.sprint_days,
        "next_sprint_starts": history.next_start,
        "when": [
            {"confidence": level, "sprints": forecast.when_sprints[level], "date": day}
            for level, day in sorted(forecast.when_dates.items())
        ],
        "message": forecast.message,
    }


@router.get("/products/{product_key}/releases", response=list[ReleaseOut])
def list_releases(
    request: HttpRequest, product_key: str, archived: bool = False
) -> list[dict[str, Any]]:
    access = access_of(request, product_key)
    rows = selectors.releases_of(access=access, archived=archived)
    releases = {
        r.pk: r
        for r in Release.objects.filter(pk__in=[row.release.pk for row in rows]).prefetch_related(
            "items__product", "epics__product"
        )
    }
    return [
        _release_fields(
            releases[row.release.pk],
            scope_items=row.items,
            points=row.points,
            done_points=row.done_points,
            unestimated=row.unestimated,
        )
        for row in rows
    ]


@router.post("/products/{product_key}/releases", response={201: ReleaseOut})
def create_release(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: ReleaseIn
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    release = services.release_create(access=access, fields=payload.dict())
    return Status(201, _answer(access, response, release.pk))


@router.get("/products/{product_key}/releases/{release_id}", response=ReleaseOut)
def get_release(
    request: HttpRequest, response: HttpResponse, product_key: str, release_id: int
) -> dict[str, Any]:
    return _answer(access_of(request, product_key), response, release_id)


@router.patch(
    "/products/{product_key}/releases/{release_id}",
    response=ReleaseOut,
    summary="Change a release (needs If-Match or version; items and epics replace the scope)",
)
def patch_release(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    release_id: int,
    payload: ReleasePatchIn,
) -> dict[str, Any]:
    return _release_change(
        request,
        response,
        product_key,
        release_id,
        services.release_update,
        payload.version,
        changes=payload.dict(exclude_unset=True, exclude={"version"}),
    )


class ReleaseVersionIn(BodyIn):
    version: int | None = Field(None, description="The release version read (or If-Match)")


@router.post(
    "/products/{product_key}/releases/{release_id}/scope/slice-stories",
    response=ReleaseOut,
    summary="Add the stories of the release's story-map slice to its scope (needs If-Match)",
)
def add_slice_stories(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    release_id: int,
    payload: ReleaseVersionIn,
) -> dict[str, Any]:
    return _release_change(
        request,
        response,
        product_key,
        release_id,
        services.release_scope_add_slice,
        payload.version,
    )


@router.post("/products/{product_key}/releases/{release_id}/ship", response=ReleaseOut)
def ship_release(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    release_id: int,
    payload: ShipIn,
) -> dict[str, Any]:
    return _release_change(
        request,
        response,
        product_key,
        release_id,
        services.release_ship,
        payload.version,
        released_on=payload.released_on,
    )


@router.delete(
    "/products/{product_key}/releases/{release_id}",
    response={204: None},
    summary="Archive (soft delete; restore brings it back)",
)
def archive_release(request: HttpRequest, product_key: str, release_id: int) -> Status[None]:
    services.release_archive(access=access_of(request, product_key), release_id=release_id)
    return Status(204, None)


@router.post("/products/{product_key}/releases/{release_id}/restore", response=ReleaseOut)
def restore_release(
    request: HttpRequest, response: HttpResponse, product_key: str, release_id: int
) -> dict[str, Any]:
    access = access_of(request, product_key)
    services.release_restore(access=access, release_id=release_id)
    return _answer(access, response, release_id)


@router.get("/products/{product_key}/releases/{release_id}/burnup", response=BurnupOut)
def release_burnup(request: HttpRequest, product_key: str, release_id: int) -> dict[str, Any]:
    access = access_of(request, product_key)
    release = selectors.release_of(access=access, release_id=release_id)
    chart = selectors.release_burnup(access=access, release=release)
    return {"days": list(chart.days), "scope": list(chart.scope), "done": list(chart.done)}


@router.get(
    "/products/{product_key}/releases/{release_id}/forecast",
    response=ForecastOut,
    summary="When will the release be done? 50/85/95% dates from the team's closed sprints",
)
def release_forecast(request: HttpRequest, product_key: str, release_id: int) -> dict[str, Any]:
    access = access_of(request, product_key)
    release = selectors.release_of(access=access, release_id=release_id)
    forecast = selectors.release_forecast(access=access, release=release)
    return _when_fields(forecast) | {
        "scope_points": forecast.scope_points,
        "done_points": forecast.done_points,
        "remaining_points": forecast.remaining_points,
        "unestimated": forecast.unestimated,
        "fan": [{"date": point.day, "points": point.points} for point in forecast.fan],
    }


@router.get(
    "/products/{product_key}/releases/{release_id}/forecast/how-much",
    response=HowMuchOut,
    summary="How much of the release will be done by a date, at 50/85/95% confidence",
)
def release_how_much(
    request: HttpRequest, product_key: str, release_id: int, by: dt.date
) -> dict[str, Any]:
    access = access_of(request, product_key)
    release = selectors.release_of(access=access, release_id=release_id)
    answer = selectors.release_how_much(access=access, release=release, by=by)
    return {
        "by": answer.by,
        "sprints": answer.sprints,
        "scope_points": answer.scope_points,
        "points": answer.points,
        "message": answer.message,
    }


@router.get(
    "/products/{product_key}/forecast",
    response=PointsForecastOut,
    summary="When will N points be done? 50/85/95% dates from the team's closed sprints",
)
def points_forecast(request: HttpRequest, product_key: str, points: int) -> dict[str, Any]:
    access = access_of(request, product_key)
    forecast = selectors.points_forecast(access=access, points=points)
    return _when_fields(forecast) | {"points": forecast.points}
