"""Sprint-side delivery services: sprints, their content, availability, start and close.

Sprint goal and content are the Product Owner's decision (``Action.SPRINT``,
*decide*). A team member holds *propose*: adding an item to a sprint or taking
one out becomes a :class:`SprintSuggestion` the PO accepts or declines, as a
backlog change becomes a proposal, so the team can say "we should pull this
in" without the PO losing the last word. Creating, starting and closing a
sprint have no sensible suggestion form and are refused with the reason.

The board and dependencies live in ``board``, impediments and retrospectives
in their own modules; all are gathered here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item, Kind, Status
from tandem.delivery.models import (
    CarryOver,
    Sprint,
    SprintItem,
    SprintMember,
    SprintState,
    SprintSuggestion,
    SuggestionStatus,
)
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Membership, Team, User
from tandem.workspace.rights import Action, Level

from .board import board_column_set, card_move, dependency_add, dependency_remove
from .impediments import (
    impediment_archive,
    impediment_escalate,
    impediment_raise,
    impediment_resolve,
    impediment_restore,
    impediment_snapshot,
    impediment_update,
)
from .retros import (
    RETRO_LABEL,
    retro_action_add,
    retro_note_add,
    retro_note_archive,
    retro_note_restore,
    retro_note_vote,
    retro_open,
)
from .sprint_checks import StartCheck, sprint_start_check

__all__ = [
    "FINISHED",
    "RETRO_LABEL",
    "StartCheck",
    "board_column_set",
    "card_move",
    "dependency_add",
    "dependency_remove",
    "impediment_archive",
    "impediment_escalate",
    "impediment_raise",
    "impediment_resolve",
    "impediment_restore",
    "impediment_snapshot",
    "impediment_update",
    "retro_action_add",
    "retro_note_add",
    "retro_note_archive",
    "retro_note_restore",
    "retro_note_vote",
    "retro_open",
    "sprint_archive",
    "sprint_close",
    "sprint_create",
    "sprint_item_remove",
    "sprint_items_add",
    "sprint_member_set",
    "sprint_restore",
    "sprint_snapshot",
    "sprint_start",
    "sprint_start_check",
    "sprint_start_warnings",
    "sprint_suggestion_accept",
    "sprint_suggestion_decline",
    "sprint_update",
]

FINISHED = (Status.DONE, Status.ACCEPTED)
# Charts walk a sprint day by day: a year is already far longer than any real sprint.
MAX_SPRINT_DAYS = 366
SPRINT_FIELDS = ("name", "goal", "starts_on", "ends_on", "capacity", "carry_over")


def sprint_snapshot(sprint: Sprint) -> dict[str, Any]:
    return {
        "name": sprint.name,
        "goal": sprint.goal,
        "starts_on": sprint.starts_on.isoformat(),
        "ends_on": sprint.ends_on.isoformat(),
        "capacity": sprint.capacity,
        "carry_over": sprint.carry_over,
        "state": sprint.state,
        "committed_points": sprint.committed_points,
        "completed_points": sprint.completed_points,
        "team": sprint.team.name if sprint.team_id and sprint.team else None,
    }


def _team_for(access: ProductAccess, value: Any, *, required: bool) -> Team | None:
    """The sprint's team: required when the product has teams, refused when it has none."""
    teams = Team.objects.filter(product=access.product, archived_at__isnull=True)
    if value in (None, ""):
        if required and teams.exists():
            raise ValidationFailed({"team": f"{access.product.key} has teams; choose one"})
        return None
    if isinstance(value, Team):
        value = value.pk
    team = (
        teams.filter(pk=int(value)).first()
        if isinstance(value, int) or str(value).isdigit()
        else None
    )
    if team is None:
        raise ValidationFailed({"team": "must be one of this product's teams"})
    return team


def _same_team(sprint: Sprint) -> dict[str, Any]:
    """The filter for the sprints that share a sprint's team (or its team-less track)."""
    return {"team": sprint.team} if sprint.team_id else {"team__isnull": True}


def _event(access: ProductAccess, verb: str, sprint: Sprint, **extra: Any) -> None:
    record_event(
        actor=access.user,
        product=access.product,
        verb=verb,
        object_type="sprint",
        object_id=sprint.pk,
        object_label=sprint.name,
        **extra,
    )


