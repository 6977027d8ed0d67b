"""Reads of launches: a release's checklist, its progress, and the tasks coming due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from tandem.delivery.models import (
    DEFAULT_LAUNCH_TASKS,
    Launch,
    LaunchState,
    LaunchTask,
    LaunchTemplate,
    Release,
)
from tandem.workspace.access import ProductAccess

__all__ = [
    "LaunchView",
    "archived_launches_of",
    "launch_of",
    "launch_tasks_due",
    "launch_template",
]


@dataclass
class LaunchView:
    launch: Launch
    tasks: list[LaunchTask]
    archived_tasks: list[LaunchTask]

    @property
    def done(self) -> int:
        return sum(1 for task in self.tasks if task.done_at is not None)

    @property
    def progress(self) -> int:
        """Percent of live tasks done."""
        return round(100 * self.done / len(self.tasks)) if self.tasks else 0


def launch_of(*, access: ProductAccess, release: Release) -> LaunchView | None:
    """The release's live launch with its checklist (overdue tasks carry ``overdue``)."""
    launch = (
        Launch.objects.filter(
            release=release, release__product=access.product, archived_at__isnull=True
        )
        .select_related("release", "decided_by", "created_by")
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=LaunchTask.objects.select_related("owner").order_by("position", "id"),
            )
        )
        .first()
    )
    if launch is None:
        return None
    today = timezone.localdate()
    tasks = list(launch.tasks.all())
    for task in tasks:
        task.overdue = bool(task.due_on and task.due_on < today and not task.done_at)  # type: ignore[attr-defined]
    return LaunchView(
        launch=launch,
        tasks=[t for t in tasks if t.archived_at is None],
        archived_tasks=[t for t in tasks if t.archived_at is not None],
    )


def archived_launches_of(*, access: ProductAccess, release: Release) -> list[Launch]:
    """The release's archived launches, newest first, for restoring one."""
    return list(
        Launch.objects.filter(
            release=release, release__product=access.product, archived_at__isnull=False
        ).order_by("-archived_at")
    )


def launch_tasks_due(
    *, access: ProductAccess, within_days: int = 14, limit: int = 10
) -> list[LaunchTask]:
    """Open tasks of live, not declined launches due within the next days (or overdue)."""
    horizon = timezone.localdate() + dt.timedelta(days=within_days)
    return list(
        LaunchTask.objects.filter(
            launch__release__product=access.product,
            launch__release__archived_at__isnull=True,
            launch__archived_at__isnull=True,
            archived_at__isnull=True,
            done_at__isnull=True,
            due_on__lte=horizon,
        )
        .exclude(launch__state=LaunchState.DECLINED)
        .select_related("owner", "launch__release")
        .order_by("due_on", "position", "id")[:limit]
    )


def launch_template(*, access: ProductAccess) -> tuple[list[tuple[str, int]], int]:
    """The product's checklist template and its version (0 while it is the default)."""
    template = LaunchTemplate.objects.filter(product=access.product).first()
    if template is None:
        return list(DEFAULT_LAUNCH_TASKS), 0
    return [(t["title"], int(t["days_before"])) for t in template.tasks], template.version
