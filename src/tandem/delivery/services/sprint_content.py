"""A sprint's content: adding and removing items, and the team's suggestions the PO decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from tandem.backlog.models import Item, Kind
from tandem.delivery.models import Sprint, SprintItem, SprintState
from tandem.delivery.selectors.sprints import SUGGESTED, SprintOperation, suggestions_waiting
from tandem.workspace import proposals as proposal_queue
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Proposal, ProposalStatus
from tandem.workspace.registry import Operation, proposal_type, register_proposals
from tandem.workspace.rights import Action, Level
from tandem.workspace.transactions import retrying

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
) -> list[Proposal]:
    """One waiting proposal per item (an item already waiting is not proposed twice)."""
    spec = proposal_type(SPRINT.name)
    operation = SprintOperation.ADD if add else SprintOperation.REMOVE
    suggestions = []
    for item in items:
        payload = {"item": item.key, "add": add}
        waiting = suggestions_waiting(sprint).filter(operation=operation, payload__item=item.key)
        suggestion = waiting.first()
        if suggestion is None:
            suggestion = proposal_queue.propose(
                access, spec, operation, sprint, payload, base_values={}, verb=SUGGESTED
            )
        else:
            writes.event(access, SPRINT, sprint, "content_suggested", after=payload)
        suggestions.append(suggestion)
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
) -> list[Proposal]:
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
def sprint_item_remove(*, access: ProductAccess, sprint: Sprint, item: Item) -> Proposal | None:
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


def _suggested_item(access: ProductAccess, suggestion: Proposal) -> Item:
    item = Item.objects.filter(
        product=access.product, number=int(str(suggestion.payload["item"]).rpartition("-")[2])
    ).first()
    if item is None:
        raise ValidationFailed({"item": f"{suggestion.payload['item']} is no longer here"})
    return item


def _decided_sprint(access: ProductAccess, suggestion: Proposal) -> Sprint:
    """The suggestion's sprint, locked (adding or taking out an item edits none of its fields)."""
    sprint = Sprint.objects.get(pk=suggestion.record_id or 0, product=access.product)
    return _locked(access, sprint)


def _tell(access: ProductAccess, sprint: Sprint, suggestion: Proposal, status: str) -> None:
    after = {"item": suggestion.payload["item"], "add": suggestion.operation == SprintOperation.ADD}
    writes.event(access, SPRINT, sprint, f"suggestion_{status}", after=after)


def _accept_add(access: ProductAccess, suggestion: Proposal) -> Sprint:
    sprint, item = _decided_sprint(access, suggestion), _suggested_item(access, suggestion)
    _check_addable(sprint, [item])
    _add(access, sprint, [item])
    _tell(access, sprint, suggestion, ProposalStatus.ACCEPTED)
    return sprint


def _accept_remove(access: ProductAccess, suggestion: Proposal) -> Sprint:
    sprint = _decided_sprint(access, suggestion)
    _remove(access, sprint, _suggested_item(access, suggestion))
    _tell(access, sprint, suggestion, ProposalStatus.ACCEPTED)
    return sprint


def _declined(access: ProductAccess, suggestion: Proposal) -> None:
    _tell(access, _decided_sprint(access, suggestion), suggestion, ProposalStatus.DECLINED)


def register() -> None:
    """The team's suggestions are the one queue's proposals on the sprint. Adding or taking
    out one item overwrites nothing the sprint holds, so a sprint changed since (another
    suggestion accepted) needs no re-confirmation: the accept checks the item again."""
    applies = {SprintOperation.ADD.value: _accept_add, SprintOperation.REMOVE.value: _accept_remove}
    operations = {
        name: Operation(apply, versioned=False, declined=_declined)
        for name, apply in applies.items()
    }
    register_proposals(replace(SPRINT, url=_sprint_url, operations=operations))


def _sprint_url(sprint: Sprint) -> str:
    return reverse("delivery:planning", args=[sprint.product.key, sprint.pk])


@retrying
def sprint_suggestion_accept(*, access: ProductAccess, suggestion: Proposal) -> Proposal:
    _decide(access, "decide a sprint suggestion")
    return proposal_queue.proposal_accept(access=access, proposal_id=suggestion.pk)


@retrying
def sprint_suggestion_decline(*, access: ProductAccess, suggestion: Proposal) -> Proposal:
    _decide(access, "decide a sprint suggestion")
    return proposal_queue.proposal_decline(access=access, proposal_id=suggestion.pk)
