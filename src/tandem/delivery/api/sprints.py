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
from tandem.delivery.models import Impediment, Sprint
from tandem.workspace.access import ProductAccess
from tandem.workspace.api import current_user
from tandem.workspace.errors import NotFound, PreconditionRequired, ValidationFailed
from tandem.workspace.models import User
from tandem.workspace.selectors import product_access

from .sprint_schemas import (
    ActionIn,
    ActionOut,
    AvailabilityIn,
    BoardColumnOut,
    BurndownOut,
    CapacityOut,
    CardOut,
    CloseIn,
    ContentOut,
    DependencyIn,
    EscalateIn,
    FlowOut,
    ImpedimentIn,
    ImpedimentOut,
    ImpedimentPatchIn,
    ItemsIn,
    MoveIn,
    NoteIn,
    NoteOut,
    ProposalOut,
    ResolveIn,
    RetroOut,
    SprintDetailOut,
    SprintIn,
    SprintOut,
    SprintPatchIn,
    SuggestionOut,
    VelocityOut,
    VersionIn,
    WipIn,
    WipOut,
    action_out,
    burndown_out,
    card_out,
    impediment_out,
    note_out,
    sprint_out,
    suggestion_out,
)

router = Router(tags=["sprints"])

_sprint = "/products/{product_key}/sprints/{sprint_id}"


def _etag(version: int) -> str:
    return f'"{version}"'


def _expected_version(request: HttpRequest, body_version: int | None) -> int:
    header = request.headers.get("If-Match", "").strip()
    if header:
        value = header.removeprefix("W/").strip('"')
        if not value.isdigit():
            raise ValidationFailed({"If-Match": "must be an ETag this API returned"})
        return int(value)
    if body_version is not None:
        return body_version
    raise PreconditionRequired("Send the version you read as `If-Match` (the ETag) or `version`.")


def _access(request: HttpRequest, product_key: str) -> ProductAccess:
    return product_access(user=current_user(request), product_key=product_key)


def _sprint_of(
    request: HttpRequest, product_key: str, sprint_id: int
) -> tuple[ProductAccess, Sprint]:
    access = _access(request, product_key)
    return access, selectors.sprint_of(access=access, sprint_id=sprint_id)


def _sprint_answer(response: HttpResponse, sprint: Sprint) -> dict[str, Any]:
    response["ETag"] = _etag(sprint.version)
    return sprint_out(sprint)


# --- sprints ------------------------------------------------------------------------------


@router.get(
    "/products/{product_key}/sprints", response=list[SprintOut], summary="Sprints, newest first"
)
def list_sprints(
    request: HttpRequest, product_key: str, archived: bool = False
) -> list[dict[str, Any]]:
    access = _access(request, product_key)
    return [sprint_out(s) for s in selectors.sprints_of(access=access, archived=archived)]


@router.post("/products/{product_key}/sprints", response={201: SprintOut})
def create_sprint(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: SprintIn
) -> Status[dict[str, Any]]:
    access = _access(request, product_key)
    sprint = services.sprint_create(access=access, fields=payload.dict())
    return Status(201, _sprint_answer(response, sprint))


@router.get(_sprint, response=SprintDetailOut, summary="A sprint with the items now in it")
def get_sprint(
    request: HttpRequest, response: HttpResponse, product_key: str, sprint_id: int
) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    items = selectors.sprint_entries(access=access, sprint=sprint)
    points = selectors.sprint_points(items=items)
    return _sprint_answer(response, sprint) | {
        "items": [card_out(i) for i in items],
        "planned_points": points.planned,
        "done_points": points.done,
    }


@router.patch(_sprint, response=SprintOut, summary="Change goal, dates, capacity (If-Match)")
def patch_sprint(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    sprint_id: int,
    payload: SprintPatchIn,
) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    sprint = services.sprint_update(
        access=access,
        sprint=sprint,
        changes=changes,
        expected_version=_expected_version(request, payload.version),
    )
    return _sprint_answer(response, sprint)


