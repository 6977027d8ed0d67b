"""The sprints API: sprints, planning, the board, charts, impediments, retrospectives.

Thin over services and selectors. Updates name the version they read, as
``If-Match`` (the ETag a read returned) or ``version`` in the body; a stale one
answers 409 with the current state, a missing one 428.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog.models import Item
from tandem.delivery import selectors, services
from tandem.delivery.lookups import sprint_of
from tandem.workspace import http
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.http import access_of
from tandem.workspace.models import Proposal, User

from ._common import expected_version
from .sprint_common import SPRINT, sprint_answer, sprint_change, team_scope
from .sprint_lifecycle import router as lifecycle_router
from .sprint_schemas import (
    AvailabilityIn,
    BoardColumnOut,
    BurndownOut,
    CapacityOut,
    CardMoveIn,
    CardOut,
    CloseIn,
    ContentOut,
    FlowOut,
    ItemsIn,
    SprintDetailOut,
    SprintIn,
    SprintOut,
    SprintPatchIn,
    SprintPlanOut,
    SprintSuggestionOut,
    StartIn,
    VelocityOut,
    WipIn,
    WipOut,
    burndown_out,
    capacity_out,
    card_out,
    sprint_out,
    suggestion_out,
)
from .sprint_work import router as work_router

router = Router(tags=["sprints"])
router.add_router("/", work_router)
router.add_router("/", lifecycle_router)

# --- sprints ------------------------------------------------------------------------------


@router.get(
    "/products/{product_key}/sprints", response=list[SprintOut], summary="Sprints, newest first"
)
def list_sprints(
    request: HttpRequest, product_key: str, archived: bool = False, team: int | None = None
) -> list[dict[str, Any]]:
    """``team`` (an id) keeps that team's sprints only."""
    access = access_of(request, product_key)
    sprints = selectors.sprints_of(access=access, archived=archived, team=team_scope(access, team))
    return [sprint_out(s) for s in sprints]