def _decide(access: ProductAccess, what: str) -> None:
    if not access.can(Action.SPRINT, Level.DECIDE):
        raise PermissionDenied(
            f"Only the Product Owner can {what} on {access.product.key}; "
            "your role can suggest sprint content on the planning page."
            if access.can(Action.SPRINT, Level.PROPOSE)
            else f"Your role on {access.product.key} cannot {what}."
        )


def _locked(access: ProductAccess, sprint: Sprint) -> Sprint:
    locked = Sprint.objects.select_for_update().filter(pk=sprint.pk, product=access.product).first()
    if locked is None:
        raise NotFound("No such sprint.")
    return locked


def _check_version(sprint: Sprint, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != sprint.version:
        raise Conflict(
            f"{sprint.name} was changed by someone else (you edited version "
            f"{expected_version}, it is now at version {sprint.version}).",
            current=sprint_snapshot(sprint) | {"id": sprint.pk, "version": sprint.version},
        )


def _require_live(sprint: Sprint) -> None:
    if sprint.archived_at is not None:
        raise ValidationFailed({"sprint": f"{sprint.name} is archived; restore it first"})


def _parse_date(errors: dict[str, str], field: str, value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = "must be a date (YYYY-MM-DD)"
        return None


def _clean_field(errors: dict[str, str], field: str, value: Any) -> Any:
    if field == "name":
        name = str(value or "").strip()
        if not name:
            errors[field] = "is required"
        elif len(name) > 100:
            errors[field] = "must be at most 100 characters"
        return name
    if field == "goal":
        return str(value or "").strip()
    if field in ("starts_on", "ends_on"):
        return _parse_date(errors, field, value)
    if field == "capacity":
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not str(value).isdigit() or int(value) > 10_000:
            errors[field] = "must be a whole number of points from 0 to 10,000"
            return None
        return int(value)
    if field == "carry_over" and value not in CarryOver.values:
        errors[field] = f"must be one of: {', '.join(CarryOver.values)}"
    return value


def _clean(changes: Mapping[str, Any], current: Sprint | None) -> dict[str, Any]:
    errors: dict[str, str] = dict.fromkeys(
        sorted(set(changes) - set(SPRINT_FIELDS)), "is not a field of a sprint"
    )
    clean: dict[str, Any] = {}
    for field, value in changes.items():
        if field in SPRINT_FIELDS:
            clean[field] = _clean_field(errors, field, value)
    starts = clean.get("starts_on", current.starts_on if current else None)
    ends = clean.get("ends_on", current.ends_on if current else None)
    if current is None:
        for field in ("name", "starts_on", "ends_on"):
            if field not in changes:
                errors[field] = "is required"
    if starts and ends and ends < starts and "ends_on" not in errors:
        errors["ends_on"] = "must be on or after the start date"
    elif starts and ends and (ends - starts).days + 1 > MAX_SPRINT_DAYS and "ends_on" not in errors:
        errors["ends_on"] = f"a sprint lasts at most {MAX_SPRINT_DAYS} days"
    if errors:
        raise ValidationFailed(errors)
    return clean


@transaction.atomic
def sprint_create(*, access: ProductAccess, fields: Mapping[str, Any]) -> Sprint:
    _decide(access, "create a sprint")
    fields = dict(fields)
    team = _team_for(access, fields.pop("team", None), required=True)
    clean = _clean(fields, None)
    sprint = Sprint.objects.create(
        product=access.product, team=team, created_by=access.user, **clean
    )
    _event(access, "sprint.created", sprint, after=sprint_snapshot(sprint))
    return sprint


@transaction.atomic
def sprint_update(
    *,
    access: ProductAccess,
    sprint: Sprint,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Sprint:
    _decide(access, "change a sprint's goal, dates or capacity")
    sprint = _locked(access, sprint)
    _check_version(sprint, expected_version)
    _require_live(sprint)
    changes = dict(changes)
    if "team" in changes:
        team = _team_for(access, changes.pop("team"), required=True)
        if team != sprint.team and sprint.state != SprintState.PLANNED:
            raise ValidationFailed({"team": "only a planned sprint can change team"})
        changes_team: Team | None = team
    else:
        changes_team = sprint.team
    clean = _clean(changes, sprint)
    if sprint.state == SprintState.CLOSED and set(clean) - {"goal", "name"}:
        raise ValidationFailed({"state": "a closed sprint keeps its dates and capacity"})
    clean["team"] = changes_team
    before = sprint_snapshot(sprint)
    for field, value in clean.items():
        setattr(sprint, field, value)
    sprint.version += 1
    sprint.updated_at = timezone.now()
    sprint.save()
    _event(access, "sprint.updated", sprint, before=before, after=sprint_snapshot(sprint))
    return sprint


def _set_archived(access: ProductAccess, sprint: Sprint, archived: bool) -> Sprint:
    _decide(access, "archive or restore a sprint")
    sprint = _locked(access, sprint)
    if (sprint.archived_at is not None) == archived:
        return sprint
    if archived and sprint.state == SprintState.ACTIVE:
        raise ValidationFailed({"state": "close the active sprint before archiving it"})
    sprint.archived_at = timezone.now() if archived else None
    sprint.version += 1
    sprint.updated_at = timezone.now()
    try:
        with transaction.atomic():
            sprint.save()
    except IntegrityError as error:
        raise ValidationFailed({"state": "another sprint is active"}) from error
    _event(access, "sprint.archived" if archived else "sprint.restored", sprint)
    return sprint


@transaction.atomic
def sprint_archive(*, access: ProductAccess, sprint: Sprint) -> Sprint:
    return _set_archived(access, sprint, True)


@transaction.atomic
def sprint_restore(*, access: ProductAccess, sprint: Sprint) -> Sprint:
    return _set_archived(access, sprint, False)


# --- content ----------------------------------------------------------------------------


def _live_entries(sprint: Sprint) -> Any:
    return SprintItem.objects.filter(sprint=sprint, removed_at__isnull=True)


def _check_addable(sprint: Sprint, items: Sequence[Item]) -> None:
    errors: dict[str, str] = {}
    if sprint.state == SprintState.CLOSED:
        errors["sprint"] = f"{sprint.name} is closed"
    elsewhere = dict(
        SprintItem.objects.filter(
            item__in=items,
            removed_at__isnull=True,
            sprint__archived_at__isnull=True,
            sprint__state__in=[SprintState.PLANNED, SprintState.ACTIVE],
        )
        .exclude(sprint=sprint)
        .values_list("item_id", "sprint__name")
    )
    for item in items:
        if item.product_id != sprint.product_id or item.archived_at is not None:
            errors[item.key] = "is not a live item of this product"
        elif item.kind == Kind.EPIC:
            errors[item.key] = "is an epic; plan its stories instead"
        elif item.pk in elsewhere:
            errors[item.key] = f"is already in {elsewhere[item.pk]}"
    if errors:
        raise ValidationFailed(errors)


def _suggest(
    access: ProductAccess, sprint: Sprint, items: Sequence[Item], add: bool
) -> list[SprintSuggestion]:
    suggestions = []
    for item in items:
        suggestion, _ = SprintSuggestion.objects.get_or_create(
            sprint=sprint,
            item=item,
            add=add,
            status=SuggestionStatus.PENDING,
            defaults={"proposed_by": access.user},
        )
        suggestions.append(suggestion)
        _event(
            access,
            "sprint.content_suggested",
            sprint,
            after={"item": item.key, "add": add},
        )
    return suggestions


def _add(access: ProductAccess, sprint: Sprint, items: Sequence[Item]) -> list[Item]:
    live = set(_live_entries(sprint).values_list("item_id", flat=True))
    added = [item for item in items if item.pk not in live]
    now = timezone.now()
    SprintItem.objects.bulk_create(
        SprintItem(sprint=sprint, item=item, added_at=now, added_by=access.user) for item in added
    )
    if added:
        sprint.version += 1
        sprint.updated_at = now
        sprint.save(update_fields=["version", "updated_at"])
        _event(
            access,
            "sprint.items_added",
            sprint,
            after={
                "items": [i.key for i in added],
                "after_start": sprint.state == SprintState.ACTIVE,
            },
        )
    return added


@transaction.atomic
def sprint_items_add(
    *, access: ProductAccess, sprint: Sprint, items: Sequence[Item]
) -> list[SprintSuggestion]:
    """Put items in the sprint; a proposer's request becomes suggestions (returned).

    Added after the start, an item is scope added: its entry is not ``committed``.
    """
    access.require(Action.SPRINT, Level.PROPOSE)
    sprint = _locked(access, sprint)
    _require_live(sprint)
    _check_addable(sprint, items)
    if access.level(Action.SPRINT) < Level.DECIDE:
        return _suggest(access, sprint, items, add=True)
    _add(access, sprint, items)
    return []


def _remove(access: ProductAccess, sprint: Sprint, item: Item) -> bool:
    removed = _live_entries(sprint).filter(item=item).update(removed_at=timezone.now())
    if removed:
        sprint.version += 1
        sprint.updated_at = timezone.now()
        sprint.save(update_fields=["version", "updated_at"])
        _event(access, "sprint.item_removed", sprint, before={"item": item.key})
    return bool(removed)


@transaction.atomic
def sprint_item_remove(
    *, access: ProductAccess, sprint: Sprint, item: Item
) -> SprintSuggestion | None:
    """Take an item out (its entry is kept with ``removed_at``); a proposer suggests it."""
    access.require(Action.SPRINT, Level.PROPOSE)
    sprint = _locked(access, sprint)
    _require_live(sprint)
    if sprint.state == SprintState.CLOSED:
        raise ValidationFailed({"sprint": f"{sprint.name} is closed"})
    if not _live_entries(sprint).filter(item=item).exists():
        raise ValidationFailed({"item": f"{item.key} is not in {sprint.name}"})
    if access.level(Action.SPRINT) < Level.DECIDE:
        [suggestion] = _suggest(access, sprint, [item], add=False)
        return suggestion
    _remove(access, sprint, item)
    return None


def _decide_suggestion(
    access: ProductAccess, suggestion: SprintSuggestion, status: str
) -> SprintSuggestion:
    _decide(access, "decide a sprint suggestion")
    locked = (
        SprintSuggestion.objects.select_for_update()
        .select_related("sprint", "item__product")
        .filter(pk=suggestion.pk, sprint__product=access.product)
        .first()
    )
    if locked is None:
        raise NotFound("No such suggestion.")
    suggestion = locked
    if suggestion.status != SuggestionStatus.PENDING:
        raise ValidationFailed({"status": f"this suggestion was already {suggestion.status}"})
    sprint = _locked(access, suggestion.sprint)
    if status == SuggestionStatus.ACCEPTED:
        if suggestion.add:
            _check_addable(sprint, [suggestion.item])
            _add(access, sprint, [suggestion.item])
        else:
            _remove(access, sprint, suggestion.item)
    suggestion.status = status
    suggestion.decided_by = access.user
    suggestion.decided_at = timezone.now()
    suggestion.save()
    _event(
        access,
        f"sprint.suggestion_{status}",
        sprint,
        after={"item": suggestion.item.key, "add": suggestion.add},
    )
    return suggestion


@transaction.atomic
def sprint_suggestion_accept(
    *, access: ProductAccess, suggestion: SprintSuggestion
) -> SprintSuggestion:
    return _decide_suggestion(access, suggestion, SuggestionStatus.ACCEPTED)


@transaction.atomic
def sprint_suggestion_decline(
    *, access: ProductAccess, suggestion: SprintSuggestion
) -> SprintSuggestion:
    return _decide_suggestion(access, suggestion, SuggestionStatus.DECLINED)


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
    _event(
        access,
        "sprint.availability_set",
        sprint,
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
    sprint = _locked(access, sprint)
    _check_version(sprint, expected_version)
    _require_live(sprint)
    if sprint.state != SprintState.PLANNED:
        raise ValidationFailed({"state": f"{sprint.name} is {sprint.get_state_display().lower()}"})
    active = Sprint.objects.filter(
        product=access.product,
        state=SprintState.ACTIVE,
        archived_at__isnull=True,
        **_same_team(sprint),
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
    _event(access, "sprint.started", sprint, before=before, after=sprint_snapshot(sprint))
    return sprint


def _next_sprint(access: ProductAccess, sprint: Sprint) -> Sprint | None:
    return (
        Sprint.objects.filter(
            product=access.product,
            state=SprintState.PLANNED,
            archived_at__isnull=True,
            **_same_team(sprint),
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
    sprint = _locked(access, sprint)
    _check_version(sprint, expected_version)
    _require_live(sprint)
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
    _event(
        access,
        "sprint.closed",
        sprint,
        before=before,
        after=sprint_snapshot(sprint) | {"carried": moved},
    )
    return sprint
