"""The launch API: a release's go-to-market checklist and the product's template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from tandem.delivery import selectors, services
from tandem.delivery.models import LaunchTask
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.http import access_of
from tandem.workspace.schemas import BodyIn

from ._common import expected_version, set_etag

router = Router(tags=["launches"])


class TaskOut(Schema):
    id: int
    title: str
    owner: str | None
    due_on: dt.date | None
    done: bool
    done_at: dt.datetime | None
    archived: bool
    version: int


class LaunchOut(Schema):
    id: int
    release_id: int
    release: str
    state: str = Field(description="proposed, approved or declined")
    decided_by: str | None
    decision_reason: str
    progress: int = Field(description="percent of tasks done")
    tasks: list[TaskOut]
    version: int


class LaunchDecisionIn(BodyIn):
    approve: bool
    reason: str = ""
    version: int | None = None


class TaskIn(BodyIn):
    title: str
    owner: str | None = Field(default=None, description="a member's e-mail")
    due_on: dt.date | None = None


class TaskPatchIn(BodyIn):
    title: str | None = None
    owner: str | None = None
    due_on: dt.date | None = None
    version: int | None = None


class CheckIn(BodyIn):
    done: bool
    version: int | None = None


class TemplateTaskIn(BodyIn):
    title: str
    days_before: int = Field(description="days before the release's target date it is due")


class TemplateIn(BodyIn):
    tasks: list[TemplateTaskIn]
    version: int | None = None


class TemplateOut(Schema):
    tasks: list[TemplateTaskIn]
    version: int = Field(description="0 while the product uses the default checklist")


def task_out(task: LaunchTask) -> dict[str, Any]:
    return {
        "id": task.pk,
        "title": task.title,
        "owner": task.owner.email if task.owner else None,
        "due_on": task.due_on,
        "done": task.done_at is not None,
        "done_at": task.done_at,
        "archived": task.archived_at is not None,
        "version": task.version,
    }


def _task_answer(response: HttpResponse, task: LaunchTask) -> dict[str, Any]:
    set_etag(response, task.version)
    return task_out(task)


def _task_change(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    task_id: int,
    change: Callable[..., LaunchTask],
    version: int | None,
    **arguments: Any,
) -> dict[str, Any]:
    """Run a service that changes the task from the version read; answer the task."""
    task = change(
        access=access_of(request, product_key),
        task_id=task_id,
        expected_version=expected_version(request, version),
        **arguments,
    )
    return _task_answer(response, task)


def _template_answer(access: ProductAccess, response: HttpResponse) -> dict[str, Any]:
    tasks, version = selectors.launch_template(access=access)
    set_etag(response, version)
    return {"tasks": [{"title": t, "days_before": d} for t, d in tasks], "version": version}


def _launch_answer(
    access: ProductAccess, response: HttpResponse, release_id: int
) -> dict[str, Any]:
    release = selectors.release_of(access=access, release_id=release_id)
    view = selectors.launch_of(access=access, release=release)
    if view is None:
        raise NotFound(f"Release {release.name} has no launch yet.")
    launch = view.launch
    set_etag(response, launch.version)
    return {
        "id": launch.pk,
        "release_id": release.pk,
        "release": release.name,
        "state": launch.state,
        "decided_by": launch.decided_by.email if launch.decided_by else None,
        "decision_reason": launch.decision_reason,
        "progress": view.progress,
        "tasks": [task_out(t) for t in view.tasks],
        "version": launch.version,
    }


@router.get("/products/{product_key}/releases/{release_id}/launch", response=LaunchOut)
def get_launch(
    request: HttpRequest, response: HttpResponse, product_key: str, release_id: int
) -> dict[str, Any]:
    return _launch_answer(access_of(request, product_key), response, release_id)


@router.post(
    "/products/{product_key}/releases/{release_id}/launch",
    response={201: LaunchOut},
    summary="Start the launch checklist (the PM's is approved; the PO's is a proposal)",
)
def create_launch(
    request: HttpRequest, response: HttpResponse, product_key: str, release_id: int
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    services.launch_create(access=access, release_id=release_id)
    return Status(201, _launch_answer(access, response, release_id))


@router.post(
    "/products/{product_key}/launches/{launch_id}/decision",
    response=LaunchOut,
    summary="The PM approves or declines a launch (If-Match: the launch's ETag)",
)
def decide_launch(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    launch_id: int,
    payload: LaunchDecisionIn,
) -> dict[str, Any]:
    access = access_of(request, product_key)
    launch = services.launch_decide(
        access=access,
        launch_id=launch_id,
        approve=payload.approve,
        reason=payload.reason,
        expected_version=expected_version(request, payload.version),
    )
    return _launch_answer(access, response, launch.release_id)


@router.delete("/products/{product_key}/launches/{launch_id}", response={204: None})
def archive_launch(request: HttpRequest, product_key: str, launch_id: int) -> Status[None]:
    services.launch_archive(access=access_of(request, product_key), launch_id=launch_id)
    return Status(204, None)


@router.post("/products/{product_key}/launches/{launch_id}/restore", response=LaunchOut)
def restore_launch(
    request: HttpRequest, response: HttpResponse, product_key: str, launch_id: int
) -> dict[str, Any]:
    access = access_of(request, product_key)
    launch = services.launch_restore(access=access, launch_id=launch_id)
    return _launch_answer(access, response, launch.release_id)


@router.post("/products/{product_key}/launches/{launch_id}/tasks", response={201: TaskOut})
def add_task(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    launch_id: int,
    payload: TaskIn,
) -> Status[dict[str, Any]]:
    task = services.launch_task_add(
        access=access_of(request, product_key),
        launch_id=launch_id,
        fields=payload.dict(exclude_unset=True),
    )
    return Status(201, _task_answer(response, task))


@router.patch(
    "/products/{product_key}/launch-tasks/{task_id}",
    response=TaskOut,
    summary="Change a task's title, owner or due date (needs If-Match or version)",
)
def patch_task(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    task_id: int,
    payload: TaskPatchIn,
) -> dict[str, Any]:
    return _task_change(
        request,
        response,
        product_key,
        task_id,
        services.launch_task_update,
        payload.version,
        changes=payload.dict(exclude_unset=True, exclude={"version"}),
    )


@router.post(
    "/products/{product_key}/launch-tasks/{task_id}/check",
    response=TaskOut,
    summary="Tick a task off or back on (its owner, the PM, the PO)",
)
def check_task(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    task_id: int,
    payload: CheckIn,
) -> dict[str, Any]:
    return _task_change(
        request,
        response,
        product_key,
        task_id,
        services.launch_task_check,
        payload.version,
        done=payload.done,
    )


@router.delete("/products/{product_key}/launch-tasks/{task_id}", response={204: None})
def archive_task(request: HttpRequest, product_key: str, task_id: int) -> Status[None]:
    services.launch_task_archive(access=access_of(request, product_key), task_id=task_id)
    return Status(204, None)


@router.post("/products/{product_key}/launch-tasks/{task_id}/restore", response=TaskOut)
def restore_task(request: HttpRequest, product_key: str, task_id: int) -> dict[str, Any]:
    task = services.launch_task_restore(access=access_of(request, product_key), task_id=task_id)
    return task_out(task)


@router.get("/products/{product_key}/launch-template", response=TemplateOut)
def get_template(request: HttpRequest, response: HttpResponse, product_key: str) -> dict[str, Any]:
    return _template_answer(access_of(request, product_key), response)


@router.put(
    "/products/{product_key}/launch-template",
    response=TemplateOut,
    summary='Replace the checklist template (If-Match: its ETag, "0" while it is the default)',
)
def put_template(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: TemplateIn
) -> dict[str, Any]:
    access = access_of(request, product_key)
    services.launch_template_update(
        access=access,
        tasks=[(t.title, t.days_before) for t in payload.tasks],
        expected_version=expected_version(request, payload.version),
    )
    return _template_answer(access, response)
