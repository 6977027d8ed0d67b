"""Acceptance criteria: ordered, checkable, part of the story's content."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Max
from django.utils import timezone

from tandem.backlog.models import AcceptanceCriterion, Item
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.models import Proposal
from tandem.workspace.records import check_version
from tandem.workspace.rights import Action, Level
from tandem.workspace.transactions import retrying

from .item_history import item_event, save_new_version
from .items import (
    content_action,
    locked_item,
    mark_active,
    refresh_derived,
    require_live,
)
from .proposing import ItemOperation, must_propose, propose
from .snapshots import criterion_snapshot

CRITERION_FIELDS = ("text", "given", "when", "then")


def _must_propose(access: ProductAccess, item: Item) -> bool:
    """Whether the caller proposes this criterion change; refuses those who may not even that."""
    action = content_action(item.kind)
    if action is Action.BACKLOG and must_propose(access, action):
        return True
    access.require(action, Level.EDIT if action is Action.WORK else Level.DECIDE)
    return False


def _clean(fields: Mapping[str, Any]) -> dict[str, str]:
    unknown = set(fields) - set(CRITERION_FIELDS)
    errors = dict.fromkeys(sorted(unknown), "is not a field of an acceptance criterion")
    clean = {f: str(fields.get(f) or "").strip() for f in CRITERION_FIELDS}
    if not any(clean.values()):
        errors["text"] = "write the criterion as free text or as given / when / then"
    elif not clean["text"] and not (clean["when"] and clean["then"]):
        errors["then" if clean["when"] else "when"] = (
            "a given/when/then criterion needs when and then"
        )
    for field, value in clean.items():
        if len(value) > 2000:
            errors[field] = "must be at most 2000 characters"
    if errors:
        raise ValidationFailed(errors)
    return clean


def _touch_item(access: ProductAccess, item: Item, verb: str, label: str, **data: Any) -> None:
    item.criteria_count = item.criteria.filter(archived_at__isnull=True).count()
    refresh_derived(item)
    save_new_version(
        access, item, verb, label=label, update_fields=["criteria_count", "is_ready"], **data
    )


@retrying
def criterion_add(
    *, access: ProductAccess, item: Item, fields: Mapping[str, Any]
) -> AcceptanceCriterion | Proposal:
    """Add a criterion; a proposer's criterion waits for the Product Owner instead."""
    item = locked_item(access, item.pk)
    require_live(item)
    clean = _clean(fields)
    if _must_propose(access, item):
        return propose(access, item, ItemOperation.CRITERION, {"op": "add", "fields": clean})
    last = (
        item.criteria.filter(archived_at__isnull=True).aggregate(last=Max("position"))["last"] or 0
    )
    criterion = AcceptanceCriterion.objects.create(item=item, position=last + 1, **clean)
    _touch_item(
        access,
        item,
        "criterion.added",
        f"{item.key}: {criterion.summary}",
        after=criterion_snapshot(criterion),
    )
    return criterion


def _locked_criterion(access: ProductAccess, criterion_id: int) -> AcceptanceCriterion:
    criterion = (
        AcceptanceCriterion.objects.select_for_update(of=("self",))
        .select_related("item")
        .filter(pk=criterion_id, item__product=access.product, archived_at__isnull=True)
        .first()
    )
    if criterion is None:
        raise NotFound("No such acceptance criterion.")
    return criterion


@retrying
def criterion_update(
    *,
    access: ProductAccess,
    criterion_id: int,
    fields: Mapping[str, Any],
    expected_version: int | None,
) -> AcceptanceCriterion | Proposal:
    criterion = _locked_criterion(access, criterion_id)
    item = locked_item(access, criterion.item_id)
    require_live(item)
    check_version(criterion, expected_version, criterion_snapshot, label="This criterion")
    before = criterion_snapshot(criterion)
    current = {f: getattr(criterion, f) for f in CRITERION_FIELDS}
    clean = _clean(current | dict(fields))
    if _must_propose(access, item):
        payload = {"op": "update", "criterion": criterion.pk, "fields": clean, "was": current}
        return propose(access, item, ItemOperation.CRITERION, payload)
    for field, value in clean.items():
        setattr(criterion, field, value)
    criterion.version += 1
    criterion.save()
    _touch_item(
        access,
        item,
        "criterion.updated",
        f"{item.key}: {criterion.summary}",
        before=before,
        after=criterion_snapshot(criterion),
    )
    return criterion


@retrying
def criterion_check(
    *, access: ProductAccess, criterion_id: int, is_met: bool
) -> AcceptanceCriterion:
    """Ticking a criterion off is part of doing the work, so the whole team may do it."""
    access.require(Action.WORK, Level.EDIT)
    criterion = _locked_criterion(access, criterion_id)
    if criterion.is_met != is_met:
        criterion.is_met = is_met
        criterion.version += 1
        criterion.save(update_fields=["is_met", "version"])
        mark_active(criterion.item_id)
        item_event(
            access,
            criterion.item_id,
            "criterion.checked" if is_met else "criterion.unchecked",
            f"{criterion.item.key}: {criterion.summary}",
        )
    return criterion


@retrying
def criterion_remove(*, access: ProductAccess, criterion_id: int) -> Proposal | None:
    criterion = _locked_criterion(access, criterion_id)
    item = locked_item(access, criterion.item_id)
    require_live(item)
    if _must_propose(access, item):
        payload = {"op": "remove", "criterion": criterion.pk, "was": criterion.summary}
        return propose(access, item, ItemOperation.CRITERION, payload)
    criterion.archived_at = timezone.now()
    criterion.version += 1
    criterion.save(update_fields=["archived_at", "version"])
    _touch_item(
        access,
        item,
        "criterion.removed",
        f"{item.key}: {criterion.summary}",
        before=criterion_snapshot(criterion),
    )
    return None
