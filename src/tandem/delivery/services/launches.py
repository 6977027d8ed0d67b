"""Launches: a release's go-to-market checklist.

Go-to-market is a strategy decision (the rights table's *strategy* row): the
Product Manager decides, the Product Owner proposes. A launch the PO starts is
*proposed* and the PO shapes its checklist until the PM approves or declines
it; once approved, only the PM changes the checklist. Whoever owns a task, and
the PM and PO, tick it off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tandem.delivery.models import (
    Launch,
    LaunchState,
    LaunchTask,
    Release,
)
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import caller_event
from tandem.workspace.errors import PermissionDenied, ValidationFailed
from tandem.workspace.models import Membership, User
from tandem.workspace.records import check_version
from tandem.workspace.rights import Action, Level

from ._common import clean_text, raise_if
from .launch_templates import launch_template_tasks
from .release_common import (
    bump,
    clean_date,
    live,
    locked,
    refuse_archived,
    toggle_archived,
)

__all__ = [
    "launch_archive",
    "launch_create",
    "launch_decide",
    "launch_restore",
    "launch_task_add",
    "launch_task_archive",
    "launch_task_check",
    "launch_task_restore",
    "launch_task_snapshot",
    "launch_task_update",
]

TASK_FIELDS = frozenset({"title", "owner", "due_on"})


def launch_task_snapshot(task: LaunchTask) -> dict[str, Any]:
    return {
        "title": task.title,
        "owner": task.owner.email if task.owner_id and task.owner else None,
        "due_on": task.due_on.isoformat() if task.due_on else None,
        "done": task.done_at is not None,
    }


def _event(access: ProductAccess, launch: Launch, verb: str, **data: Any) -> None:
    label = f"Launch of {launch.release.name}"
    caller_event(access, verb, launch.pk, label, object_type="launch", **data)


@transaction.atomic
def launch_create(*, access: ProductAccess, release_id: int) -> Launch:
    """Start a release's launch from the product's template; the PM's is approved at once."""
    level = access.require(Action.STRATEGY, Level.PROPOSE)
    release = live(access, Release, release_id, "release")
    if Launch.objects.filter(release=release, archived_at__isnull=True).exists():
        raise ValidationFailed({"release": f"{release.name} already has a launch"})
    deciding = level >= Level.DECIDE
    now = timezone.now()
    launch = Launch.objects.create(
        release=release,
        state=LaunchState.APPROVED if deciding else LaunchState.PROPOSED,
        decided_by=access.user if deciding else None,
        decided_at=now if deciding else None,
        created_by=access.user,
        created_at=now,
        updated_at=now,
    )
    LaunchTask.objects.bulk_create(
        LaunchTask(
            launch=launch,
            position=position,
            title=title,
            due_on=(
                release.target_date - dt.timedelta(days=days_before)
                if release.target_date
                else None
            ),
            created_at=now,
            updated_at=now,
        )
        for position, (title, days_before) in enumerate(launch_template_tasks(access=access))
    )
    _event(access, launch, "launch.created", after={"state": launch.state})
    return launch


def _locked_launch(access: ProductAccess, launch_id: int) -> Launch:
    launches = Launch.objects.select_related("release").filter(release__product=access.product)
    return locked(launches, launch_id, "launch")


@transaction.atomic
def launch_decide(
    *,
    access: ProductAccess,
    launch_id: int,
    approve: bool,
    reason: str = "",
    expected_version: int | None,
) -> Launch:
    """The PM approves or declines a proposed launch (a declined one can be approved later)."""
    access.require(Action.STRATEGY, Level.DECIDE)
    launch = _locked_launch(access, launch_id)
    check_version(launch, expected_version, lambda row: {"state": row.state}, label="The launch")
    refuse_archived(launch, "launch", "this launch")
    errors: dict[str, str] = {}
    why = clean_text(errors, "reason", reason, limit=2000, required=not approve)
    raise_if(errors)
    before = {"state": launch.state}
    launch.state = LaunchState.APPROVED if approve else LaunchState.DECLINED
    launch.decided_by = access.user
    launch.decided_at = timezone.now()
    launch.decision_reason = why
    bump(launch)
    _event(
        access,
        launch,
        "launch.approved" if approve else "launch.declined",
        before=before,
        after={"state": launch.state, "reason": why},
    )
    return launch


@transaction.atomic
def _set_archived(*, access: ProductAccess, launch_id: int, archived: bool) -> Launch:
    """Soft delete or restore: the launch and its checklist stay while archived."""
    access.require(Action.STRATEGY, Level.DECIDE)
    launch = _locked_launch(access, launch_id)
    live = Launch.objects.filter(release=launch.release, archived_at__isnull=True)
    if not archived and launch.archived_at is not None and live.exists():
        raise ValidationFailed({"release": f"{launch.release.name} has another live launch"})
    if toggle_archived(launch, archived):
        _event(access, launch, "launch.archived" if archived else "launch.restored")
    return launch


