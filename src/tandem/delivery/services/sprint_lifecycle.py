"""A sprint's life: the team's availability, starting it (the commitment) and closing it."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item
from tandem.delivery.models import (
    CarryOver,
    Sprint,
    SprintItem,
    SprintMember,
    SprintState,
)
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Membership, User
from tandem.workspace.rights import Action, Level

from .sprint_checks import same_track, sprint_start_check
from .sprint_content import _add, _live_entries
from .sprints import (
    FINISHED,
    SPRINT,
    _decide,
    _locked,
    _locked_at,
    sprint_snapshot,
)

__all__ = [
    "sprint_close",
    "sprint_member_set",
    "sprint_start",
    "sprint_start_warnings",
]


# --- the team's availability --------------------------------------------------------------


@transaction.atomic
def sprint_member_set(
    *, access: ProductAccess, sprint: Sprint, user: User, points: int, days_off: int
) -> SprintMember:
    """A person's availability for the sprint; the team keeps these, the PO reads the total."""
    access.require(Action.WORK, Level.EDIT)
    sprint = _locked(access, sprint)
    errors: dict[str, str] = {}
    if not Membership.objects.filter(user=user, product=access.product).exists():
        errors["user"] = f"{user.email} is not a member of {access.product.key}"
    if not 0 <= points <= 500:
        errors["points"] = "must be from 0 to 500"
    if not 0 <= days_off <= (sprint.ends_on - sprint.starts_on).days + 1:
        errors["days_off"] = "must be from 0 to the sprint's length in days"
    if sprint.state == SprintState.CLOSED:
        errors["sprint"] = f"{sprint.name} is closed"
    if errors:
        raise ValidationFailed(errors)
    member, _ = SprintMember.objects.select_for_update().get_or_create(sprint=sprint, user=user)
    before = {"points": member.points, "days_off": member.days_off}
    member.points, member.days_off = points, days_off
    member.version += 1
    member.save()
    writes.event(
        access,
        SPRINT,
        sprint,
        "availability_set",
        before={"user": user.email, **before},
        after={"user": user.email, "points": points, "days_off": days_off},
    )
    return member


# --- starting and closing ----------------------------------------------------------------


def sprint_start_warnings(sprint: Sprint) -> list[str]:
    """What the Product Owner should see before starting: each may be right, none is usual."""
    return sprint_start_check(sprint).warnings


@transaction.atomic
def sprint_start(
    *,
    access: ProductAccess,
    sprint: Sprint,
    expected_version: int | None,
    confirmed: bool = False,
) -> Sprint:
    """Snapshot the commitment: each entry's points now, and their sum on the sprint.

    Over capacity or the recent velocity, overlapping another planned or active
    sprint, or longer than three months, it starts only once the caller has seen the
    warnings and confirmed (refused with ``errors["confirm"]`` and the ``warnings``).
    """
    _decide(access, "start a sprint")
    sprint = _locked_at(access, sprint, expected_version, live=True)
    if sprint.state != SprintState.PLANNED:
        raise ValidationFailed({"state": f"{sprint.name} is {sprint.get_state_display().lower()}"})
    active = Sprint.objects.filter(
        product=access.product,
        state=SprintState.ACTIVE,
        archived_at__isnull=True,
        **same_track(sprint),
    ).first()
    if active is not None:
        raise ValidationFailed({"state": f"{active.name} is still active; close it first"})
    warnings = sprint_start_warnings(sprint)
    if warnings and not confirmed:
        warning = "; ".join(warnings)
        raise ValidationFailed(
            {"confirm": f"{warning[:1].upper()}{warning[1:]}: confirm to start"},
            warnings=warnings,
        )
    before = sprint_snapshot(sprint)
    entries = list(_live_entries(sprint).select_related("item"))
    for entry in entries:
        entry.committed = True
        entry.points_at_start = entry.item.estimate
    SprintItem.objects.bulk_update(entries, ["committed", "points_at_start"])
    now = timezone.now()
    sprint.state = SprintState.ACTIVE
    sprint.started_at = now
    sprint.committed_points = sum(e.points_at_start or 0 for e in entries)
    sprint.version += 1
    sprint.updated_at = now
    sprint.save()
    writes.event(access, SPRINT, sprint, "started", before=before, after=sprint_snapshot(sprint))
    return sprint


def _next_sprint(access: ProductAccess, sprint: Sprint) -> Sprint | None:
    return (
        Sprint.objects.filter(
            product=access.product,
            state=SprintState.PLANNED,
            archived_at__isnull=True,
            **same_track(sprint),
        )
        .exclude(pk=sprint.pk)
        .order_by("starts_on", "id")
        .first()
    )


@transaction.atomic
def sprint_close(
    *,
    access: ProductAccess,
    sprint: Sprint,
    expected_version: int | None,
    carry: Mapping[str, str] | None = None,
) -> Sprint:
    """Close the sprint: record completed points; move each unfinished item on.

    ``carry`` maps an item key to ``backlog`` (top of the backlog) or ``next``
    (the next planned sprint); items it does not name follow the sprint's
    ``carry_over`` default. Without a next sprint, ``next`` falls back to the
    backlog, and the audit event says where each item went.
    """
    _decide(access, "close a sprint")
    sprint = _locked_at(access, sprint, expected_version, live=True)
    if sprint.state != SprintState.ACTIVE:
        raise ValidationFailed({"state": f"{sprint.name} is not active"})
    carry = dict(carry or {})
    bad = {
        k: f"must be one of: {', '.join(CarryOver.values)}"
        for k, v in carry.items()
        if v not in CarryOver.values
    }
    if bad:
        raise ValidationFailed(bad)
    before = sprint_snapshot(sprint)
    entries = list(_live_entries(sprint).select_related("item__product"))
    finished = [e for e in entries if e.item.status in FINISHED]
    unfinished = [e for e in entries if e.item.status not in FINISHED]
    following = _next_sprint(access, sprint)
    now = timezone.now()
    moved: dict[str, str] = {}
    to_next: list[Item] = []
    for entry in unfinished:
        where = carry.get(entry.item.key, sprint.carry_over)
        entry.removed_at = now
        entry.save(update_fields=["removed_at"])
        if where == CarryOver.NEXT and following is not None:
            to_next.append(entry.item)
            moved[entry.item.key] = following.name
        else:
            moved[entry.item.key] = "backlog"
    sprint.state = SprintState.CLOSED
    sprint.closed_at = now
    sprint.completed_points = sum(e.item.estimate or 0 for e in finished)
    sprint.version += 1
    sprint.updated_at = now
    sprint.save()
    # Top of the backlog in their old order: move the lowest first, each to the top.
    for entry in sorted(unfinished, key=lambda e: e.item.rank, reverse=True):
        if moved[entry.item.key] == "backlog":
            backlog_services.item_move(access=access, item=entry.item, position="top")
    if to_next and following is not None:
        _add(access, _locked(access, following), to_next)
    writes.event(
        access,
        SPRINT,
        sprint,
        "closed",
        before=before,
        after=sprint_snapshot(sprint) | {"carried": moved},
    )
    return sprint
