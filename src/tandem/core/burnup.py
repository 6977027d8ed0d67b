"""Release burnup: the scope line and the done line over time, from plain dated points."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ScopeEntry:
    """One piece of work: its points, the day it joined the scope, the day it was done."""

    points: float
    added_on: dt.date
    done_on: dt.date | None = None


@dataclass(frozen=True)
class Burnup:
    days: tuple[dt.date, ...]
    scope: tuple[float, ...]
    done: tuple[float, ...]


def burnup_days(start: dt.date, end: dt.date, *, max_points: int = 60) -> tuple[dt.date, ...]:
    """Evenly spaced days from ``start`` to ``end`` (both included), whole days apart."""
    if end < start:
        return (start,)
    span = (end - start).days
    step = max(1, -(-span // (max_points - 1))) if max_points > 1 else max(span, 1)
    days = [start + dt.timedelta(days=offset) for offset in range(0, span + 1, step)]
    if days[-1] != end:
        days.append(end)
    return tuple(days)


def burnup(entries: Sequence[ScopeEntry], days: Sequence[dt.date]) -> Burnup:
    """Scope and done totals at the end of each day; done never counts work not in scope."""
    scope = []
    done = []
    for day in days:
        scope.append(sum(e.points for e in entries if e.added_on <= day))
        done.append(
            sum(
                e.points
                for e in entries
                if e.added_on <= day and e.done_on is not None and e.done_on <= day
            )
        )
    return Burnup(days=tuple(days), scope=tuple(scope), done=tuple(done))
