"""The map's real verbs: put a story under a step and in a slice, at a rank; and move the
line between two slices within one step's column.

The vertical order under a step is the backlog rank, so the rank part of a move is
``ranking.item_move`` itself; a proposer's move becomes one backlog move proposal
that carries the step and slice too, accepted through the same queue. Moving a
slice line is a slice-only move of each story the line crosses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from tandem.backlog.models import Item
from tandem.backlog.services import ranking
from tandem.backlog.services.item_history import item_event
from tandem.backlog.services.items import WriteOutcome, locked_item
from tandem.backlog.services.proposing import ItemOperation, propose
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import Conflict, ValidationFailed
from tandem.workspace.models import Proposal
from tandem.workspace.rights import Action, Level
from tandem.workspace.transactions import retrying

from .models import MapPlacement, MapSlice, MapStep

Keep = Literal["keep"]
KEEP: Keep = "keep"
# What a move proposal's payload holds besides the rank: the map's part of the move.
PLACE_KEYS = ("step", "slice", "off_map")


def _live_step(access: ProductAccess, step_id: int) -> MapStep:
    step = (
        MapStep.objects.filter(pk=step_id, product=access.product, archived_at__isnull=True)
        .select_related("activity")
        .first()
    )
    if step is None or step.activity.archived_at is not None:
        raise ValidationFailed({"step": f"no live step {step_id} on this story map"})
    return step


def _live_slice(access: ProductAccess, slice_id: int, field: str = "slice") -> MapSlice:
    row = MapSlice.objects.filter(
        pk=slice_id, product=access.product, archived_at__isnull=True
    ).first()
    if row is None:
        raise ValidationFailed({field: f"no live slice {slice_id} on this story map"})
    return row


def _rank_of(
    position: ranking.Position | None, before: Item | None, after: Item | None
) -> dict[str, Any]:
    if position is not None:
        return {"position": position}
    if before is not None:
        return {"before": before.key}
    if after is not None:
        return {"after": after.key}
    return {}


def _check_item(item: Item, expected_version: int | None) -> None:
    if item.archived_at is not None:
        raise ValidationFailed({"item": f"{item.key} is archived; restore it first"})
    if item.kind == "epic":
        raise ValidationFailed({"item": "an epic is not a story: put its stories on the map"})
    if expected_version is not None and expected_version != item.version:
        raise Conflict(
            f"{item.key} was changed by someone else (you read version {expected_version}, "
            f"it is now at version {item.version}).",
            current={"key": item.key, "version": item.version, "title": item.title},
        )


@retrying
def story_place(
    *,
    access: ProductAccess,
    item: Item,
    step: MapStep | None = None,
    slice: MapSlice | Keep | None = KEEP,
    position: ranking.Position | None = None,
    before: Item | None = None,
    after: Item | None = None,
    expected_version: int | None = None,
) -> WriteOutcome:
    """Put a story under ``step`` (kept when None) and in ``slice`` (None: no slice).

    A rank (``position``, ``before`` or ``after``, at most one) reorders it in the
    backlog through ``item_move``; none keeps its rank. A proposer's move waits in
    the Product Owner's queue as one move proposal.
    """
    level = access.require(Action.BACKLOG, Level.PROPOSE)
    item = locked_item(access, item.pk)
    _check_item(item, expected_version)
    step = _live_step(access, step.pk) if step is not None else None
    slice = _live_slice(access, slice.pk) if isinstance(slice, MapSlice) else slice
    current = MapPlacement.objects.filter(item=item).first()
    if step is None and current is None:
        raise ValidationFailed({"step": "choose the step to put the story under"})
    payload: dict[str, Any] = {"step": step.pk if step is not None else current.step_id}  # type: ignore[union-attr]
    if slice != KEEP:
        payload["slice"] = slice.pk if isinstance(slice, MapSlice) else None
    rank = _rank_of(position, before, after)
    if len([v for v in (position, before, after) if v is not None]) > 1:
        raise ValidationFailed({"position": "give at most one of position, before or after"})
    if level < Level.DECIDE:
        proposal = propose(access, item, ItemOperation.MOVE, payload | rank)
        return WriteOutcome(item=item, proposal=proposal)
    apply_placement(access, item, payload)
    if rank:
        ranking.item_move(access=access, item=item, position=position, before=before, after=after)
    return WriteOutcome(item=item)


def apply_placement(access: ProductAccess, item: Item, payload: dict[str, Any]) -> None:
    """The map's part of a move (step, slice, or off the map), as decided; audited on the item."""
    current = MapPlacement.objects.filter(item=item).first()
    before = _described(current)
    if payload.get("off_map"):
        if current is not None:
            current.delete()
        item_event(access, item.pk, "item.unplaced", str(item), before=before, after={})
        return
    step = _live_step(access, int(payload["step"]))
    placement = current or MapPlacement(product=access.product, item=item, step=step)
    placement.step = step
    if "slice" in payload:
        slice_id = payload["slice"]
        placement.slice = _live_slice(access, int(slice_id)) if slice_id else None
    placement.save()
    after = _described(placement)
    item_event(access, item.pk, "item.placed", str(item), before=before, after=after)


