"""A sprint's content: adding and removing items, and the team's suggestions the PO decides."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tandem.backlog.models import Item, Kind
from tandem.delivery.models import (
    Sprint,
    SprintItem,
    SprintState,
    SprintSuggestion,
    SuggestionStatus,
)
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.rights import Action, Level

from .sprints import SPRINT, _content_changed, _decide, _locked

__all__ = [
    "sprint_item_remove",
    "sprint_items_add",
    "sprint_suggestion_accept",
    "sprint_suggestion_decline",
]


def _live_entries(sprint: Sprint) -> Any:
    return SprintItem.objects.filter(sprint=sprint, removed_at__isnull=True)


def _in_other_sprints(sprint: Sprint, items: Any) -> QuerySet[SprintItem]:
    """The live entries of these items in another planned or active sprint."""
    return SprintItem.objects.filter(
        item__in=items,
        removed_at__isnull=True,
        sprint__archived_at__isnull=True,
        sprint__state__in=[SprintState.PLANNED, SprintState.ACTIVE],
    ).exclude(sprint=sprint)


def _check_addable(sprint: Sprint, items: Sequence[Item]) -> None:
    errors: dict[str, str] = {}
    if sprint.state == SprintState.CLOSED:
        errors["sprint"] = f"{sprint.name} is closed"
    elsewhere = dict(_in_other_sprints(sprint, items).values_list("item_id", "sprint__name"))
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
        writes.event(
            access,
            SPRINT,
            sprint,
            "content_suggested",
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
        _content_changed(
            access,
            sprint,
            "items_added",
            at=now,
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
    sprint = _locked(access, sprint, live=True)
    _check_addable(sprint, items)
    if access.level(Action.SPRINT) < Level.DECIDE:
        return _suggest(access, sprint, items, add=True)
    _add(access, sprint, items)
    return []


def _remove(access: ProductAccess, sprint: Sprint, item: Item) -> bool:
    removed = _live_entries(sprint).filter(item=item).update(removed_at=timezone.now())
    if removed:
        _content_changed(access, sprint, "item_removed", before={"item": item.key})
    return bool(removed)


@transaction.atomic
def sprint_item_remove(
    *, access: ProductAccess, sprint: Sprint, item: Item
) -> SprintSuggestion | None:
    """Take an item out (its entry is kept with ``removed_at``); a proposer suggests it."""
    access.require(Action.SPRINT, Level.PROPOSE)
    sprint = _locked(access, sprint, live=True)
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
    writes.event(
        access,
        SPRINT,
        sprint,
        f"suggestion_{status}",
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
