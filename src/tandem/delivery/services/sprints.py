"""Sprint-side delivery services: sprints, their content, availability, start and close.

Sprint goal and content are the Product Owner's decision (``Action.SPRINT``,
*decide*). A team member holds *propose*: adding an item to a sprint or taking
one out becomes a suggestion (a proposal in the one queue) the PO accepts or declines, as a
backlog change becomes a proposal, so the team can say "we should pull this
in" without the PO losing the last word. Creating, starting and closing a
sprint have no sensible suggestion form and are refused with the reason.

This module holds the sprint record itself (create, change, archive) and the
helpers its neighbours share: content in ``sprint_content``, availability,
start and close in ``sprint_lifecycle``, reopening in ``sprint_reopen``. The
board and dependencies live in ``board``, impediments and retrospectives in
their own modules; all are gathered by the package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.delivery.models import (
    CarryOver,
    Sprint,
    SprintState,
)
from tandem.delivery.selectors.sprint_base import FINISHED
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import PermissionDenied, ValidationFailed
from tandem.workspace.models import Team
from tandem.workspace.records import check_version
from tandem.workspace.registry import Hooks, RecordType
from tandem.workspace.rights import Action, Level

__all__ = [
    "FINISHED",
    "sprint_archive",
    "sprint_create",
    "sprint_restore",
    "sprint_snapshot",
    "sprint_update",
]

# Charts walk a sprint day by day: a year is already far longer than any real sprint.
MAX_SPRINT_DAYS = 366
SPRINT_FIELDS = ("name", "goal", "starts_on", "ends_on", "capacity", "carry_over")


def _refuse_archiving_active(access: ProductAccess, sprint: Sprint, archived: bool) -> None:
    if archived and sprint.state == SprintState.ACTIVE:
        raise ValidationFailed({"state": "close the active sprint before archiving it"})


# Sprints are not a registered kind (every verb of theirs is their own), but they take the
# write spine's row lock, audit event and archive through this declaration.
SPRINT = RecordType(
    name="sprint",
    model=Sprint,
    label="Sprint",
    plural="sprints",
    action=Action.SPRINT,
    title_field="name",
    hooks=Hooks(before_archive=_refuse_archiving_active),
)


def sprint_snapshot(sprint: Sprint) -> dict[str, Any]:
    return {
        "name": sprint.name,
        "goal": sprint.goal,
        "starts_on": sprint.starts_on.isoformat(),
        "ends_on": sprint.ends_on.isoformat(),
        "capacity": sprint.capacity,
        "carry_over": sprint.carry_over,
        "state": sprint.state,
        "committed_points": sprint.committed_points,
        "completed_points": sprint.completed_points,
        "team": sprint.team.name if sprint.team_id and sprint.team else None,
    }


def _team_for(access: ProductAccess, value: Any, *, required: bool) -> Team | None:
    """The sprint's team: required when the product has teams, refused when it has none."""
    teams = Team.objects.filter(product=access.product, archived_at__isnull=True)
    if value in (None, ""):
        if required and teams.exists():
            raise ValidationFailed({"team": f"{access.product.key} has teams; choose one"})
        return None
    if isinstance(value, Team):
        value = value.pk
    team = (
        teams.filter(pk=int(value)).first()
        if isinstance(value, int) or str(value).isdigit()
        else None
    )
    if team is None:
        raise ValidationFailed({"team": "must be one of this product's teams"})
    return team


def _decide(access: ProductAccess, what: str) -> None:
    if not access.can(Action.SPRINT, Level.DECIDE):
        raise PermissionDenied(
            f"Only the Product Owner can {what} on {access.product.key}; "
            "your role can suggest sprint content on the planning page."
            if access.can(Action.SPRINT, Level.PROPOSE)
            else f"Your role on {access.product.key} cannot {what}."
        )


def _locked(access: ProductAccess, sprint: Sprint, *, live: bool = False) -> Sprint:
    """The sprint, locked for the transaction (not archived when ``live``), for a write that
    edits none of its fields (its content, a suggestion, the sprint after a closed one)."""
    locked: Sprint = writes.lock(SPRINT, access, sprint.pk)
    if live:
        _require_live(locked)
    return locked


def _locked_at(
    access: ProductAccess, sprint: Sprint, expected_version: int | None, *, live: bool = False
) -> Sprint:
    """The sprint, locked for the transaction: at the version the caller read (none is 428,
    a stale one 409), and not archived when ``live``."""
    locked = _locked(access, sprint)
    check_version(locked, expected_version, sprint_snapshot, label=locked.name)
    if live:
        _require_live(locked)
    return locked


