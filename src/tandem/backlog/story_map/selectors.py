"""Reading the story map: one query per kind of row, whatever the map's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tandem.backlog.extensions import SliceRelease, slice_releases
from tandem.backlog.models import Item, Kind
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Product
from tandem.workspace.rights import Action, Level

from .models import MapActivity, MapPlacement, MapSlice, MapStep

UNPLACED_SHOWN = 50  # the top of the backlog not yet on the map, to drag onto it
NO_SLICE = 0  # the row under the last slice: stories not yet in a release


@dataclass
class StepView:
    step: MapStep
    items: list[Item] = field(default_factory=list)  # in backlog rank
    slices: dict[int, list[Item]] = field(default_factory=dict)  # slice id (or NO_SLICE) → items

    def in_slice(self, slice_id: int) -> list[Item]:
        return self.slices.get(slice_id, [])


@dataclass(frozen=True)
class MapRow:
    """One horizontal row of the map: a slice, or (``id`` NO_SLICE) the stories in none.

    ``above`` is the slice right above the row's line: the line between the two can be
    moved within a step's column. The top row has none.
    """

    id: int
    name: str
    slice: MapSlice | None
    above: MapSlice | None
    release: SliceRelease | None = None  # the release this slice ships, when linked


@dataclass
class ActivityView:
    activity: MapActivity
    steps: list[StepView] = field(default_factory=list)


@dataclass
class StoryMap:
    activities: list[ActivityView]
    slices: list[MapSlice]
    unplaced: list[Item]
    slice_of: dict[int, int | None]  # item id → slice id
    can_decide: bool
    can_propose: bool
    releases: dict[int, SliceRelease] = field(default_factory=dict)  # slice id → its release

    @property
    def steps(self) -> list[StepView]:
        return [step for activity in self.activities for step in activity.steps]

    @property
    def columns(self) -> int:
        """Table columns: one per step, one for an activity with no steps yet."""
        return sum(max(1, len(activity.steps)) for activity in self.activities)

    @property
    def rows(self) -> list[MapRow]:
        """The horizontal rows top-down: each slice, then the stories in none."""
        above: list[MapSlice | None] = [None, *self.slices]
        rows = [
            MapRow(s.pk, s.name, s, up, self.releases.get(s.pk))
            for s, up in zip(self.slices, above, strict=False)
        ]
        return [*rows, MapRow(NO_SLICE, "Not in a slice yet", None, above[-1])]


def story_map(*, access: ProductAccess) -> StoryMap:
    """The product's map: live activities → live steps → their stories by backlog rank."""
    access.require(Action.BACKLOG, Level.READ)
    product = access.product
    activities = [
        ActivityView(a)
        for a in MapActivity.objects.filter(product=product, archived_at__isnull=True)
    ]
    by_activity = {view.activity.pk: view for view in activities}
    steps: dict[int, StepView] = {}
    live_steps = MapStep.objects.filter(
        product=product, archived_at__isnull=True, activity__archived_at__isnull=True
    )
    for step in live_steps:
        steps[step.pk] = StepView(step)
        by_activity[step.activity_id].steps.append(steps[step.pk])
    slices = list(MapSlice.objects.filter(product=product, archived_at__isnull=True))
    live_slices = {s.pk for s in slices}
    slice_of: dict[int, int | None] = {}
    placements = (
        MapPlacement.objects.filter(
            product=product, step_id__in=list(steps), item__archived_at__isnull=True
        )
        .select_related("item__product")
        .order_by("item__rank", "item__id")
    )
    for placement in placements:
        item, view = placement.item, steps[placement.step_id]
        row = placement.slice_id if placement.slice_id in live_slices else NO_SLICE
        slice_of[item.pk] = row or None
        view.items.append(item)
        view.slices.setdefault(row or NO_SLICE, []).append(item)
    return StoryMap(
        activities=activities,
        slices=slices,
        unplaced=_unplaced(product, exclude=list(slice_of)),
        slice_of=slice_of,
        can_decide=access.can(Action.BACKLOG, Level.DECIDE),
        can_propose=access.can(Action.BACKLOG, Level.PROPOSE),
        releases=slice_releases(access, list(live_slices)),
    )


def slices_of(*, access: ProductAccess) -> list[MapSlice]:
    """The live release slices of the product's story map, top-down."""
    access.require(Action.BACKLOG, Level.READ)
    return list(MapSlice.objects.filter(product=access.product, archived_at__isnull=True))


def slice_stories(*, access: ProductAccess, slice: MapSlice) -> list[Item]:
    """The live stories a slice holds, under live steps, in backlog rank."""
    access.require(Action.BACKLOG, Level.READ)
    placements = (
        MapPlacement.objects.filter(
            product=access.product,
            slice=slice,
            item__archived_at__isnull=True,
            step__archived_at__isnull=True,
            step__activity__archived_at__isnull=True,
        )
        .select_related("item__product")
        .order_by("item__rank", "item__id")
    )
    return [placement.item for placement in placements]


def _unplaced(product: Product, *, exclude: list[int]) -> list[Item]:
    rows = (
        Item.objects.filter(product=product, archived_at__isnull=True)
        .exclude(kind=Kind.EPIC)
        .exclude(pk__in=exclude)
        .select_related("product")
        .order_by("rank", "id")
    )
    return list(rows[:UNPLACED_SHOWN])


def map_place_words(product: Product, payload: dict[str, Any]) -> str:
    """How a move proposal's map part reads in the queue: "under Checkout › Pay, in MVP"."""
    if payload.get("off_map"):
        return "off the story map"
    if "step" not in payload:
        return ""
    step = MapStep.objects.filter(pk=payload["step"], product=product).select_related("activity")
    found = step.first()
    words = f"under {found.activity.name} › {found.name}" if found else "under a removed step"
    if "slice" in payload:
        chosen = MapSlice.objects.filter(pk=payload["slice"] or 0, product=product).first()
        words += f", in {chosen.name}" if chosen else ", in no slice"
    return f"on the story map {words}"
