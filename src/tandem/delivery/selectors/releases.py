"""Reads of delivery records that pages, the API and the apps above share.

Release-side reads: releases, their scope, burnup and forecast; reviews, test
plans and launches live in their own modules, gathered here.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from tandem.backlog.models import Item, Kind, Status
from tandem.core import forecast as mc
from tandem.core.burnup import Burnup, ScopeEntry, burnup, burnup_days
from tandem.delivery.models import Release, ReleaseState, Sprint, SprintState
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.models import Event

from .launches import (
    LaunchView,
    archived_launches_of,
    launch_of,
    launch_tasks_due,
    launch_template,
)
from .reviews import (
    IncrementRow,
    ReviewPage,
    acceptances_of,
    items_waiting_for_acceptance,
    sprint_review,
    sprints_for_review,
)
from .testing import (
    CaseSummary,
    TestPlan,
    case_summaries,
    item_test_plan,
    latest_outcomes,
    open_test_cases,
)

__all__ = [
    "DONE_STATUSES",
    "FORECAST_LEVELS",
    "CaseSummary",
    "HowMuchView",
    "IncrementRow",
    "LaunchView",
    "PointsForecast",
    "ReleaseForecast",
    "ReleaseRow",
    "ReviewPage",
    "TestPlan",
    "VelocityHistory",
    "acceptances_of",
    "archived_launches_of",
    "case_summaries",
    "item_releases",
    "item_test_plan",
    "items_waiting_for_acceptance",
    "latest_outcomes",
    "launch_of",
    "launch_tasks_due",
    "launch_template",
    "open_test_cases",
    "points_forecast",
    "release_burnup",
    "release_forecast",
    "release_how_much",
    "release_markers",
    "release_of",
    "release_scope",
    "releases_of",
    "sprint_review",
    "sprints_for_review",
    "velocity_history",
]

DONE_STATUSES = (Status.DONE, Status.ACCEPTED)
FORECAST_LEVELS = (50, 85, 95)
DEFAULT_SPRINT_DAYS = 14
FAN_LEVELS = (5, 50, 85, 95)
MAX_FAN_SPRINTS = 52
MAX_POINTS = 100_000


def release_markers(*, access: ProductAccess) -> list[tuple[dt.date, str]]:
    """(date, version) of each live release: shipped ones on the day, planned on the target.

    Metric charts and the roadmap timeline draw these as vertical markers.
    """
    markers: list[tuple[dt.date, str]] = []
    for release in Release.objects.filter(product=access.product, archived_at__isnull=True):
        day = release.released_on if release.state == ReleaseState.RELEASED else release.target_date
        if day is not None:
            markers.append((day, release.name))
    return sorted(markers)


# --- scope ------------------------------------------------------------------------------


def _scope_query(release_ids: list[int]) -> QuerySet[Item]:
    """Live non-epic items in the scope of any of the releases: named, or under an epic."""
    return Item.objects.filter(
        Q(releases__in=release_ids) | Q(parent__scoped_releases__in=release_ids),
        archived_at__isnull=True,
    ).exclude(kind=Kind.EPIC)


def release_scope(*, access: ProductAccess, release: Release) -> list[Item]:
    """The release's work: items named in it plus the stories of its epics, in rank order."""
    if release.product_id != access.product.pk:
        raise NotFound("No such release.")
    return list(
        _scope_query([release.pk])
        .select_related("product", "parent", "assignee")
        .distinct()
        .order_by("rank", "id")
    )


@dataclass
class ReleaseRow:
    release: Release
    items: int = 0
    points: int = 0
    done_points: int = 0
    unestimated: int = 0

    @property
    def progress(self) -> int:
        return round(100 * self.done_points / self.points) if self.points else 0


def releases_of(*, access: ProductAccess, archived: bool = False) -> list[ReleaseRow]:
    """The product's releases (planned first, by date) with their scope's points, in 3 queries."""
    releases = list(
        Release.objects.filter(product=access.product, archived_at__isnull=not archived).order_by(
            "state", "target_date", "released_on", "name"
        )
    )
    rows = {release.pk: ReleaseRow(release=release) for release in releases}
    ids = list(rows)
    if not ids:
        return []
    through = Release.items.through.objects.filter(release_id__in=ids).values_list(
        "release_id", "item_id"
    )
    epics = Release.epics.through.objects.filter(release_id__in=ids).values_list(
        "release_id", "item_id"
    )
    direct: dict[int, set[int]] = defaultdict(set)
    for release_id, item_id in through:
        direct[item_id].add(release_id)
    by_epic: dict[int, set[int]] = defaultdict(set)
    for release_id, epic_id in epics:
        by_epic[epic_id].add(release_id)
    items = (
        Item.objects.filter(Q(pk__in=list(direct)) | Q(parent_id__in=list(by_epic)))
        .filter(archived_at__isnull=True)
        .exclude(kind=Kind.EPIC)
        .values_list("pk", "parent_id", "estimate", "status")
    )
    for pk, parent_id, estimate, status in items:
        for release_id in direct.get(pk, set()) | by_epic.get(parent_id, set()):
            row = rows[release_id]
            row.items += 1
            row.points += estimate or 0
            row.unestimated += estimate is None
            if status in DONE_STATUSES:
                row.done_points += estimate or 0
    return [rows[pk] for pk in ids]


def release_of(*, access: ProductAccess, release_id: int) -> Release:
    release = (
        Release.objects.filter(pk=release_id, product=access.product)
        .prefetch_related("items__product", "epics__product")
        .first()
    )
    if release is None:
        raise NotFound("No such release.")
    return release


