"""The sprint charts' arithmetic: burndown, velocity and cumulative flow.

Pure functions over plain values: the delivery selectors read the sprint's
entries and the status history, turn them into these dataclasses and hand the
results to Chart.js unchanged.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ScopeEntry:
    """One item's stay in a sprint, by day.

    ``added_on`` is the first day it counts (the start day for the commitment),
    ``removed_on`` the first day it no longer counts, ``done_on`` the first day it
    counts as burnt down.
    """

    points: int
    added_on: dt.date
    removed_on: dt.date | None = None
    done_on: dt.date | None = None


@dataclass(frozen=True)
class Burndown:
    days: tuple[dt.date, ...]
    remaining: tuple[int | None, ...]  # None for days still to come
    ideal: tuple[float, ...]
    scope: tuple[int | None, ...]  # total points in the sprint that day
    scope_changes: tuple[tuple[dt.date, int], ...]  # (day, points added − removed), never 0


def sprint_days(starts_on: dt.date, ends_on: dt.date) -> tuple[dt.date, ...]:
    """Every calendar day of the sprint, both ends included."""
    if ends_on < starts_on:
        raise ValueError("A sprint cannot end before it starts.")
    return tuple(starts_on + dt.timedelta(days=n) for n in range((ends_on - starts_on).days + 1))


def _counts(entry: ScopeEntry, day: dt.date) -> bool:
    return entry.added_on <= day and (entry.removed_on is None or entry.removed_on > day)


def burndown(
    entries: Sequence[ScopeEntry],
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    today: dt.date,
    committed_points: int,
) -> Burndown:
    """Remaining points per day, the ideal line from the commitment, and scope changes.

    Work finished before the sprint started counts as burnt on the first day; a
    day after ``today`` has no remaining value yet, so the line stops where the
    sprint is.
    """
    days = sprint_days(starts_on, ends_on)
    span = max(len(days) - 1, 1)
    ideal = tuple(committed_points * (1 - index / span) for index in range(len(days)))
    remaining: list[int | None] = []
    scope: list[int | None] = []
    changes: list[tuple[dt.date, int]] = []
    previous_scope: int | None = None
    for day in days:
        in_scope = [e for e in entries if _counts(e, day)]
        total = sum(e.points for e in in_scope)
        if day > today:
            remaining.append(None)
            scope.append(None)
            continue
        open_points = sum(e.points for e in in_scope if e.done_on is None or e.done_on > day)
        remaining.append(open_points)
        scope.append(total)
        if previous_scope is not None and total != previous_scope:
            changes.append((day, total - previous_scope))
        previous_scope = total
    return Burndown(
        days=days,
        remaining=tuple(remaining),
        ideal=ideal,
        scope=tuple(scope),
        scope_changes=tuple(changes),
    )


@dataclass(frozen=True)
class Velocity:
    """Points completed in the last closed sprints: their mean and range."""

    values: tuple[int, ...]
    mean: float | None
    low: int | None
    high: int | None
    spread: float | None  # sample standard deviation; None below two sprints

    @property
    def count(self) -> int:
        return len(self.values)


def velocity(completed: Iterable[int]) -> Velocity:
    values = tuple(completed)
    if not values:
        return Velocity(values=(), mean=None, low=None, high=None, spread=None)
    return Velocity(
        values=values,
        mean=math.fsum(values) / len(values),
        low=min(values),
        high=max(values),
        spread=statistics.stdev(values) if len(values) > 1 else None,
    )


@dataclass(frozen=True)
class StatusChange:
    item_id: int
    on: dt.date
    status: str


@dataclass(frozen=True)
class CumulativeFlow:
    days: tuple[dt.date, ...]
    counts: Mapping[str, tuple[int, ...]]  # status → items in it at the end of each day


def cumulative_flow(
    initial: Mapping[int, str],
    changes: Sequence[StatusChange],
    *,
    days: Sequence[dt.date],
    statuses: Sequence[str],
    present: Mapping[int, tuple[dt.date, dt.date | None]] | None = None,
) -> CumulativeFlow:
    """Items per status at the end of each day.

    ``initial`` is each item's status before the first day; ``changes`` are later
    moves, applied in date order (several on one day: the last one wins). Items
    in a status outside ``statuses`` are not counted. ``present`` optionally
    bounds when an item counts at all: from its first day up to (not including)
    the day it left. At every day the counts add up to the items present whose
    status is one of ``statuses``.
    """
    current = dict(initial)
    ordered = sorted(changes, key=lambda c: c.on)
    counts: dict[str, list[int]] = {s: [] for s in statuses}
    position = 0
    for day in days:
        while position < len(ordered) and ordered[position].on <= day:
            change = ordered[position]
            current[change.item_id] = change.status
            position += 1
        tally = dict.fromkeys(statuses, 0)
        for item_id, status in current.items():
            window = present.get(item_id) if present is not None else None
            if window is not None and not (
                window[0] <= day and (window[1] is None or day < window[1])
            ):
                continue
            if status in tally:
                tally[status] += 1
        for status in statuses:
            counts[status].append(tally[status])
    return CumulativeFlow(
        days=tuple(days), counts={s: tuple(values) for s, values in counts.items()}
    )


def working_days(starts_on: dt.date, ends_on: dt.date) -> int:
    """Monday to Friday between the two dates, both included."""
    return sum(1 for day in sprint_days(starts_on, ends_on) if day.weekday() < 5)


@dataclass(frozen=True)
class Availability:
    points: int  # what the person finishes in a full sprint
    days_off: int


def team_capacity(people: Iterable[Availability], days: int) -> int:
    """Points the team can take: each person's points, scaled by the days they are there.

    Rounded down, so a plan made to it is one the team can keep. ``days`` is
    the sprint's working days; days off beyond it leave a person at zero.
    """
    if days <= 0:
        return 0
    total = math.fsum(p.points * max(days - p.days_off, 0) / days for p in people)
    return math.floor(total + 1e-9)