@router.post("/products/{product_key}/sprints", response={201: SprintOut})
def create_sprint(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: SprintIn
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    sprint = services.sprint_create(access=access, fields=payload.dict())
    return Status(201, sprint_answer(response, sprint))


@router.get(SPRINT, response=SprintDetailOut, summary="A sprint with the items now in it")
def get_sprint(
    request: HttpRequest, response: HttpResponse, product_key: str, sprint_id: int
) -> dict[str, Any]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    items = selectors.sprint_entries(access=access, sprint=sprint)
    points = selectors.sprint_points(items=items)
    return sprint_answer(response, sprint) | {
        "items": [card_out(i) for i in items],
        "planned_points": points.planned,
        "done_points": points.done,
    }


@router.patch(SPRINT, response=SprintOut, summary="Change goal, dates, capacity (If-Match)")
def patch_sprint(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    sprint_id: int,
    payload: SprintPatchIn,
) -> dict[str, Any]:
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return sprint_change(
        request,
        response,
        product_key,
        sprint_id,
        services.sprint_update,
        payload.version,
        changes=changes,
    )


@router.post(
    f"{SPRINT}/start", response=SprintOut, summary="Start: snapshot the commitment (If-Match)"
)
def start_sprint(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    sprint_id: int,
    payload: StartIn,
) -> dict[str, Any]:
    return sprint_change(
        request,
        response,
        product_key,
        sprint_id,
        services.sprint_start,
        payload.version,
        confirmed=payload.confirm,
    )


@router.post(
    f"{SPRINT}/close",
    response=SprintOut,
    summary="Close: record completed points; unfinished items go to the backlog or the next sprint",
)
def close_sprint(
    request: HttpRequest, response: HttpResponse, product_key: str, sprint_id: int, payload: CloseIn
) -> dict[str, Any]:
    return sprint_change(
        request,
        response,
        product_key,
        sprint_id,
        services.sprint_close,
        payload.version,
        carry=payload.carry,
    )


@router.delete(SPRINT, response={204: None}, summary="Archive (soft delete, restorable)")
def archive_sprint(request: HttpRequest, product_key: str, sprint_id: int) -> Status[None]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    services.sprint_archive(access=access, sprint=sprint)
    return Status(204, None)


@router.post(f"{SPRINT}/restore", response=SprintOut)
def restore_sprint(
    request: HttpRequest, response: HttpResponse, product_key: str, sprint_id: int
) -> dict[str, Any]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    return sprint_answer(response, services.sprint_restore(access=access, sprint=sprint))


# --- content and planning -----------------------------------------------------------------


def _content_answer(suggestions: list[Proposal]) -> Status[dict[str, Any]]:
    """200 when the change was applied; 202 with the suggestions it became for the PO."""
    body = {"applied": not suggestions, "suggestions": [suggestion_out(s) for s in suggestions]}
    return Status(202 if suggestions else 200, body)


@router.post(
    f"{SPRINT}/items",
    response={200: ContentOut, 202: ContentOut},
    summary="Add items (202: a team member's request became suggestions for the PO)",
)
def add_items(
    request: HttpRequest, product_key: str, sprint_id: int, payload: ItemsIn
) -> Status[dict[str, Any]]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    items = backlog_selectors.items_in_backlog(access=access, keys=payload.items)
    return _content_answer(services.sprint_items_add(access=access, sprint=sprint, items=items))


@router.delete(
    f"{SPRINT}/items/{{item_key}}",
    response={200: ContentOut, 202: ContentOut},
    summary="Take an item out (kept in the history; 202 when it became a suggestion)",
)
def remove_item(
    request: HttpRequest, product_key: str, sprint_id: int, item_key: str
) -> Status[dict[str, Any]]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    item = backlog_selectors.item_in_backlog(access=access, key=item_key)
    suggestion = services.sprint_item_remove(access=access, sprint=sprint, item=item)
    return _content_answer([] if suggestion is None else [suggestion])


@router.get(f"{SPRINT}/suggestions", response=list[SprintSuggestionOut])
def list_suggestions(
    request: HttpRequest, product_key: str, sprint_id: int
) -> list[dict[str, Any]]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    return [suggestion_out(s) for s in selectors.suggestions_of(access=access, sprint=sprint)]


@router.post(f"{SPRINT}/suggestions/{{suggestion_id}}/{{decision}}", response=SprintSuggestionOut)
def decide_suggestion(
    request: HttpRequest, product_key: str, sprint_id: int, suggestion_id: int, decision: str
) -> dict[str, Any]:
    access = access_of(request, product_key)
    selectors.sprint_of(access=access, sprint_id=sprint_id)
    suggestion = selectors.sprint_suggestion_of(access=access, suggestion_id=suggestion_id)
    if decision == "accept":
        suggestion = services.sprint_suggestion_accept(access=access, suggestion=suggestion)
    elif decision == "decline":
        suggestion = services.sprint_suggestion_decline(access=access, suggestion=suggestion)
    else:
        raise NotFound("Decide with accept or decline.")
    return suggestion_out(suggestion)


@router.get(
    f"{SPRINT}/proposal",
    response=SprintPlanOut,
    summary="The optimizer's plan for the free capacity, beside the greedy one",
)
def proposal(
    request: HttpRequest, product_key: str, sprint_id: int, score: str = "value"
) -> dict[str, Any]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    found = selectors.planning_proposal(access=access, sprint=sprint, score=score)

    def plan(chosen: list[Item], points: int, value: float) -> dict[str, Any]:
        return {"items": [i.key for i in chosen], "points": points, "value": value}

    comparison = found.comparison
    return {
        "score": found.score,
        "capacity_left": found.capacity_left,
        "candidates": found.candidates,
        "optimal": plan(found.optimal_items, comparison.optimal.points, comparison.optimal.value),
        "greedy": plan(found.greedy_items, comparison.greedy.points, comparison.greedy.value),
        "value_gained": comparison.value_gained,
    }


@router.get(
    f"{SPRINT}/capacity",
    response=CapacityOut,
    summary="The team's availability (points, days off) and the capacity it adds up to",
)
def get_capacity(request: HttpRequest, product_key: str, sprint_id: int) -> dict[str, Any]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    return capacity_out(selectors.sprint_capacity_of(access=access, sprint=sprint))


@router.put(
    f"{SPRINT}/capacity/{{email}}", response=CapacityOut, summary="Set one person's availability"
)
def set_availability(
    request: HttpRequest, product_key: str, sprint_id: int, email: str, payload: AvailabilityIn
) -> dict[str, Any]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        raise ValidationFailed({"user": f"{email} is not a member of {access.product.key}"})
    services.sprint_member_set(
        access=access, sprint=sprint, user=user, points=payload.points, days_off=payload.days_off
    )
    return capacity_out(selectors.sprint_capacity_of(access=access, sprint=sprint))


# --- the board ------------------------------------------------------------------------------


@router.get(
    f"{SPRINT}/board",
    response=list[BoardColumnOut],
    summary="Columns by status; each a page of cards (offset, limit) with its count",
)
def get_board(
    request: HttpRequest,
    product_key: str,
    sprint_id: int,
    status: str | None = None,
    offset: int = 0,
    limit: int = selectors.BOARD_PAGE,
    mine: bool = False,
    blocked: bool = False,
) -> list[dict[str, Any]]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    filters = selectors.BoardFilters(mine=mine, blocked=blocked)
    limit = max(1, min(limit, 200))
    if status is not None:
        columns = [
            selectors.board_column_page(
                access=access,
                sprint=sprint,
                status=status,
                filters=filters,
                offset=max(offset, 0),
                limit=limit,
            )
        ]
    else:
        columns = selectors.board(access=access, sprint=sprint, filters=filters, limit=limit)
    return [
        {
            "status": c.status,
            "count": c.count,
            "wip_limit": c.wip_limit,
            "over_limit": c.over_limit,
            "cards": [card_out(card) for card in c.cards],
            "next_offset": c.next_offset,
        }
        for c in columns
    ]


@router.post(
    "/products/{product_key}/board/move",
    response=CardOut,
    summary="Move a card (If-Match: the item's ETag)",
)
def move_card(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: CardMoveIn
) -> dict[str, Any]:
    access = access_of(request, product_key)
    item = backlog_selectors.item_in_backlog(access=access, key=payload.item)
    outcome = services.card_move(
        access=access,
        item=item,
        status=payload.status,
        expected_version=expected_version(request, payload.version),
    )
    moved = outcome.item
    moved.is_blocked = selectors.item_is_blocked(moved)  # type: ignore[attr-defined]
    http.etag(response, moved)
    return card_out(moved)


@router.put(
    "/products/{product_key}/board/columns/{status}",
    response=WipOut,
    summary="Set a column's WIP limit",
)
def set_wip(request: HttpRequest, product_key: str, status: str, payload: WipIn) -> dict[str, Any]:
    access = access_of(request, product_key)
    column = services.board_column_set(access=access, status=status, wip_limit=payload.wip_limit)
    return {"status": column.status, "wip_limit": column.wip_limit}


# --- charts ---------------------------------------------------------------------------------


@router.get(f"{SPRINT}/burndown", response=BurndownOut)
def burndown(request: HttpRequest, product_key: str, sprint_id: int) -> dict[str, Any]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    return burndown_out(selectors.burndown_of(access=access, sprint=sprint))


@router.get(f"{SPRINT}/flow", response=FlowOut, summary="Cumulative flow: items per status per day")
def flow(request: HttpRequest, product_key: str, sprint_id: int) -> dict[str, Any]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    data = selectors.cumulative_flow_of(access=access, sprint=sprint)
    return {"days": list(data.days), "counts": {k: list(v) for k, v in data.counts.items()}}


@router.get(
    "/products/{product_key}/velocity", response=VelocityOut, summary="Last N closed sprints"
)
def velocity(
    request: HttpRequest, product_key: str, last: int = 6, team: int | None = None
) -> dict[str, Any]:
    access = access_of(request, product_key)
    view = selectors.velocity_of(
        access=access, last=max(1, min(last, 50)), team=team_scope(access, team)
    )
    return {
        "sprints": [sprint_out(s) for s in view.sprints],
        "mean": view.summary.mean,
        "low": view.summary.low,
        "high": view.summary.high,
    }