def item_releases(*, access: ProductAccess, item: Item) -> list[Release]:
    """Live releases the item is in, named or through its epic."""
    query = Q(items=item)
    if item.parent_id:
        query |= Q(epics=item.parent_id)
    return list(
        Release.objects.filter(query, product=access.product, archived_at__isnull=True)
        .distinct()
        .order_by("target_date", "name")
    )


# --- burnup -----------------------------------------------------------------------------


def _done_days(access: ProductAccess, items: list[Item]) -> dict[int, dt.date]:
    """The day each done item last became done, from its history (its last change otherwise)."""
    done = [item for item in items if item.status in DONE_STATUSES]
    days: dict[int, dt.date] = {}
    events = (
        Event.objects.filter(
            product=access.product,
            object_type="item",
            object_id__in=[item.pk for item in done],
            verb="item.updated",
            after__status__in=list(DONE_STATUSES),
        )
        .order_by("created_at")
        .values_list("object_id", "created_at")
    )
    became_done: dict[int, dt.datetime] = {}
    for object_id, created_at in events:
        # The first time it reached done; accepting it later does not move the day.
        became_done.setdefault(object_id, created_at)
    for item in done:
        moment = became_done.get(item.pk, item.updated_at)
        days[item.pk] = timezone.localdate(moment)
    return days


def release_burnup(
    *, access: ProductAccess, release: Release, scope: list[Item] | None = None
) -> Burnup:
    """Scope and done points from the release's creation to its ship day (or today).

    Scope is today's scope, each item counted from the day it was created or the
    release was planned, whichever is later: the line shows scope growing as work
    is added to the plan.
    """
    items = scope if scope is not None else release_scope(access=access, release=release)
    planned = timezone.localdate(release.created_at)
    end = release.released_on or timezone.localdate()
    first = min([planned, *(timezone.localdate(i.created_at) for i in items)])
    done_days = _done_days(access, items)
    entries = [
        ScopeEntry(
            points=float(item.estimate or 0),
            added_on=max(planned, timezone.localdate(item.created_at)),
            done_on=done_days.get(item.pk),
        )
        for item in items
    ]
    return burnup(entries, burnup_days(min(first, planned), max(end, planned)))


# --- forecast ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VelocityHistory:
    """Points completed in each closed sprint, oldest first, and the sprint rhythm."""

    points: tuple[float, ...]
    sprint_days: int
    next_start: dt.date

    @property
    def usable(self) -> bool:
        return any(self.points)


def velocity_history(*, access: ProductAccess, today: dt.date | None = None) -> VelocityHistory:
    """Closed sprints' completed points; the next sprint starts after the last one closed."""
    today = today or timezone.localdate()
    closed = list(
        Sprint.objects.filter(
            product=access.product,
            archived_at__isnull=True,
            state=SprintState.CLOSED,
            completed_points__isnull=False,
        )
        .order_by("ends_on", "id")
        .values_list("starts_on", "ends_on", "completed_points")
    )
    if not closed:
        return VelocityHistory(points=(), sprint_days=DEFAULT_SPRINT_DAYS, next_start=today)
    lengths = [(ends - starts).days + 1 for starts, ends, _ in closed]
    last_end = closed[-1][1]
    return VelocityHistory(
        points=tuple(float(points or 0) for _, _, points in closed),
        sprint_days=max(1, round(statistics.median(lengths))),
        next_start=max(today, last_end + dt.timedelta(days=1)),
    )


def _sprint_end(history: VelocityHistory, sprints: int) -> dt.date:
    """The last day of the ``sprints``-th sprint from the next start (the start for none)."""
    if sprints == 0:
        return history.next_start
    return mc.sprints_to_dates(history.next_start, history.sprint_days, sprints) - dt.timedelta(
        days=1
    )


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
    items = scope if scope is not None else release_scope(access=access, release=release)
    history = velocity_history(access=access, today=today)
    scope_points = sum(item.estimate or 0 for item in items)
    done_points = sum(item.estimate or 0 for item in items if item.status in DONE_STATUSES)
    unestimated = sum(1 for item in items if item.estimate is None)
    base = ReleaseForecast(
        history=history,
        scope_points=scope_points,
        done_points=done_points,
        unestimated=unestimated,
    )
    if not history.usable:
        return _with_message(
            base, "No forecast yet: it needs at least one closed sprint with completed points."
        )
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
    items = scope if scope is not None else release_scope(access=access, release=release)
    history = velocity_history(access=access, today=today)
    scope_points = sum(item.estimate or 0 for item in items)
    done = sum(item.estimate or 0 for item in items if item.status in DONE_STATUSES)
    sprints = max(0, ((by - history.next_start).days + 1) // history.sprint_days)
    if not history.usable:
        return HowMuchView(
            by=by,
            sprints=sprints,
            points=dict.fromkeys(FORECAST_LEVELS, float(done)),
            scope_points=scope_points,
            message="No forecast yet: it needs at least one closed sprint with completed points.",
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
) -> PointsForecast:
    if not 0 <= points <= MAX_POINTS:
        raise ValidationFailed({"points": f"must be a whole number from 0 to {MAX_POINTS:,}"})
    history = velocity_history(access=access, today=today)
    if not history.usable:
        return PointsForecast(
            points=points,
            history=history,
            message="No forecast yet: it needs at least one closed sprint with completed points.",
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
