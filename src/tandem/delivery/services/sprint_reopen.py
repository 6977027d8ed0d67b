"""Reopening a closed sprint: the Product Owner takes a close back.

Only the most recently closed sprint of its team can be reopened, and only
while no other sprint of that team is active. Reopening undoes what the close
did to the sprint's content:

- every unfinished item the close took out comes back, as it was in the sprint
  (committed or added later, with the points it had at the start);
- an item the close carried to the next sprint comes back out of it while that
  sprint is still planned;
- an item the close sent to the backlog keeps its new place at the top of the
  backlog (a rank is a priority, and the PO may have moved it since);
- an item that is now in another planned or active sprint for another reason,
  or archived, stays where it is; the audit event says which and why.

The completed points are taken off the sprint until it is closed again.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tandem.delivery.models import Sprint, SprintItem, SprintState
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Event

from .sprint_checks import same_track
from .sprint_content import _in_other_sprints
from .sprints import SPRINT, _content_changed, _decide, _locked, _locked_at, sprint_snapshot

__all__ = ["sprint_reopen", "sprint_reopen_refusal"]


def sprint_reopen_refusal(sprint: Sprint) -> str | None:
    """Why ``sprint`` cannot be reopened now, or ``None`` when it can."""
    if sprint.archived_at is not None:
        return f"{sprint.name} is archived; restore it first"
    if sprint.state != SprintState.CLOSED:
        return f"{sprint.name} is not closed"
    track = Sprint.objects.filter(
        product_id=sprint.product_id, archived_at__isnull=True, **same_track(sprint)
    )
    latest = (
        track.filter(state=SprintState.CLOSED)
        .order_by(F("closed_at").desc(nulls_last=True), "-ends_on", "-id")
        .first()
    )
    if latest is not None and latest.pk != sprint.pk:
        return f"only the most recently closed sprint ({latest.name}) can be reopened"
    active = track.filter(state=SprintState.ACTIVE).exclude(pk=sprint.pk).first()
    if active is not None:
        return f"{active.name} is active; close it first"
    return None


def _carried_at_close(sprint: Sprint) -> dict[str, str]:
    """Where the close sent each unfinished item (item key -> next sprint's name or backlog)."""
    event = (
        Event.objects.filter(
            product_id=sprint.product_id,
            object_type="sprint",
            object_id=sprint.pk,
            verb="sprint.closed",
        )
        .order_by("-created_at", "-id")
        .first()
    )
    carried = (event.after or {}).get("carried") if event is not None else None
    return dict(carried) if isinstance(carried, dict) else {}


def _take_back(access: ProductAccess, sprint: Sprint, elsewhere: SprintItem, key: str) -> None:
    """Take an item the close carried on back out of the (still planned) next sprint."""
    following = _locked(access, elsewhere.sprint)
    elsewhere.removed_at = timezone.now()
    elsewhere.save(update_fields=["removed_at"])
    _content_changed(
        access,
        following,
        "item_removed",
        before={"item": key},
        after={"reason": f"{sprint.name} was reopened"},
    )


def _restore_entries(access: ProductAccess, sprint: Sprint) -> tuple[list[str], dict[str, str]]:
    if sprint.closed_at is None:
        return [], {}
    carried = _carried_at_close(sprint)
    entries = list(
        SprintItem.objects.filter(sprint=sprint, removed_at=sprint.closed_at).select_related("item")
    )
    others = _in_other_sprints(sprint, [e.item_id for e in entries]).select_related("sprint")
    live_elsewhere = {entry.item_id: entry for entry in others}
    restored: list[str] = []
    left: dict[str, str] = {}
    for entry in entries:
        key = entry.item.key
        other = live_elsewhere.get(entry.item_id)
        if entry.item.archived_at is not None:
            left[key] = "archived"
            continue
        if other is not None:
            carried_there = (
                other.sprint.state == SprintState.PLANNED and carried.get(key) == other.sprint.name
            )
            if not carried_there:
                left[key] = f"now in {other.sprint.name}"
                continue
            _take_back(access, sprint, other, key)
        entry.removed_at = None
        restored.append(key)
    SprintItem.objects.bulk_update(entries, ["removed_at"])
    return restored, left


@transaction.atomic
def sprint_reopen(*, access: ProductAccess, sprint: Sprint, expected_version: int | None) -> Sprint:
    """Make the most recently closed sprint active again, with its unfinished items back.

    Product Owner only (``Action.SPRINT`` at *decide*); refused with the reason when
    another sprint of the team is active or a later sprint was closed since.
    """
    _decide(access, "reopen a sprint")
    sprint = _locked_at(access, sprint, expected_version)
    refusal = sprint_reopen_refusal(sprint)
    if refusal is not None:
        raise ValidationFailed({"state": refusal})
    before = sprint_snapshot(sprint)
    restored, left = _restore_entries(access, sprint)
    sprint.state = SprintState.ACTIVE
    sprint.closed_at = None
    sprint.completed_points = None
    sprint.version += 1
    sprint.updated_at = timezone.now()
    try:
        with transaction.atomic():
            sprint.save()
    except IntegrityError as error:
        raise ValidationFailed({"state": "another sprint of the team is active"}) from error
    after: dict[str, Any] = sprint_snapshot(sprint) | {"restored": restored}
    if left:
        after["left"] = left
    writes.event(access, SPRINT, sprint, "reopened", before=before, after=after)
    return sprint