def _described(placement: MapPlacement | None) -> dict[str, Any]:
    if placement is None:
        return {}
    return {"step": placement.step_id, "slice": placement.slice_id}


@retrying
def story_unplace(*, access: ProductAccess, item: Item) -> WriteOutcome:
    """Take a story off the map; it stays in the backlog at its rank."""
    level = access.require(Action.BACKLOG, Level.PROPOSE)
    item = locked_item(access, item.pk)
    if not MapPlacement.objects.filter(item=item).exists():
        raise ValidationFailed({"item": f"{item.key} is not on the story map"})
    payload = {"off_map": True}
    if level < Level.DECIDE:
        return WriteOutcome(item=item, proposal=propose(access, item, ItemOperation.MOVE, payload))
    apply_placement(access, item, payload)
    return WriteOutcome(item=item)


def step_of(access: ProductAccess, step_id: int) -> MapStep:
    return _live_step(access, step_id)


def slice_of(access: ProductAccess, slice_id: int, field: str = "slice") -> MapSlice:
    return _live_slice(access, slice_id, field)


@dataclass(frozen=True)
class BoundaryMove:
    """What moving a slice line did: the stories it crossed, and the slice each went to.

    ``proposals`` holds one move proposal per crossed story when the caller proposes;
    then nothing moved yet.
    """

    crossed: list[Item]
    to_slice: MapSlice | None
    proposals: list[Proposal]

    @property
    def applied(self) -> bool:
        return not self.proposals


def _slice_name(row: MapSlice | None) -> str:
    return row.name if row is not None else "the row of stories in no slice"


def _column(
    access: ProductAccess, step: MapStep, upper: MapSlice, lower: MapSlice | None
) -> tuple[list[Item], list[Item]]:
    """The live stories of ``step`` in ``upper`` and in ``lower``, each in backlog rank.

    ``lower`` None is the bottom row: stories in no slice, or in an archived one, as
    the map shows them.
    """
    placements = (
        MapPlacement.objects.filter(
            product=access.product, step=step, item__archived_at__isnull=True
        )
        .select_related("item__product", "slice")
        .order_by("item__rank", "item__id")
    )
    above, below = [], []
    for placement in placements:
        live = placement.slice if placement.slice and not placement.slice.archived_at else None
        if live is not None and live.pk == upper.pk:
            above.append(placement.item)
        elif (live.pk if live else None) == (lower.pk if lower else None):
            below.append(placement.item)
    return above, below


def _check_adjacent(access: ProductAccess, upper: MapSlice, lower: MapSlice | None) -> None:
    order = list(
        MapSlice.objects.filter(product=access.product, archived_at__isnull=True)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )
    index = order.index(upper.pk)
    right_below = order[index + 1] if index + 1 < len(order) else None
    if right_below != (lower.pk if lower else None):
        raise ValidationFailed(
            {
                "lower_slice": f"{_slice_name(lower)} is not right below {upper.name}: "
                "a line sits between two neighbouring slices"
            }
        )


@retrying
def slice_boundary_move(
    *,
    access: ProductAccess,
    step: MapStep,
    upper_slice: MapSlice,
    lower_slice: MapSlice | None,
    by: int,
) -> BoundaryMove:
    """Move the line between ``upper_slice`` and the slice right below it (None: the row of
    stories in no slice) within ``step``'s column, by ``by`` stories.

    Negative moves the line up: the last ``-by`` stories of the upper slice go into the
    lower one. Positive moves it down: the first ``by`` stories of the lower slice go
    into the upper one. Each crossed story changes slice only, keeping its rank and
    step, through :func:`story_place`; a proposer gets one move proposal per story.
    """
    access.require(Action.BACKLOG, Level.PROPOSE)
    step = _live_step(access, step.pk)
    upper = _live_slice(access, upper_slice.pk, "upper_slice")
    lower = _live_slice(access, lower_slice.pk, "lower_slice") if lower_slice else None
    _check_adjacent(access, upper, lower)
    if by == 0:
        raise ValidationFailed({"by": "move the line by at least one story, up or down"})
    above, below = _column(access, step, upper, lower)
    if by < 0 and -by > len(above):
        raise ValidationFailed(
            {
                "by": f"the line can go up {len(above)} at most: {upper.name} has {len(above)} "
                f"stories under {step.name}"
            }
        )
    if by > 0 and by > len(below):
        raise ValidationFailed(
            {
                "by": f"the line can go down {len(below)} at most: {_slice_name(lower)} has "
                f"{len(below)} stories under {step.name}"
            }
        )
    crossed, target = (above[by:], lower) if by < 0 else (below[:by], upper)
    proposals = []
    for item in crossed:
        outcome = story_place(access=access, item=item, slice=target)
        if outcome.proposal is not None:
            proposals.append(outcome.proposal)
    return BoundaryMove(crossed=crossed, to_slice=target, proposals=proposals)