def _require_live(sprint: Sprint) -> None:
    if sprint.archived_at is not None:
        raise ValidationFailed({"sprint": f"{sprint.name} is archived; restore it first"})


def _content_changed(
    access: ProductAccess,
    sprint: Sprint,
    verb: str,
    *,
    at: dt.datetime | None = None,
    **change: dict[str, Any],
) -> None:
    """Items came in or went out: a new version of the sprint, and the event that says which."""
    sprint.version += 1
    sprint.updated_at = at or timezone.now()
    sprint.save(update_fields=["version", "updated_at"])
    writes.event(access, SPRINT, sprint, verb, **change)


def _parse_date(errors: dict[str, str], field: str, value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = "must be a date (YYYY-MM-DD)"
        return None


def _clean_field(errors: dict[str, str], field: str, value: Any) -> Any:
    if field == "name":
        name = str(value or "").strip()
        if not name:
            errors[field] = "is required"
        elif len(name) > 100:
            errors[field] = "must be at most 100 characters"
        return name
    if field == "goal":
        return str(value or "").strip()
    if field in ("starts_on", "ends_on"):
        return _parse_date(errors, field, value)
    if field == "capacity":
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not str(value).isdigit() or int(value) > 10_000:
            errors[field] = "must be a whole number of points from 0 to 10,000"
            return None
        return int(value)
    if field == "carry_over" and value not in CarryOver.values:
        errors[field] = f"must be one of: {', '.join(CarryOver.values)}"
    return value


def _clean(changes: Mapping[str, Any], current: Sprint | None) -> dict[str, Any]:
    errors: dict[str, str] = dict.fromkeys(
        sorted(set(changes) - set(SPRINT_FIELDS)), "is not a field of a sprint"
    )
    clean: dict[str, Any] = {}
    for field, value in changes.items():
        if field in SPRINT_FIELDS:
            clean[field] = _clean_field(errors, field, value)
    starts = clean.get("starts_on", current.starts_on if current else None)
    ends = clean.get("ends_on", current.ends_on if current else None)
    if current is None:
        for field in ("name", "starts_on", "ends_on"):
            if field not in changes:
                errors[field] = "is required"
    if starts and ends and ends < starts and "ends_on" not in errors:
        errors["ends_on"] = "must be on or after the start date"
    elif starts and ends and (ends - starts).days + 1 > MAX_SPRINT_DAYS and "ends_on" not in errors:
        errors["ends_on"] = f"a sprint lasts at most {MAX_SPRINT_DAYS} days"
    if errors:
        raise ValidationFailed(errors)
    return clean


@transaction.atomic
def sprint_create(*, access: ProductAccess, fields: Mapping[str, Any]) -> Sprint:
    _decide(access, "create a sprint")
    fields = dict(fields)
    team = _team_for(access, fields.pop("team", None), required=True)
    clean = _clean(fields, None)
    sprint = Sprint.objects.create(
        product=access.product, team=team, created_by=access.user, **clean
    )
    writes.event(access, SPRINT, sprint, "created", after=sprint_snapshot(sprint))
    return sprint


@transaction.atomic
def sprint_update(
    *,
    access: ProductAccess,
    sprint: Sprint,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Sprint:
    _decide(access, "change a sprint's goal, dates or capacity")
    sprint = _locked_at(access, sprint, expected_version, live=True)
    changes = dict(changes)
    if "team" in changes:
        team = _team_for(access, changes.pop("team"), required=True)
        if team != sprint.team and sprint.state != SprintState.PLANNED:
            raise ValidationFailed({"team": "only a planned sprint can change team"})
        changes_team: Team | None = team
    else:
        changes_team = sprint.team
    clean = _clean(changes, sprint)
    if sprint.state == SprintState.CLOSED and set(clean) - {"goal", "name"}:
        raise ValidationFailed({"state": "a closed sprint keeps its dates and capacity"})
    clean["team"] = changes_team
    before = sprint_snapshot(sprint)
    for field, value in clean.items():
        setattr(sprint, field, value)
    sprint.version += 1
    sprint.updated_at = timezone.now()
    sprint.save()
    writes.event(access, SPRINT, sprint, "updated", before=before, after=sprint_snapshot(sprint))
    return sprint


@transaction.atomic
def _set_archived(*, access: ProductAccess, sprint: Sprint, archived: bool) -> Sprint:
    _decide(access, "archive or restore a sprint")
    sprint = _locked(access, sprint)
    try:
        with transaction.atomic():
            writes.set_archived(access, SPRINT, sprint, archived)
    except IntegrityError as error:
        raise ValidationFailed({"state": "another sprint is active"}) from error
    return sprint


sprint_archive = partial(_set_archived, archived=True)
sprint_restore = partial(_set_archived, archived=False)
