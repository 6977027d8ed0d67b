"""The backlog as the roadmap sees it: points per initiative, and what serves none.

A story (or task, bug, spike) serves its own initiative, or else its epic's. The
strategy app reads this through ``tandem.strategy.extensions.work`` (it sits below
the backlog and cannot import it); ``tandem.backlog.hooks`` registers it there.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from tandem.backlog import rollups
from tandem.backlog.models import Item, Kind, Status
from tandem.strategy.extensions import InitiativeWork, Work, WorkItem
from tandem.workspace.access import ProductAccess

ORPHANS_SHOWN = 50
_DONE = (Status.DONE, Status.ACCEPTED)


def initiative_work(access: ProductAccess) -> Work:
    """Three queries whatever the size of the backlog, none of them over its stories.

    The work is read from the roll-up kept per (own initiative, epic); which
    initiative each group serves is then resolved from the epics, which are few.
    """
    product = access.product
    live = Item.objects.filter(product=product, archived_at__isnull=True)
    epics = list(
        live.filter(kind=Kind.EPIC)
        .order_by("rank", "id")
        .values_list("pk", "number", "title", "initiative_id")
    )
    served_by_epic = {pk: initiative_id for pk, _, _, initiative_id in epics}
    points: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    total = untraced = orphan_stories = 0
    for group in rollups.work_groups(product):
        served = group.initiative_id or served_by_epic.get(group.parent_id or 0)
        total += group.points
        if served is None:
            untraced += group.points
            orphan_stories += group.stories
            continue
        sums = points[served]
        sums[0] += group.done_points
        sums[1] += group.points
        sums[2] += group.items
    epics_of: dict[int, list[WorkItem]] = defaultdict(list)
    orphan_epics: list[WorkItem] = []
    for _, number, title, initiative_id in epics:
        epic = WorkItem(f"{product.key}-{number}", title, Kind.EPIC)
        if initiative_id is None:
            orphan_epics.append(epic)
        else:
            epics_of[initiative_id].append(epic)
    by_initiative = {
        initiative_id: InitiativeWork(
            done_points=points[initiative_id][0] if initiative_id in points else 0,
            total_points=points[initiative_id][1] if initiative_id in points else 0,
            items=points[initiative_id][2] if initiative_id in points else 0,
            epics=tuple(epics_of.get(initiative_id, ())),
        )
        for initiative_id in set(points) | set(epics_of)
    }
    shown = orphan_epics[:ORPHANS_SHOWN]
    room = ORPHANS_SHOWN - len(shown)
    if room and orphan_stories:
        loose_epics = [pk for pk, _, _, initiative_id in epics if initiative_id is None]
        stories = (
            live.filter(kind=Kind.STORY, initiative__isnull=True)
            .filter(Q(parent__isnull=True) | Q(parent_id__in=loose_epics))
            .order_by("rank", "id")
            .values_list("number", "title")[:room]
        )
        shown += [WorkItem(f"{product.key}-{n}", title, Kind.STORY) for n, title in stories]
    return Work(
        by_initiative=by_initiative,
        total_points=total,
        untraced_points=untraced,
        orphans=tuple(shown),
        orphan_count=len(orphan_epics) + orphan_stories,
    )