@router.post(
    f"{_sprint}/start", response=SprintOut, summary="Start: snapshot the commitment (If-Match)"
)
def start_sprint(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    sprint_id: int,
    payload: VersionIn,
) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    sprint = services.sprint_start(
        access=access, sprint=sprint, expected_version=_expected_version(request, payload.version)
    )
    return _sprint_answer(response, sprint)


@router.post(
    f"{_sprint}/close",
    response=SprintOut,
    summary="Close: record completed points; unfinished items go to the backlog or the next sprint",
)
def close_sprint(
    request: HttpRequest, response: HttpResponse, product_key: str, sprint_id: int, payload: CloseIn
) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    sprint = services.sprint_close(
        access=access,
        sprint=sprint,
        expected_version=_expected_version(request, payload.version),
        carry=payload.carry,
    )
    return _sprint_answer(response, sprint)


@router.delete(_sprint, response={204: None}, summary="Archive (soft delete, restorable)")
def archive_sprint(request: HttpRequest, product_key: str, sprint_id: int) -> Status[None]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    services.sprint_archive(access=access, sprint=sprint)
    return Status(204, None)


@router.post(f"{_sprint}/restore", response=SprintOut)
def restore_sprint(
    request: HttpRequest, response: HttpResponse, product_key: str, sprint_id: int
) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    return _sprint_answer(response, services.sprint_restore(access=access, sprint=sprint))


# --- content and planning -----------------------------------------------------------------


@router.post(
    f"{_sprint}/items",
    response={200: ContentOut, 202: ContentOut},
    summary="Add items (202: a team member's request became suggestions for the PO)",
)
def add_items(
    request: HttpRequest, product_key: str, sprint_id: int, payload: ItemsIn
) -> Status[dict[str, Any]]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    items = backlog_selectors.items_in_backlog(access=access, keys=payload.items)
    suggestions = services.sprint_items_add(access=access, sprint=sprint, items=items)
    body = {"applied": not suggestions, "suggestions": [suggestion_out(s) for s in suggestions]}
    return Status(202 if suggestions else 200, body)


@router.delete(
    f"{_sprint}/items/{{item_key}}",
    response={200: ContentOut, 202: ContentOut},
    summary="Take an item out (kept in the history; 202 when it became a suggestion)",
)
def remove_item(
    request: HttpRequest, product_key: str, sprint_id: int, item_key: str
) -> Status[dict[str, Any]]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    item = backlog_selectors.item_in_backlog(access=access, key=item_key)
    suggestion = services.sprint_item_remove(access=access, sprint=sprint, item=item)
    if suggestion is not None:
        return Status(202, {"applied": False, "suggestions": [suggestion_out(suggestion)]})
    return Status(200, {"applied": True, "suggestions": []})


@router.get(f"{_sprint}/suggestions", response=list[SuggestionOut])
def list_suggestions(
    request: HttpRequest, product_key: str, sprint_id: int
) -> list[dict[str, Any]]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    return [suggestion_out(s) for s in selectors.suggestions_of(access=access, sprint=sprint)]


@router.post(f"{_sprint}/suggestions/{{suggestion_id}}/{{decision}}", response=SuggestionOut)
def decide_suggestion(
    request: HttpRequest, product_key: str, sprint_id: int, suggestion_id: int, decision: str
) -> dict[str, Any]:
    access = _access(request, product_key)
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
    f"{_sprint}/proposal",
    response=ProposalOut,
    summary="The optimizer's plan for the free capacity, beside the greedy one",
)
def proposal(
    request: HttpRequest, product_key: str, sprint_id: int, score: str = "value"
) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
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
    f"{_sprint}/capacity",
    response=CapacityOut,
    summary="The team's availability (points, days off) and the capacity it adds up to",
)
def get_capacity(request: HttpRequest, product_key: str, sprint_id: int) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    return _capacity_out(selectors.sprint_capacity_of(access=access, sprint=sprint))


