"""Reads of delivery records that pages, the API and the apps above share.

Release-side reads: releases and their burnup here; the scope, the forecasts,
reviews, test plans and launches live in their own modules, gathered here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone

from tandem.backlog.models import Item, Kind
from tandem.core.burnup import Burnup, ScopeEntry, burnup, burnup_days
from tandem.delivery.models import Release, ReleaseState
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.models import Event

from .forecasts import (
    FORECAST_LEVELS,
    FanPoint,
    HowMuchView,
    PointsForecast,
    ReleaseForecast,
    VelocityHistory,
    points_forecast,
    release_forecast,
    release_how_much,
    velocity_history,
)
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
from .scope import DONE_STATUSES, release_scope, scope_points
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
    "FanPoint",
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
    "scope_points",
    "slice_releases",
    "sprint_review",
    "sprints_for_review",
    "velocity_history",
]


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


def slice_releases(*, access: ProductAccess, slice_ids: list[int]) -> dict[int, Release]:
    """Story-map slice id → the live release that ships it, in one query."""
    rows = Release.objects.filter(
        product=access.product, slice_id__in=slice_ids, archived_at__isnull=True
    ).select_related("product")
    return {release.slice_id: release for release in rows if release.slice_id is not None}


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
    """The product's releases with their scope's points, in 3 queries: planned ones first by
    target date, then shipped ones, newest first."""
    releases = list(
        Release.objects.filter(product=access.product, archived_at__isnull=not archived).order_by(
            "state", F("released_on").desc(nulls_last=True), "target_date", "name"
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
        .select_related("slice")
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
