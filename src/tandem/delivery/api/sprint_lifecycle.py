"""The sprints API's start check and reopening a closed sprint."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from tandem.delivery import services
from tandem.delivery.lookups import sprint_of

from .sprint_common import SPRINT, sprint_change
from .sprint_schemas import SprintOut, VersionIn

router = Router(tags=["sprints"])


class StartCheckOut(Schema):
    planned_points: int
    items: int
    capacity: int | None
    velocity: float | None
    velocity_sprints: int
    days: int
    overlaps: list[str]
    warnings: list[str]
    needs_confirm: bool


@router.get(
    f"{SPRINT}/start-check",
    response=StartCheckOut,
    summary="Before starting: commitment against capacity and velocity, length, overlaps",
)
def start_check(request: HttpRequest, product_key: str, sprint_id: int) -> dict[str, Any]:
    """``warnings`` not empty: the start needs ``confirm: true``."""
    _, sprint = sprint_of(request, product_key, sprint_id)
    check = services.sprint_start_check(sprint)
    return check.as_dict() | {"needs_confirm": bool(check.warnings)}


@router.post(
    f"{SPRINT}/reopen",
    response=SprintOut,
    summary="Reopen the most recently closed sprint, its unfinished items back (If-Match)",
)
def reopen_sprint(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    sprint_id: int,
    payload: VersionIn,
) -> dict[str, Any]:
    return sprint_change(
        request, response, product_key, sprint_id, services.sprint_reopen, payload.version
    )