def _capacity_out(capacity: selectors.SprintCapacity) -> dict[str, Any]:
    return {
        "members": [
            {"user": m.user.email, "points": m.points, "days_off": m.days_off}
            for m in capacity.members
        ],
        "working_days": capacity.working_days,
        "total": capacity.total,
    }


@router.put(
    f"{_sprint}/capacity/{{email}}", response=CapacityOut, summary="Set one person's availability"
)
def set_availability(
    request: HttpRequest, product_key: str, sprint_id: int, email: str, payload: AvailabilityIn
) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        raise ValidationFailed({"user": f"{email} is not a member of {access.product.key}"})
    services.sprint_member_set(
        access=access, sprint=sprint, user=user, points=payload.points, days_off=payload.days_off
    )
    return _capacity_out(selectors.sprint_capacity_of(access=access, sprint=sprint))


# --- the board ------------------------------------------------------------------------------


@router.get(
    f"{_sprint}/board",
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
    access, sprint = _sprint_of(request, product_key, sprint_id)
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
    request: HttpRequest, response: HttpResponse, product_key: str, payload: MoveIn
) -> dict[str, Any]:
    access = _access(request, product_key)
    item = backlog_selectors.item_in_backlog(access=access, key=payload.item)
    outcome = services.card_move(
        access=access,
        item=item,
        status=payload.status,
        expected_version=_expected_version(request, payload.version),
    )
    moved = outcome.item
    moved.is_blocked = selectors.item_is_blocked(moved)  # type: ignore[attr-defined]
    response["ETag"] = _etag(moved.version)
    return card_out(moved)


@router.put(
    "/products/{product_key}/board/columns/{status}",
    response=WipOut,
    summary="Set a column's WIP limit",
)
def set_wip(request: HttpRequest, product_key: str, status: str, payload: WipIn) -> dict[str, Any]:
    access = _access(request, product_key)
    column = services.board_column_set(access=access, status=status, wip_limit=payload.wip_limit)
    return {"status": column.status, "wip_limit": column.wip_limit}


# --- charts ---------------------------------------------------------------------------------


@router.get(f"{_sprint}/burndown", response=BurndownOut)
def burndown(request: HttpRequest, product_key: str, sprint_id: int) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    return burndown_out(selectors.burndown_of(access=access, sprint=sprint))


@router.get(
    f"{_sprint}/flow", response=FlowOut, summary="Cumulative flow: items per status per day"
)
def flow(request: HttpRequest, product_key: str, sprint_id: int) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    data = selectors.cumulative_flow_of(access=access, sprint=sprint)
    return {"days": list(data.days), "counts": {k: list(v) for k, v in data.counts.items()}}


@router.get(
    "/products/{product_key}/velocity", response=VelocityOut, summary="Last N closed sprints"
)
def velocity(request: HttpRequest, product_key: str, last: int = 6) -> dict[str, Any]:
    access = _access(request, product_key)
    view = selectors.velocity_of(access=access, last=max(1, min(last, 50)))
    return {
        "sprints": [sprint_out(s) for s in view.sprints],
        "mean": view.summary.mean,
        "low": view.summary.low,
        "high": view.summary.high,
    }


# --- impediments ----------------------------------------------------------------------------

_impediment = "/products/{product_key}/impediments/{impediment_id}"


def _impediment_of(
    request: HttpRequest, product_key: str, impediment_id: int
) -> tuple[ProductAccess, Impediment]:
    access = _access(request, product_key)
    return access, selectors.impediment_of(access=access, impediment_id=impediment_id)


def _impediment_answer(
    access: ProductAccess, response: HttpResponse, impediment: Impediment
) -> dict[str, Any]:
    fresh = selectors.impediment_of(access=access, impediment_id=impediment.pk)
    response["ETag"] = _etag(fresh.version)
    return impediment_out(fresh)