launch_archive = partial(_set_archived, archived=True)
launch_restore = partial(_set_archived, archived=False)


def _require_shaping(access: ProductAccess, launch: Launch) -> None:
    """The PM shapes any checklist; the PO only a launch still waiting for the PM."""
    level = access.require(Action.STRATEGY, Level.PROPOSE)
    if level < Level.DECIDE and launch.state == LaunchState.APPROVED:
        raise PermissionDenied(
            "The launch is approved: only the Product Manager changes its checklist now."
        )
    refuse_archived(launch, "launch", "this launch")


def _owner(access: ProductAccess, errors: dict[str, str], value: Any) -> User | None:
    if value in (None, ""):
        return None
    user = User.objects.filter(email=str(value).strip().lower()).first()
    if user is None or not Membership.objects.filter(user=user, product=access.product).exists():
        errors["owner"] = f"{value} is not a member of {access.product.key}"
        return None
    return user


def _clean_task(
    access: ProductAccess, fields: Mapping[str, Any], *, creating: bool
) -> dict[str, Any]:
    unknown = set(fields) - TASK_FIELDS
    errors: dict[str, str] = dict.fromkeys(sorted(unknown), "is not a field of a launch task")
    clean: dict[str, Any] = {}
    if creating or "title" in fields:
        clean["title"] = clean_text(errors, "title", fields.get("title"), limit=200, required=True)
    if "owner" in fields:
        clean["owner"] = _owner(access, errors, fields["owner"])
    if "due_on" in fields:
        clean["due_on"] = clean_date(errors, "due_on", fields["due_on"])
    raise_if(errors)
    return clean


@transaction.atomic
def launch_task_add(
    *, access: ProductAccess, launch_id: int, fields: Mapping[str, Any]
) -> LaunchTask:
    launch = _locked_launch(access, launch_id)
    _require_shaping(access, launch)
    clean = _clean_task(access, fields, creating=True)
    last = LaunchTask.objects.filter(launch=launch).aggregate(last=Max("position"))["last"]
    task = LaunchTask.objects.create(
        launch=launch, position=0 if last is None else last + 1, **clean
    )
    _event(access, launch, "launch_task.added", after=launch_task_snapshot(task))
    return task


def _locked_task(access: ProductAccess, task_id: int) -> LaunchTask:
    tasks = LaunchTask.objects.select_related("launch__release", "owner").filter(
        launch__release__product=access.product
    )
    return locked(tasks, task_id, "launch task")


@transaction.atomic
def launch_task_update(
    *,
    access: ProductAccess,
    task_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> LaunchTask:
    """Change a task's title, owner or due date."""
    task = _locked_task(access, task_id)
    _require_shaping(access, task.launch)
    check_version(task, expected_version, launch_task_snapshot, label=f"Task {task.title!r}")
    refuse_archived(task, "task", "this task")
    clean = _clean_task(access, changes, creating=False)
    before = launch_task_snapshot(task)
    for field, value in clean.items():
        setattr(task, field, value)
    bump(task)
    _event(
        access, task.launch, "launch_task.updated", before=before, after=launch_task_snapshot(task)
    )
    return task


@transaction.atomic
def launch_task_check(
    *, access: ProductAccess, task_id: int, done: bool, expected_version: int | None
) -> LaunchTask:
    """Tick a task off (or back on): its owner, the PM and the PO may."""
    task = _locked_task(access, task_id)
    access.require(Action.STRATEGY, Level.READ)
    is_owner = task.owner_id == access.user.pk
    if not is_owner and not access.can(Action.STRATEGY, Level.PROPOSE):
        raise PermissionDenied(
            "Only the task's owner, the Product Manager or the Product Owner ticks it off."
        )
    check_version(task, expected_version, launch_task_snapshot, label=f"Task {task.title!r}")
    if task.archived_at is not None or task.launch.archived_at is not None:
        raise ValidationFailed({"task": "this task is archived; restore it first"})
    if task.launch.state == LaunchState.DECLINED:
        raise ValidationFailed({"launch": "the launch was declined; nothing to tick off"})
    if (task.done_at is not None) == done:
        return task
    before = launch_task_snapshot(task)
    task.done_at = timezone.now() if done else None
    task.done_by = access.user if done else None
    bump(task)
    _event(
        access, task.launch, "launch_task.checked", before=before, after=launch_task_snapshot(task)
    )
    return task


@transaction.atomic
def _set_task_archived(*, access: ProductAccess, task_id: int, archived: bool) -> LaunchTask:
    task = _locked_task(access, task_id)
    _require_shaping(access, task.launch)
    if toggle_archived(task, archived):
        verb = "launch_task.archived" if archived else "launch_task.restored"
        _event(access, task.launch, verb, after={"title": task.title})
    return task


launch_task_archive = partial(_set_task_archived, archived=True)
launch_task_restore = partial(_set_task_archived, archived=False)
