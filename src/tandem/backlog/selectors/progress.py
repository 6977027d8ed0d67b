"""How far an item's children are: an epic's stories, a story's sub-tasks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from tandem.backlog.models import Item, Kind, Status
from tandem.workspace.access import ProductAccess

DONE = (Status.DONE, Status.ACCEPTED)


@dataclass(frozen=True)
class Progress:
    """Live children of one item: how many, how many done, their points and points done."""

    kind: str  # the parent's kind: an epic counts points, others count sub-tasks
    items: int
    done_items: int
    points: int
    done_points: int

    @property
    def percent(self) -> int:
        if self.kind == Kind.EPIC and self.points:
            return round(100 * self.done_points / self.points)
        return round(100 * self.done_items / self.items) if self.items else 0

    @property
    def label(self) -> str:
        if self.kind == Kind.EPIC:
            return (
                f"{self.done_points} of {self.points} pts · "
                f"{self.done_items} of {self.items} items done"
            )
        return f"{self.done_items} of {self.items} sub-tasks done"


def children_progress(*, access: ProductAccess, parents: Sequence[Any]) -> dict[int, Progress]:
    """Progress per parent id, in one grouped query; parents without children are left out.

    Sub-tasks count under their story, never again under the story's epic.
    """
    kinds = {p.pk: p.kind for p in parents}
    if not kinds:
        return {}
    groups = (
        Item.objects.filter(product=access.product, parent_id__in=kinds, archived_at__isnull=True)
        .values("parent_id")
        .annotate(
            n=Count("id"),
            n_done=Count("id", filter=Q(status__in=DONE)),
            pts=Coalesce(Sum("estimate"), 0),
            pts_done=Coalesce(Sum("estimate", filter=Q(status__in=DONE)), 0),
        )
        .order_by()
    )
    return {
        g["parent_id"]: Progress(
            kind=kinds[g["parent_id"]],
            items=g["n"],
            done_items=g["n_done"],
            points=g["pts"],
            done_points=g["pts_done"],
        )
        for g in groups
    }


def attach_progress(access: ProductAccess, rows: Iterable[Any]) -> None:
    """Set ``progress`` on each row that has children (``None`` on the others)."""
    rows = list(rows)
    found = children_progress(access=access, parents=rows)
    for row in rows:
        row.progress = found.get(row.pk)


def progress_from(parent: Any, children: Sequence[Any]) -> Progress | None:
    """The same figures from children already read (the item page prefetches them)."""
    if not children:
        return None
    done = [c for c in children if c.status in DONE]
    return Progress(
        kind=parent.kind,
        items=len(children),
        done_items=len(done),
        points=sum(c.estimate or 0 for c in children),
        done_points=sum(c.estimate or 0 for c in done),
    )