@router.get("/products/{product_key}/impediments", response=list[ImpedimentOut])
def list_impediments(
    request: HttpRequest, product_key: str, open_only: bool = False, archived: bool = False
) -> list[dict[str, Any]]:
    access = _access(request, product_key)
    return [
        impediment_out(i)
        for i in selectors.impediments_of(access=access, open_only=open_only, archived=archived)
    ]


@router.post(
    "/products/{product_key}/impediments",
    response={201: ImpedimentOut},
    summary="Raise a blocker or an impediment",
)
def raise_impediment(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: ImpedimentIn
) -> Status[dict[str, Any]]:
    access = _access(request, product_key)
    impediment = services.impediment_raise(access=access, fields=payload.dict())
    return Status(201, _impediment_answer(access, response, impediment))


@router.get(_impediment, response=ImpedimentOut)
def get_impediment(
    request: HttpRequest, response: HttpResponse, product_key: str, impediment_id: int
) -> dict[str, Any]:
    _, impediment = _impediment_of(request, product_key, impediment_id)
    response["ETag"] = _etag(impediment.version)
    return impediment_out(impediment)


@router.patch(_impediment, response=ImpedimentOut, summary="Change it (If-Match)")
def patch_impediment(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    impediment_id: int,
    payload: ImpedimentPatchIn,
) -> dict[str, Any]:
    access, impediment = _impediment_of(request, product_key, impediment_id)
    impediment = services.impediment_update(
        access=access,
        impediment=impediment,
        changes=payload.dict(exclude_unset=True, exclude={"version"}),
        expected_version=_expected_version(request, payload.version),
    )
    return _impediment_answer(access, response, impediment)


@router.post(f"{_impediment}/resolve", response=ImpedimentOut, summary="Resolve it (If-Match)")
def resolve_impediment(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    impediment_id: int,
    payload: ResolveIn,
) -> dict[str, Any]:
    access, impediment = _impediment_of(request, product_key, impediment_id)
    impediment = services.impediment_resolve(
        access=access,
        impediment=impediment,
        resolution=payload.resolution,
        expected_version=_expected_version(request, payload.version),
    )
    return _impediment_answer(access, response, impediment)


@router.post(f"{_impediment}/reopen", response=ImpedimentOut, summary="Reopen it (If-Match)")
def reopen_impediment(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    impediment_id: int,
    payload: VersionIn,
) -> dict[str, Any]:
    access, impediment = _impediment_of(request, product_key, impediment_id)
    impediment = services.impediment_resolve(
        access=access,
        impediment=impediment,
        expected_version=_expected_version(request, payload.version),
        reopen=True,
    )
    return _impediment_answer(access, response, impediment)


@router.post(
    f"{_impediment}/escalate", response=ImpedimentOut, summary="Escalate to the PM's decision queue"
)
def escalate_impediment(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    impediment_id: int,
    payload: EscalateIn,
) -> dict[str, Any]:
    access, impediment = _impediment_of(request, product_key, impediment_id)
    impediment = services.impediment_escalate(
        access=access, impediment=impediment, note=payload.note
    )
    return _impediment_answer(access, response, impediment)


@router.delete(_impediment, response={204: None}, summary="Archive (soft delete, restorable)")
def archive_impediment(request: HttpRequest, product_key: str, impediment_id: int) -> Status[None]:
    access, impediment = _impediment_of(request, product_key, impediment_id)
    services.impediment_archive(access=access, impediment=impediment)
    return Status(204, None)


@router.post(f"{_impediment}/restore", response=ImpedimentOut)
def restore_impediment(
    request: HttpRequest, response: HttpResponse, product_key: str, impediment_id: int
) -> dict[str, Any]:
    access, impediment = _impediment_of(request, product_key, impediment_id)
    impediment = services.impediment_restore(access=access, impediment=impediment)
    return _impediment_answer(access, response, impediment)


# --- dependencies ---------------------------------------------------------------------------


