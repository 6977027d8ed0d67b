"""The sprints API's team work: impediments, dependencies and retrospectives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from tandem.backlog import selectors as backlog_selectors
from tandem.delivery import selectors, services
from tandem.delivery.lookups import impediment_of, sprint_of
from tandem.delivery.models import Impediment, Sprint
from tandem.workspace import http
from tandem.workspace.access import ProductAccess
from tandem.workspace.api import current_user
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import access_of
from tandem.workspace.models import User

from ._common import expected_version
from .sprint_common import SPRINT
from .sprint_schemas import (
    ActionIn,
    ActionOut,
    DependencyIn,
    EscalateIn,
    ImpedimentIn,
    ImpedimentOut,
    ImpedimentPatchIn,
    NoteIn,
    NoteOut,
    ResolveIn,
    RetroOut,
    VersionIn,
    action_out,
    impediment_out,
    note_out,
)

router = Router(tags=["sprints"])


# --- impediments ----------------------------------------------------------------------------

_impediment = "/products/{product_key}/impediments/{impediment_id}"


def _impediment_answer(
    access: ProductAccess, response: HttpResponse, impediment: Impediment
) -> dict[str, Any]:
    fresh = selectors.impediment_of(access=access, impediment_id=impediment.pk)
    http.etag(response, fresh)
    return impediment_out(fresh)


def _impediment_change(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    impediment_id: int,
    change: Callable[..., Impediment],
    version: int | None,
    **arguments: Any,
) -> dict[str, Any]:
    """Find it, run a service that changes it from the version read (after the 404), answer it."""
    access, impediment = impediment_of(request, product_key, impediment_id)
    impediment = change(
        access=access,
        impediment=impediment,
        expected_version=expected_version(request, version),
        **arguments,
    )
    return _impediment_answer(access, response, impediment)


@router.get("/products/{product_key}/impediments", response=list[ImpedimentOut])
def list_impediments(
    request: HttpRequest, product_key: str, open_only: bool = False, archived: bool = False
) -> list[dict[str, Any]]:
    access = access_of(request, product_key)
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
    access = access_of(request, product_key)
    impediment = services.impediment_raise(access=access, fields=payload.dict())
    return Status(201, _impediment_answer(access, response, impediment))


@router.get(_impediment, response=ImpedimentOut)
def get_impediment(
    request: HttpRequest, response: HttpResponse, product_key: str, impediment_id: int
) -> dict[str, Any]:
    _, impediment = impediment_of(request, product_key, impediment_id)
    http.etag(response, impediment)
    return impediment_out(impediment)


@router.patch(_impediment, response=ImpedimentOut, summary="Change it (If-Match)")
def patch_impediment(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    impediment_id: int,
    payload: ImpedimentPatchIn,
) -> dict[str, Any]:
    return _impediment_change(
        request,
        response,
        product_key,
        impediment_id,
        services.impediment_update,
        payload.version,
        changes=payload.dict(exclude_unset=True, exclude={"version"}),
    )


@router.post(f"{_impediment}/resolve", response=ImpedimentOut, summary="Resolve it (If-Match)")
def resolve_impediment(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    impediment_id: int,
    payload: ResolveIn,
) -> dict[str, Any]:
    return _impediment_change(
        request,
        response,
        product_key,
        impediment_id,
        services.impediment_resolve,
        payload.version,
        resolution=payload.resolution,
    )


@router.post(f"{_impediment}/reopen", response=ImpedimentOut, summary="Reopen it (If-Match)")
def reopen_impediment(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    impediment_id: int,
    payload: VersionIn,
) -> dict[str, Any]:
    return _impediment_change(
        request,
        response,
        product_key,
        impediment_id,
        services.impediment_resolve,
        payload.version,
        reopen=True,
    )


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
    access, impediment = impediment_of(request, product_key, impediment_id)
    impediment = services.impediment_escalate(
        access=access, impediment=impediment, note=payload.note
    )
    return _impediment_answer(access, response, impediment)


@router.delete(_impediment, response={204: None}, summary="Archive (soft delete, restorable)")
def archive_impediment(request: HttpRequest, product_key: str, impediment_id: int) -> Status[None]:
    access, impediment = impediment_of(request, product_key, impediment_id)
    services.impediment_archive(access=access, impediment=impediment)
    return Status(204, None)


@router.post(f"{_impediment}/restore", response=ImpedimentOut)
def restore_impediment(
    request: HttpRequest, response: HttpResponse, product_key: str, impediment_id: int
) -> dict[str, Any]:
    access, impediment = impediment_of(request, product_key, impediment_id)
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
    f"{SPRINT}/retro", response=RetroOut, summary="Notes, votes, actions, and last time's actions"
)
def get_retro(request: HttpRequest, product_key: str, sprint_id: int) -> dict[str, Any]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    return _retro_answer(access, sprint)


@router.post(f"{SPRINT}/retro/notes", response={201: NoteOut})
def add_note(
    request: HttpRequest, product_key: str, sprint_id: int, payload: NoteIn
) -> Status[dict[str, Any]]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    retro = services.retro_open(access=access, sprint=sprint)
    note = services.retro_note_add(access=access, retro=retro, kind=payload.kind, text=payload.text)
    return Status(201, note_out(note, set()))


@router.post(
    f"{SPRINT}/retro/notes/{{note_id}}/vote",
    response=RetroOut,
    summary="Vote, or take the vote back",
)
def vote(request: HttpRequest, product_key: str, sprint_id: int, note_id: int) -> dict[str, Any]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    services.retro_note_vote(
        access=access, note=selectors.retro_note_of(access=access, note_id=note_id)
    )
    return _retro_answer(access, sprint)


@router.delete(
    f"{SPRINT}/retro/notes/{{note_id}}", response={204: None}, summary="Remove (restorable)"
)
def remove_note(
    request: HttpRequest, product_key: str, sprint_id: int, note_id: int
) -> Status[None]:
    access, _ = sprint_of(request, product_key, sprint_id)
    services.retro_note_archive(
        access=access, note=selectors.retro_note_of(access=access, note_id=note_id)
    )
    return Status(204, None)


@router.post(f"{SPRINT}/retro/notes/{{note_id}}/restore", response=RetroOut)
def restore_note(
    request: HttpRequest, product_key: str, sprint_id: int, note_id: int
) -> dict[str, Any]:
    access, sprint = sprint_of(request, product_key, sprint_id)
    services.retro_note_restore(
        access=access, note=selectors.retro_note_of(access=access, note_id=note_id)
    )
    return _retro_answer(access, sprint)


@router.post(
    f"{SPRINT}/retro/actions",
    response={201: ActionOut},
    summary="An action; it becomes a backlog task",
)
def add_action(
    request: HttpRequest, product_key: str, sprint_id: int, payload: ActionIn
) -> Status[dict[str, Any]]:
    access, sprint = sprint_of(request, product_key, sprint_id)
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
