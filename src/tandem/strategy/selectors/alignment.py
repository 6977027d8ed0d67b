"""How the backlog traces to initiatives, objectives and the vision."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Product

from .. import extensions
from ..models import (
    Initiative,
    Objective,
    Vision,
)
from .records import vision_of

# --- alignment -------------------------------------------------------------------------------


@dataclass
class Alignment:
    total_points: int
    traced_points: int  # points of work serving an initiative that serves an objective
    orphans: tuple[extensions.WorkItem, ...]
    orphan_count: int
    objectives_without_initiatives: list[Objective]
    initiatives_without_work: list[Initiative]

    @property
    def traced_percent(self) -> int | None:
        if not self.total_points:
            return None
        return round(100 * self.traced_points / self.total_points)


def alignment(*, access: ProductAccess, work: extensions.Work | None = None) -> Alignment:
    work = work if work is not None else extensions.work(access)
    initiatives = list(
        Initiative.objects.filter(product=access.product, archived_at__isnull=True)
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.filter(archived_at__isnull=True))
        )
        .order_by("horizon", "rank")
    )
    serving = {i.pk for i in initiatives if i.objectives.all()}
    traced = sum(w.total_points for pk, w in work.by_initiative.items() if pk in serving)
    served_objectives = {o.pk for i in initiatives for o in i.objectives.all()}
    lonely = list(
        Objective.objects.filter(product=access.product, archived_at__isnull=True)
        .exclude(pk__in=served_objectives)
        .order_by("id")
    )
    idle = [
        i
        for i in initiatives
        if not (
            work.by_initiative.get(i.pk)
            and (work.by_initiative[i.pk].items or work.by_initiative[i.pk].epics)
        )
    ]
    return Alignment(
        total_points=work.total_points,
        traced_points=traced,
        orphans=work.orphans,
        orphan_count=work.orphan_count,
        objectives_without_initiatives=lonely,
        initiatives_without_work=idle,
    )


# --- trace -----------------------------------------------------------------------------------


@dataclass
class Trace:
    initiative: Initiative | None
    objectives: list[Objective]
    vision: Vision | None


def trace(*, product: Product, initiative_id: int | None) -> Trace:
    """Initiative → objectives → vision, for an item's trace line."""
    initiative = None
    objectives: list[Objective] = []
    if initiative_id is not None:
        initiative = Initiative.objects.filter(pk=initiative_id, product=product).first()
        if initiative is not None:
            objectives = list(initiative.objectives.filter(archived_at__isnull=True))
    return Trace(initiative, objectives, vision_of(product))


def initiative_choices(product: Product) -> list[tuple[int, str]]:
    return list(
        Initiative.objects.filter(product=product, archived_at__isnull=True)
        .order_by("horizon", "rank")
        .values_list("pk", "title")
    )
