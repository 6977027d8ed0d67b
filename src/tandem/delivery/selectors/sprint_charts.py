"""The sprint charts' data: burndown, velocity and cumulative flow, from entries and history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Subquery
from django.utils import timezone

from tandem.backlog.models import Item, Status
from tandem.core import sprint_charts
from tandem.delivery.models import (
    Sprint,
    SprintItem,
    SprintState,
)
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Event

from .sprint_base import ANY_TEAM, FINISHED, TeamScope, local_day, team_filter, velocity_sprints

__all__ = ["VelocityView", "burndown_of", "cumulative_flow_of", "sprint_charts_of", "velocity_of"]


_Events = list[tuple[int, dt.datetime, str | None, str]]


def _status_events(access: ProductAccess, sprint: Sprint) -> _Events:
    """(item, when, before, after) of each recorded status change of the sprint's items."""
    item_ids = SprintItem.objects.filter(sprint=sprint).values("item_id")
    rows = (
        Event.objects.filter(
            product=access.product,
            object_type="item",
            object_id__in=Subquery(item_ids),
            verb="item.updated",
            after__status__isnull=False,
        )
        .order_by("created_at", "id")
        .values_list("object_id", "created_at", "before", "after")
    )
    return [
        (int(oid), when, (before or {}).get("status"), str((after or {})["status"]))
        for oid, when, before, after in rows
    ]


@dataclass(frozen=True)
class _EntryRow:
    """What the charts need of one sprint entry and its item, read without model instances."""

    item_id: int
    committed: bool
    points_at_start: int | None
    added_at: dt.datetime
    removed_at: dt.datetime | None
    estimate: int | None
    status: str


def _entry_rows(access: ProductAccess, sprint: Sprint) -> list[_EntryRow]:
    return [
        _EntryRow(*row)
        for row in SprintItem.objects.filter(sprint=sprint, sprint__product=access.product)
        .order_by("id")
        .values_list(
            "item_id",
            "committed",
            "points_at_start",
            "added_at",
            "removed_at",
            "item__estimate",
            "item__status",
        )
    ]


def _done_days(
    items: Sequence[_EntryRow], events: Sequence[tuple[int, dt.datetime, str | None, str]]
) -> dict[int, dt.date]:
    """The day each finished item last became done (or accepted) and stayed so."""
    done: dict[int, dt.date] = {}
    for item_id, when, before, after in events:
        if after in FINISHED and before not in FINISHED:
            done[item_id] = local_day(when)
        elif after not in FINISHED:
            done.pop(item_id, None)
    for item in items:
        if item.status not in FINISHED:
            done.pop(item.item_id, None)
    # Finished with no recorded move (made done, or imported): the last change will do.
    unrecorded = {i.item_id for i in items if i.status in FINISHED} - set(done)
    for item_id, updated_at in Item.objects.filter(pk__in=unrecorded).values_list(
        "pk", "updated_at"
    ):
        done[item_id] = local_day(updated_at)
    return done


def sprint_charts_of(
    *, access: ProductAccess, sprint: Sprint
) -> tuple[sprint_charts.Burndown, sprint_charts.CumulativeFlow]:
    """Both charts of the sprint page from one read of its entries and their history."""
    entries = _entry_rows(access, sprint)
    events = _status_events(access, sprint)
    return _burndown(sprint, entries, events), _flow(sprint, entries, events)


def burndown_of(*, access: ProductAccess, sprint: Sprint) -> sprint_charts.Burndown:
    return _burndown(sprint, _entry_rows(access, sprint), _status_events(access, sprint))


def _burndown(sprint: Sprint, entries: list[_EntryRow], events: _Events) -> sprint_charts.Burndown:
    done = _done_days(entries, events)
    today = timezone.localdate()
    if sprint.closed_at is not None:
        today = min(today, local_day(sprint.closed_at))
    scope = []
    for entry in entries:
        added_on, removed_on = _entry_window(sprint, entry)
        points = (
            entry.points_at_start
            if entry.committed and entry.points_at_start is not None
            else entry.estimate
        )
        scope.append(
            sprint_charts.ScopeEntry(
                points=points or 0,
                added_on=added_on,
                removed_on=removed_on,
                done_on=done.get(entry.item_id),
            )
        )
    return sprint_charts.burndown(
        scope,
        starts_on=sprint.starts_on,
        ends_on=sprint.ends_on,
        today=today
        if sprint.state != SprintState.PLANNED
        else sprint.starts_on - dt.timedelta(days=1),
        committed_points=sprint.committed_points or sum(s.points for s in scope),
    )


@dataclass(frozen=True)
class VelocityView:
    summary: sprint_charts.Velocity
    sprints: list[Sprint]


def velocity_of(
    *, access: ProductAccess, last: int = 6, team: TeamScope = ANY_TEAM
) -> VelocityView:
    """The last ``last`` closed sprints (of ``team``), oldest first, and their completed points."""
    closed = list(velocity_sprints(product=access.product, **team_filter(team))[:last])
    closed.reverse()
    return VelocityView(
        summary=sprint_charts.velocity(s.completed_points or 0 for s in closed), sprints=closed
    )


def _entry_window(sprint: Sprint, entry: _EntryRow) -> tuple[dt.date, dt.date | None]:
    """The days an entry counts in the sprint's charts: from its arrival to its removal.

    Committed work counts from the first day; taking unfinished work out at the
    close is not a change inside the sprint, so it keeps counting to the end.
    """
    added_on = (
        sprint.starts_on if entry.committed else max(local_day(entry.added_at), sprint.starts_on)
    )
    removed = entry.removed_at
    if removed is not None and sprint.closed_at is not None and removed >= sprint.closed_at:
        removed = None
    return added_on, local_day(removed) if removed else None


def cumulative_flow_of(*, access: ProductAccess, sprint: Sprint) -> sprint_charts.CumulativeFlow:
    """Items of the sprint per status at the end of each day, from the audit trail."""
    return _flow(sprint, _entry_rows(access, sprint), _status_events(access, sprint))


def _flow(
    sprint: Sprint, entries: list[_EntryRow], events: _Events
) -> sprint_charts.CumulativeFlow:
    present: dict[int, tuple[dt.date, dt.date | None]] = {}
    for entry in entries:
        start, end = _entry_window(sprint, entry)
        earlier = present.get(entry.item_id)
        if earlier is not None:  # in, out and in again: count it over the whole span
            start = min(start, earlier[0])
            end = None if end is None or earlier[1] is None else max(end, earlier[1])
        present[entry.item_id] = (start, end)
    start = sprint.starts_on
    initial: dict[int, str] = {e.item_id: e.status for e in entries}
    first_seen: set[int] = set()
    changes: list[sprint_charts.StatusChange] = []
    for item_id, when, before, after in events:
        if item_id not in first_seen and before:
            first_seen.add(item_id)
            initial[item_id] = before
        if local_day(when) < start:
            initial[item_id] = after
        else:
            changes.append(
                sprint_charts.StatusChange(item_id=item_id, on=local_day(when), status=after)
            )
    end = sprint.ends_on
    if sprint.closed_at is not None:
        end = min(end, local_day(sprint.closed_at))
    end = min(end, max(timezone.localdate(), start))
    days = sprint_charts.sprint_days(start, max(end, start))
    return sprint_charts.cumulative_flow(
        initial, changes, days=days, statuses=Status.values, present=present
    )
