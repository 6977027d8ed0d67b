"""Typed shapes of the sprints API: what goes in and what comes out."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from ninja import Schema
from pydantic import Field, WithJsonSchema

from tandem.backlog.models import Item
from tandem.core import sprint_charts
from tandem.delivery.models import (
    Impediment,
    RetroAction,
    RetroNote,
    Sprint,
)
from tandem.workspace.models import Proposal
from tandem.workspace.schemas import BodyIn

if TYPE_CHECKING:
    from tandem.delivery.selectors import SprintCapacity


class SprintIn(BodyIn):
    name: str
    goal: str = ""
    starts_on: dt.date
    ends_on: dt.date
    capacity: int | None = None
    carry_over: str = "backlog"
    team: int | None = None  # required when the product has teams


class SprintPatchIn(BodyIn):
    name: str | None = None
    goal: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    capacity: int | None = None
    carry_over: str | None = None
    team: int | None = None  # a planned sprint may move to another team
    version: int | None = None


class VersionIn(BodyIn):
    version: int | None = None


class StartIn(VersionIn):
    confirm: bool = Field(
        False,
        description="start even when over capacity or velocity, overlapping or over three months",
    )


class CloseIn(BodyIn):
    version: int | None = None
    carry: dict[str, str] = {}  # item key → "backlog" or "next"


class ItemsIn(BodyIn):
    items: list[str]


class CardOut(Schema):
    key: str
    title: str
    kind: str
    status: str
    estimate: int | None
    assignee: str | None
    epic: str | None
    blocked: bool
    version: int


def card_out(item: Item) -> dict[str, Any]:
    return {
        "key": item.key,
        "title": item.title,
        "kind": item.kind,
        "status": item.status,
        "estimate": item.estimate,
        "assignee": item.assignee.email if item.assignee_id and item.assignee else None,
        "epic": item.parent.key if item.parent_id and item.parent else None,
        "blocked": bool(getattr(item, "is_blocked", False)),
        "version": item.version,
    }


class SprintOut(Schema):
    id: int
    name: str
    goal: str
    starts_on: dt.date
    ends_on: dt.date
    state: str
    capacity: int | None
    carry_over: str
    committed_points: int | None
    completed_points: int | None
    started_at: dt.datetime | None
    closed_at: dt.datetime | None
    archived: bool
    version: int
    team: int | None


def sprint_out(sprint: Sprint) -> dict[str, Any]:
    return {
        "id": sprint.pk,
        "name": sprint.name,
        "goal": sprint.goal,
        "starts_on": sprint.starts_on,
        "ends_on": sprint.ends_on,
        "state": sprint.state,
        "capacity": sprint.capacity,
        "carry_over": sprint.carry_over,
        "committed_points": sprint.committed_points,
        "completed_points": sprint.completed_points,
        "started_at": sprint.started_at,
        "closed_at": sprint.closed_at,
        "archived": sprint.archived_at is not None,
        "version": sprint.version,
        "team": sprint.team_id,
    }


class SprintDetailOut(SprintOut):
    items: list[CardOut]
    planned_points: int
    done_points: int


class SprintSuggestionOut(Schema):
    id: int
    item: str
    add: bool
    proposed_by: str | None
    status: str


def suggestion_out(suggestion: Proposal) -> dict[str, Any]:
    return {
        "id": suggestion.pk,
        "item": suggestion.payload["item"],
        "add": suggestion.payload["add"],
        "proposed_by": suggestion.proposed_by.email if suggestion.proposed_by else None,
        "status": suggestion.status,
    }


class ContentOut(Schema):
    """Applied changes, or the suggestions they became for the Product Owner."""

    applied: bool
    suggestions: list[SprintSuggestionOut]


class PlannedSetOut(Schema):
    items: list[str]
    points: int
    value: float


class SprintPlanOut(Schema):
    score: str
    capacity_left: int
    candidates: int
    optimal: PlannedSetOut
    greedy: PlannedSetOut
    value_gained: float


class BoardColumnOut(Schema):
    status: str
    count: int
    wip_limit: int | None
    over_limit: bool
    cards: list[CardOut]
    next_offset: int | None


class CardMoveIn(BodyIn):
    item: str
    status: str
    version: int | None = None


class WipIn(BodyIn):
    wip_limit: int | None


class WipOut(Schema):
    status: str
    wip_limit: int | None


# A [day, points] pair, described in a form every OpenAPI tool reads (not prefixItems).
ScopeChange = Annotated[
    tuple[dt.date, int],
    WithJsonSchema(
        {
            "type": "array",
            "items": {"anyOf": [{"type": "string", "format": "date"}, {"type": "integer"}]},
            "minItems": 2,
            "maxItems": 2,
        }
    ),
]


class BurndownOut(Schema):
    days: list[dt.date]
    remaining: list[int | None]
    ideal: list[float]
    scope: list[int | None]
    scope_changes: list[ScopeChange] = Field(description="[day, points added (or removed)]")


def burndown_out(data: sprint_charts.Burndown) -> dict[str, Any]:
    return {
        "days": list(data.days),
        "remaining": list(data.remaining),
        "ideal": list(data.ideal),
        "scope": list(data.scope),
        "scope_changes": list(data.scope_changes),
    }


class VelocityOut(Schema):
    sprints: list[SprintOut]
    mean: float | None
    low: int | None
    high: int | None


class FlowOut(Schema):
    days: list[dt.date]
    counts: dict[str, list[int]]


class ImpedimentIn(BodyIn):
    kind: str = "impediment"
    description: str
    owner: str | None = None
    items: list[str] = []
    sprint: int | None = None


class ImpedimentPatchIn(BodyIn):
    kind: str | None = None
    description: str | None = None
    owner: str | None = None
    items: list[str] | None = None
    sprint: int | None = None
    version: int | None = None


class ResolveIn(BodyIn):
    resolution: str = ""
    version: int | None = None


class EscalateIn(BodyIn):
    note: str = ""


class ImpedimentOut(Schema):
    id: int
    kind: str
    description: str
    owner: str | None
    items: list[str]
    sprint: int | None
    raised_at: dt.datetime
    resolved_at: dt.datetime | None
    resolution: str
    decision: int | None
    archived: bool
    version: int


def impediment_out(impediment: Impediment) -> dict[str, Any]:
    return {
        "id": impediment.pk,
        "kind": impediment.kind,
        "description": impediment.description,
        "owner": impediment.owner.email if impediment.owner_id and impediment.owner else None,
        "items": sorted(item.key for item in impediment.items.all()),
        "sprint": impediment.sprint_id,
        "raised_at": impediment.raised_at,
        "resolved_at": impediment.resolved_at,
        "resolution": impediment.resolution,
        "decision": impediment.decision_id,
        "archived": impediment.archived_at is not None,
        "version": impediment.version,
    }


class DependencyIn(BodyIn):
    blocked_by: str


class NoteIn(BodyIn):
    kind: str
    text: str


class NoteOut(Schema):
    id: int
    kind: str
    text: str
    votes: int
    voted: bool


def note_out(note: RetroNote, my_votes: set[int]) -> dict[str, Any]:
    return {
        "id": note.pk,
        "kind": note.kind,
        "text": note.text,
        "votes": getattr(note, "vote_count", 0),
        "voted": note.pk in my_votes,
    }


class ActionIn(BodyIn):
    text: str
    owner: str | None = None


class ActionOut(Schema):
    id: int
    text: str
    owner: str | None
    item: str | None
    item_status: str | None


def action_out(action: RetroAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "text": action.text,
        "owner": action.owner.email if action.owner else None,
        "item": action.item.key if action.item else None,
        "item_status": action.item.status if action.item else None,
    }


class RetroOut(Schema):
    sprint: int
    opened: bool
    notes: list[NoteOut]
    actions: list[ActionOut]
    previous_actions: list[ActionOut]


class AvailabilityIn(BodyIn):
    points: int
    days_off: int = 0


class AvailabilityOut(Schema):
    user: str
    points: int
    days_off: int


class CapacityOut(Schema):
    members: list[AvailabilityOut]
    working_days: int
    total: int


def capacity_out(capacity: SprintCapacity) -> dict[str, Any]:
    return {
        "members": [
            {"user": m.user.email, "points": m.points, "days_off": m.days_off}
            for m in capacity.members
        ],
        "working_days": capacity.working_days,
        "total": capacity.total,
    }
