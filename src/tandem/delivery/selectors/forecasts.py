"""Reads of the team's pace and the Monte Carlo forecasts built on it.

"When will this release (or these N points) be done?" and "how much by that
date?", from the completed points of the product's closed sprints.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from tandem.backlog.models import Item
from tandem.core import forecast as mc
from tandem.delivery.models import Release, Sprint, SprintState
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed

from .scope import release_scope
from .scope import scope_points as scope_points_of
from .sprint_base import ANY_TEAM, TeamScope, team_filter

__all__ = [
    "FORECAST_LEVELS",
    "FanPoint",
    "HowMuchView",
    "PointsForecast",
    "ReleaseForecast",
    "VelocityHistory",
    "points_forecast",
    "release_forecast",
    "release_how_much",
    "velocity_history",
]

FORECAST_LEVELS = (50, 85, 95)
DEFAULT_SPRINT_DAYS = 14
FAN_LEVELS = (5, 50, 85, 95)
MAX_FAN_SPRINTS = 52
MAX_POINTS = 100_000
# How far ahead a "how much by" date may be: the simulation runs one step per sprint.
MAX_HORIZON_DAYS = 3653  # ten years
NO_HISTORY = "No forecast yet: it needs at least one closed sprint with completed points."


@dataclass(frozen=True)
class VelocityHistory:
    """Points completed in each closed sprint, oldest first, and the sprint rhythm."""

    points: tuple[float, ...]
    sprint_days: int
    next_start: dt.date

    @property
    def usable(self) -> bool:
        return any(self.points)


def velocity_history(
    *, access: ProductAccess, today: dt.date | None = None, team: TeamScope = ANY_TEAM
) -> VelocityHistory:
    """Closed sprints' completed points (of ``team``); the next starts after the last closed."""
    today = today or timezone.localdate()
    closed = list(
        Sprint.objects.filter(
            **team_filter(team),
            product=access.product,
            archived_at__isnull=True,
            state=SprintState.CLOSED,
            completed_points__isnull=False,
        )
        .order_by("ends_on", "id")
        .values_list("team_id", "starts_on", "ends_on", "completed_points")
    )
    if not closed:
        return VelocityHistory(points=(), sprint_days=DEFAULT_SPRINT_DAYS, next_start=today)
    lengths = [(ends - starts).days + 1 for _, starts, ends, _ in closed]
    last_end = max(ends for _, _, ends, _ in closed)
    return VelocityHistory(
        points=_combined_points(closed),
        sprint_days=max(1, round(statistics.median(lengths))),
        next_start=max(today, last_end + dt.timedelta(days=1)),
    )


def _combined_points(
    closed: Sequence[tuple[int | None, dt.date, dt.date, int | None]],
) -> tuple[float, ...]:
    """Points per sprint; teams working side by side add up, round by round.

    With several teams, the i-th last sprint of each team ran at about the same
    time, so their sum is what the product finished in that round. Only rounds
    every team took part in count, so a young team does not drag the pace down.
    """
    by_team: dict[int | None, list[float]] = {}
    for team_id, _, _, points in closed:
        by_team.setdefault(team_id, []).append(float(points or 0))
    if len(by_team) == 1:
        return tuple(next(iter(by_team.values())))
    rounds = min(len(points) for points in by_team.values())
    return tuple(
        sum(points[len(points) - rounds + i] for points in by_team.values()) for i in range(rounds)
    )


def _sprint_end(history: VelocityHistory, sprints: int) -> dt.date:
    """The last day of the ``sprints``-th sprint from the next start (the start for none)."""
    if sprints == 0:
        return history.next_start
    return mc.sprints_to_dates(history.next_start, history.sprint_days, sprints) - dt.timedelta(
        days=1
    )


def _scope_and_pace(
    access: ProductAccess, release: Release, scope: list[Item] | None, today: dt.date | None
) -> tuple[list[Item], VelocityHistory]:
    """The release's items (the scope a caller already read, else read now) and the pace."""
    items = scope if scope is not None else release_scope(access=access, release=release)
    return items, velocity_history(access=access, today=today)


@dataclass(frozen=True)
class FanPoint:
    day: dt.date
    points: dict[int, float]  # confidence level -> cumulative done points


@dataclass(frozen=True)
class ReleaseForecast:
    """When the release's remaining points are done, and the fan of possible progress.

    ``message`` says why there is no forecast (no closed sprint yet, nothing left).
    """

    history: VelocityHistory
    scope_points: int
    done_points: int
    unestimated: int
    when_sprints: dict[int, int] = field(default_factory=dict)
    when_dates: dict[int, dt.date] = field(default_factory=dict)
    fan: tuple[FanPoint, ...] = ()
    message: str = ""

    @property
    def remaining_points(self) -> int:
        return max(0, self.scope_points - self.done_points)


def _seed(release: Release) -> int:
    # The same release gives the same numbers on every view until its data changes.
    return release.pk


