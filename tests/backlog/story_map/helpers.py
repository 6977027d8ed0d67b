"""A small story map made as its Product Owner would, for the story map's tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tandem.backlog import services
from tandem.backlog.models import Item
from tandem.backlog.story_map import services as story_map
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tests.conftest import Team


@dataclass
class SmallMap:
    activity: Any
    find: Any  # step "Find a flight"
    book: Any  # step "Book it"
    mvp: Any  # slice, the walking skeleton
    later: Any  # slice
    stories: list[Item]  # search, filter, pay, invoice; ranked in that order


def made(access: ProductAccess, kind: str, **fields: Any) -> Any:
    record = writes.record_create(access=access, kind=kind, fields=fields).record
    assert record is not None
    return record


def small_map(team: Team) -> SmallMap:
    po = team.access("product_owner")
    activity = made(po, "map_activity", name="Plan a trip")
    find = made(po, "map_step", activity=activity.pk, name="Find a flight")
    book = made(po, "map_step", activity=activity.pk, name="Book it")
    mvp = made(po, "map_slice", name="MVP", is_skeleton=True)
    later = made(po, "map_slice", name="Later")
    stories = [
        services.item_create(access=po, fields={"title": t})
        for t in ("Search by city", "Filter by price", "Pay by card", "Email the invoice")
    ]
    cells = ((find, mvp), (find, later), (book, mvp), (book, later))
    for story, (step, row) in zip(stories, cells, strict=True):
        story_map.story_place(access=po, item=story, step=step, slice=row)
    return SmallMap(activity, find, book, mvp, later, stories)


def ranked_titles(team: Team) -> list[str]:
    return list(
        Item.objects.filter(product=team.product, archived_at__isnull=True)
        .order_by("rank", "id")
        .values_list("title", flat=True)
    )