@router.post(
    "/items/{item_key}/dependencies", response={201: None}, summary="The item waits on another"
)
def add_dependency(request: HttpRequest, item_key: str, payload: DependencyIn) -> Status[None]:
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    blocker = backlog_selectors.item_in_backlog(access=access, key=payload.blocked_by)
    services.dependency_add(access=access, item=item, blocked_by=blocker)
    return Status(201, None)


@router.delete("/items/{item_key}/dependencies/{blocked_by}", response={204: None})
def remove_dependency(request: HttpRequest, item_key: str, blocked_by: str) -> Status[None]:
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    blocker = backlog_selectors.item_in_backlog(access=access, key=blocked_by)
    services.dependency_remove(access=access, item=item, blocked_by=blocker)
    return Status(204, None)


# --- retrospectives -------------------------------------------------------------------------


def _retro_answer(access: ProductAccess, sprint: Sprint) -> dict[str, Any]:
    view = selectors.retro_view(access=access, sprint=sprint)
    return {
        "sprint": sprint.pk,
        "opened": view.retro is not None,
        "notes": [note_out(n, view.my_votes) for notes in view.notes.values() for n in notes],
        "actions": [action_out(a) for a in view.actions],
        "previous_actions": [action_out(a) for a in view.previous_actions],
    }


@router.get(
    f"{_sprint}/retro", response=RetroOut, summary="Notes, votes, actions, and last time's actions"
)
def get_retro(request: HttpRequest, product_key: str, sprint_id: int) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    return _retro_answer(access, sprint)


@router.post(f"{_sprint}/retro/notes", response={201: NoteOut})
def add_note(
    request: HttpRequest, product_key: str, sprint_id: int, payload: NoteIn
) -> Status[dict[str, Any]]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    retro = services.retro_open(access=access, sprint=sprint)
    note = services.retro_note_add(access=access, retro=retro, kind=payload.kind, text=payload.text)
    return Status(201, note_out(note, set()))


@router.post(
    f"{_sprint}/retro/notes/{{note_id}}/vote",
    response=RetroOut,
    summary="Vote, or take the vote back",
)
def vote(request: HttpRequest, product_key: str, sprint_id: int, note_id: int) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    services.retro_note_vote(
        access=access, note=selectors.retro_note_of(access=access, note_id=note_id)
    )
    return _retro_answer(access, sprint)


@router.delete(
    f"{_sprint}/retro/notes/{{note_id}}", response={204: None}, summary="Remove (restorable)"
)
def remove_note(
    request: HttpRequest, product_key: str, sprint_id: int, note_id: int
) -> Status[None]:
    access, _ = _sprint_of(request, product_key, sprint_id)
    services.retro_note_archive(
        access=access, note=selectors.retro_note_of(access=access, note_id=note_id)
    )
    return Status(204, None)


@router.post(f"{_sprint}/retro/notes/{{note_id}}/restore", response=RetroOut)
def restore_note(
    request: HttpRequest, product_key: str, sprint_id: int, note_id: int
) -> dict[str, Any]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    services.retro_note_restore(
        access=access, note=selectors.retro_note_of(access=access, note_id=note_id)
    )
    return _retro_answer(access, sprint)


@router.post(
    f"{_sprint}/retro/actions",
    response={201: ActionOut},
    summary="An action; it becomes a backlog task",
)
def add_action(
    request: HttpRequest, product_key: str, sprint_id: int, payload: ActionIn
) -> Status[dict[str, Any]]:
    access, sprint = _sprint_of(request, product_key, sprint_id)
    retro = services.retro_open(access=access, sprint=sprint)
    owner = (
        User.objects.filter(email=payload.owner.strip().lower()).first() if payload.owner else None
    )
    if payload.owner and owner is None:
        raise ValidationFailed(
            {"owner": f"{payload.owner} is not a member of {access.product.key}"}
        )
    action = services.retro_action_add(access=access, retro=retro, text=payload.text, owner=owner)
    return Status(201, action_out(action))