def release_forecast(
    *,
    access: ProductAccess,
    release: Release,
    scope: list[Item] | None = None,
    today: dt.date | None = None,
    trials: int = mc.DEFAULT_TRIALS,
) -> ReleaseForecast:
    """Monte Carlo answer to "when will this release be done?" at 50/85/95% confidence."""
    items, history = _scope_and_pace(access, release, scope, today)
    scope_points, done_points = scope_points_of(items)
    unestimated = sum(1 for item in items if item.estimate is None)
    base = ReleaseForecast(
        history=history,
        scope_points=scope_points,
        done_points=done_points,
        unestimated=unestimated,
    )
    if not history.usable:
        return _with_message(base, NO_HISTORY)
    remaining = base.remaining_points
    if remaining == 0:
        return _with_message(base, "Nothing left to forecast: every estimated item is done.")
    velocity = mc.History(history.points)
    try:
        when = mc.forecast_when(
            velocity, remaining, trials=trials, seed=_seed(release), percentiles=FORECAST_LEVELS
        )
    except ValueError:
        return _with_message(base, "The team's pace would not finish this scope within ten years.")
    horizon = min(MAX_FAN_SPRINTS, max(when.percentiles[95] + 1, 4))
    fan = mc.forecast_fan(velocity, horizon, trials=trials, seed=_seed(release), levels=FAN_LEVELS)
    return ReleaseForecast(
        history=history,
        scope_points=scope_points,
        done_points=done_points,
        unestimated=unestimated,
        when_sprints=dict(when.percentiles),
        when_dates={level: _sprint_end(history, n) for level, n in when.percentiles.items()},
        fan=(
            FanPoint(day=history.next_start, points=dict.fromkeys(FAN_LEVELS, float(done_points))),
            *(
                FanPoint(
                    day=_sprint_end(history, index + 1),
                    # Capped at the scope: past it the release is done, not bigger.
                    points={
                        level: min(float(scope_points), done_points + band[level])
                        for level in FAN_LEVELS
                    },
                )
                for index, band in enumerate(fan.bands)
            ),
        ),
    )


def _with_message(base: ReleaseForecast, message: str) -> ReleaseForecast:
    return ReleaseForecast(
        history=base.history,
        scope_points=base.scope_points,
        done_points=base.done_points,
        unestimated=base.unestimated,
        message=message,
    )


@dataclass(frozen=True)
class HowMuchView:
    by: dt.date
    sprints: int
    points: dict[int, float]  # confidence level -> points done by then, counting done work
    scope_points: int
    message: str = ""


def release_how_much(
    *,
    access: ProductAccess,
    release: Release,
    by: dt.date,
    scope: list[Item] | None = None,
    today: dt.date | None = None,
    trials: int = mc.DEFAULT_TRIALS,
) -> HowMuchView:
    """ "How much of this release will be done by ``by``?" counting only whole sprints."""
    items, history = _scope_and_pace(access, release, scope, today)
    scope_points, done = scope_points_of(items)
    last = history.next_start + dt.timedelta(days=MAX_HORIZON_DAYS)
    if by > last:
        raise ValidationFailed({"by": f"must be on or before {last.isoformat()} (ten years ahead)"})
    sprints = max(0, ((by - history.next_start).days + 1) // history.sprint_days)
    if not history.usable:
        return HowMuchView(
            by=by,
            sprints=sprints,
            points=dict.fromkeys(FORECAST_LEVELS, float(done)),
            scope_points=scope_points,
            message=NO_HISTORY,
        )
    how_much = mc.forecast_how_much(
        mc.History(history.points),
        sprints,
        trials=trials,
        seed=_seed(release),
        percentiles=FORECAST_LEVELS,
    )
    return HowMuchView(
        by=by,
        sprints=sprints,
        # Capped at the scope: a release cannot finish more than it holds.
        points={
            level: float(min(scope_points, done + amount))
            for level, amount in how_much.percentiles.items()
        },
        scope_points=scope_points,
    )


@dataclass(frozen=True)
class PointsForecast:
    """ "When will these N points be done?" for the team, whatever release they are in."""

    points: int
    history: VelocityHistory
    when_sprints: dict[int, int] = field(default_factory=dict)
    when_dates: dict[int, dt.date] = field(default_factory=dict)
    message: str = ""


def points_forecast(
    *,
    access: ProductAccess,
    points: int,
    today: dt.date | None = None,
    trials: int = mc.DEFAULT_TRIALS,
    team: TeamScope = ANY_TEAM,
) -> PointsForecast:
    if not 0 <= points <= MAX_POINTS:
        raise ValidationFailed({"points": f"must be a whole number from 0 to {MAX_POINTS:,}"})
    history = velocity_history(access=access, today=today, team=team)
    if not history.usable:
        return PointsForecast(
            points=points,
            history=history,
            message=NO_HISTORY,
        )
    try:
        when = mc.forecast_when(
            mc.History(history.points),
            points,
            trials=trials,
            seed=access.product.pk,
            percentiles=FORECAST_LEVELS,
        )
    except ValueError:
        return PointsForecast(
            points=points,
            history=history,
            message="The team's pace would not finish this much work within ten years.",
        )
    return PointsForecast(
        points=points,
        history=history,
        when_sprints=dict(when.percentiles),
        when_dates={level: _sprint_end(history, n) for level, n in when.percentiles.items()},
    )
