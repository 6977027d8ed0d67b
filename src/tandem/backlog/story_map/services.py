"""The map's one real verb: put a story under a step and in a slice, at a rank.

The vertical order under a step is the backlog rank, so the rank part of a move is
``ranking.item_move`` itself; a proposer's move becomes one backlog move proposal
that carries the step and slice too, accepted through the same queue.
"""

from __future__ import annotations

from typing import Any, Literal

from tandem.backlog.models import Item, ProposalKind
from tandem.backlog.services import ranking
from tandem.backlog.services.items import WriteOutcome, locked_item
from tandem.backlog.services.proposing import propose
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import Conflict, ValidationFailed
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


def _live_slice(access: ProductAccess, slice_id: int) -> MapSlice:
    row = MapSlice.objects.filter(
        pk=slice_id, product=access.product, archived_at__isnull=True
    ).first()
    if row is None:
        raise ValidationFailed({"slice": f"no live slice {slice_id} on this story map"})
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
        proposal = propose(access, item, ProposalKind.MOVE, payload | rank)
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
        _record(access, item, "item.unplaced", before, {})
        return
    step = _live_step(access, int(payload["step"]))
    placement = current or MapPlacement(product=access.product, item=item, step=step)
    placement.step = step
    if "slice" in payload:
        slice_id = payload["slice"]
        placement.slice = _live_slice(access, int(slice_id)) if slice_id else None
    placement.save()
    _record(access, item, "item.placed", before, _described(placement))


def _described(placement: MapPlacement | None) -> dict[str, Any]:
    if placement is None:
        return {}
    return {"step": placement.step_id, "slice": placement.slice_id}


def _record(
    access: ProductAccess, item: Item, verb: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    record_event(
        actor=access.user,
        product=access.product,
        verb=verb,
        object_type="item",
        object_id=item.pk,
        object_label=str(item),
        before=before,
        after=after,
    )


@retrying
def story_unplace(*, access: ProductAccess, item: Item) -> WriteOutcome:
    """Take a story off the map; it stays in the backlog at its rank."""
    level = access.require(Action.BACKLOG, Level.PROPOSE)
    item = locked_item(access, item.pk)
    if not MapPlacement.objects.filter(item=item).exists():
        raise ValidationFailed({"item": f"{item.key} is not on the story map"})
    payload = {"off_map": True}
    if level < Level.DECIDE:
        return WriteOutcome(item=item, proposal=propose(access, item, ProposalKind.MOVE, payload))
    apply_placement(access, item, payload)
    return WriteOutcome(item=item)


def step_of(access: ProductAccess, step_id: int) -> MapStep:
    return _live_step(access, step_id)


def slice_of(access: ProductAccess, slice_id: int) -> MapSlice:
    return _live_slice(access, slice_id)
