"""The backlog as the roadmap sees it: points per initiative, and what serves none.

A story (or task, bug, spike) serves its own initiative, or else its epic's. The
strategy app reads this through ``tandem.strategy.extensions.work`` (it sits below
the backlog and cannot import it); ``tandem.backlog.hooks`` registers it there.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from tandem.backlog.models import Item, Kind, Status
from tandem.strategy.extensions import InitiativeWork, Work, WorkItem
from tandem.workspace.access import ProductAccess

ORPHANS_SHOWN = 50
_DONE = (Status.DONE, Status.ACCEPTED)


def initiative_work(access: ProductAccess) -> Work:
    """Three grouped queries, whatever the size of the backlog."""
    product = access.product
    live = Item.objects.filter(product=product, archived_at__isnull=True)
    served = live.exclude(kind=Kind.EPIC).annotate(
        served=Coalesce(F("initiative_id"), F("parent__initiative_id"))
    )
    sums = served.values("served").annotate(
        total=Coalesce(Sum("estimate"), 0),
        done=Coalesce(Sum("estimate", filter=Q(status__in=_DONE)), 0),
        count=Count("id"),
    )
    epics: dict[int, list[WorkItem]] = defaultdict(list)
    for number, title, initiative_id in (
        live.filter(kind=Kind.EPIC, initiative__isnull=False)
        .order_by("rank")
        .values_list("number", "title", "initiative_id")
    ):
        epics[initiative_id].append(WorkItem(f"{product.key}-{number}", title, Kind.EPIC))
    by_initiative: dict[int, InitiativeWork] = {}
    total = untraced = 0
    for row in sums:
        total += row["total"]
        if row["served"] is None:
            untraced += row["total"]
            continue
        by_initiative[row["served"]] = InitiativeWork(
            done_points=row["done"], total_points=row["total"], items=row["count"]
        )
    for initiative_id, its_epics in epics.items():
        work = by_initiative.get(initiative_id, InitiativeWork())
        by_initiative[initiative_id] = InitiativeWork(
            done_points=work.done_points,
            total_points=work.total_points,
            items=work.items,
            epics=tuple(its_epics),
        )
    orphans = live.filter(
        Q(kind=Kind.EPIC, initiative__isnull=True)
        | Q(kind=Kind.STORY, initiative__isnull=True, parent__initiative__isnull=True)
    ).order_by("kind", "rank")
    shown = [
        WorkItem(f"{product.key}-{number}", title, kind)
        for number, title, kind in orphans.values_list("number", "title", "kind")[:ORPHANS_SHOWN]
    ]
    count = len(shown) if len(shown) < ORPHANS_SHOWN else orphans.count()
    return Work(
        by_initiative=by_initiative,
        total_points=total,
        untraced_points=untraced,
        orphans=tuple(shown),
        orphan_count=count,
    )
