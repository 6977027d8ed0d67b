"""Creating, editing, archiving and restoring backlog items."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import F
from django.utils import timezone

from tandem.backlog.models import Item, Kind, Label, Status
from tandem.core import scoring, stories
from tandem.core.ranking import key_between
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Product, Proposal
from tandem.workspace.records import require_version
from tandem.workspace.rights import Action, Level
from tandem.workspace.transactions import retrying

from .item_history import item_event, save_new_version
from .merging import merged_fields
from .proposing import ItemOperation, must_propose, propose
from .snapshots import (
    CONTENT_FIELDS,
    PRIORITY_FIELDS,
    WORK_FIELDS,
    item_snapshot,
)
from .validation import REACH_MAX, _clean_changes, _item_in_product

if TYPE_CHECKING:
    from tandem.backlog.selectors import BacklogRow

__all__ = ["REACH_MAX", "_clean_changes", "_item_in_product"]  # read by the other services

CONTENT_KINDS_OF_WORK = (Kind.TASK, Kind.BUG, Kind.SUBTASK)


def content_action(kind: str) -> Action:
    """Whose call an item's content is: tasks and bugs are the team's work, the rest backlog."""
    return Action.WORK if kind in CONTENT_KINDS_OF_WORK else Action.BACKLOG


@dataclass(frozen=True)
class WriteOutcome:
    """What a write did: the item as it now stands, and a proposal when one was made."""

    item: Item
    proposal: Proposal | None = None

    @property
    def applied(self) -> bool:
        return self.proposal is None


# --- rights per field ---------------------------------------------------------------


def _needed(field: str, kinds: set[str], value: Any, item: Item | None) -> tuple[Action, Level]:
    """Which row of the rights table a field belongs to, and the level that writes it.

    ``kinds`` holds the item's kind before and after the change: a task's content is
    the team's work, but turning a story into a task (or back) is a backlog decision.
    """
    if field == "status" and (
        value == Status.ACCEPTED or (item and item.status == Status.ACCEPTED)
    ):
        return Action.ACCEPT, Level.DECIDE
    if field in WORK_FIELDS:
        return Action.WORK, Level.EDIT
    if field in CONTENT_FIELDS and kinds <= set(CONTENT_KINDS_OF_WORK):
        return Action.WORK, Level.EDIT
    if field == "parent" and kinds == {Kind.SUBTASK}:
        return Action.WORK, Level.EDIT  # which story a sub-task belongs to is the team's call
    return Action.BACKLOG, Level.DECIDE


def _split_by_right(
    access: ProductAccess, item: Item, changes: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Divide changes into those applied now and those that become a proposal."""
    direct: dict[str, Any] = {}
    proposed: dict[str, Any] = {}
    refused: list[str] = []
    kinds = {item.kind, str(changes.get("kind", item.kind))}
    for field, value in changes.items():
        action, needed = _needed(field, kinds, value, item)
        level = access.level(action)
        if level >= needed:
            direct[field] = value
        elif action is Action.BACKLOG and level == Level.PROPOSE:
            proposed[field] = value
        else:
            refused.append(field)
    if refused:
        raise PermissionDenied(
            f"Your role on {access.product.key} cannot change: {', '.join(sorted(refused))}."
        )
    return direct, proposed


# --- applying ---------------------------------------------------------------------------


def refresh_derived(item: Item) -> None:
    """Recompute the stored scores and readiness after any change to their inputs."""
    inputs = scoring.PriorityInputs(
        value=item.value,
        effort=item.effort,
        reach=item.reach,
        impact=item.impact,
        confidence=item.confidence,
        rice_effort=item.rice_effort,
        business_value=item.business_value,
        time_criticality=item.time_criticality,
        risk_reduction=item.risk_reduction,
        job_size=item.job_size,
        moscow=scoring.MoSCoW(item.moscow) if item.moscow else None,
    )
    scores = scoring.score(inputs)
    item.rice_score = scores.rice
    item.wsjf_score = scores.wsjf
    item.value_effort_score = scores.value_effort
    item.is_ready = readiness(item).ready


def readiness(item: Item | BacklogRow) -> stories.Readiness:
    """The Definition of Ready applied to an item, or to a backlog row read as plain data."""
    return stories.definition_of_ready(
        is_story=item.kind == Kind.STORY,
        as_a=item.as_a,
        i_want=item.i_want,
        so_that=item.so_that,
        criteria_count=item.criteria_count,
        estimate=item.estimate,
    )


def _apply(item: Item, clean: Mapping[str, Any]) -> list[str] | None:
    """Set fields on the row; return label names to store after save (M2M)."""
    labels: list[str] | None = None
    for field, value in clean.items():
        if field == "labels":
            labels = value
        else:
            setattr(item, field, value)
    refresh_derived(item)
    return labels


def _store_labels(item: Item, names: list[str]) -> None:
    labels = []
    for name in names:
        label, _ = Label.objects.get_or_create(product_id=item.product_id, name=name)
        labels.append(label)
    item.labels.set(labels)


def _bottom_rank(product: Product) -> str:
    last = Item.objects.filter(product=product).order_by("-rank").values_list("rank", flat=True)
    return key_between(last.first(), None)


def _top_rank(product: Product) -> str:
    first = Item.objects.filter(product=product).order_by("rank").values_list("rank", flat=True)
    return key_between(None, first.first())


@retrying
def item_create(
    *,
    access: ProductAccess,
    fields: Mapping[str, Any],
    position: Literal["top", "bottom"] = "bottom",
) -> Item:
    """Create an item. People who may only propose backlog order get it at the bottom."""
    kind = str(fields.get("kind", Kind.STORY))
    action = content_action(kind)
    level = access.require(action, Level.EDIT if action is Action.WORK else Level.PROPOSE)
    if level < Level.DECIDE and action is Action.BACKLOG:
        position = "bottom"
    status = fields.get("status", Status.NEW)
    if status == Status.ACCEPTED:
        raise ValidationFailed({"status": "a new item cannot start accepted"})
    clean = _clean_changes(access.product, None, {"kind": kind, **fields})
    held_back = _priorities_to_propose(access, fields)
    for field in held_back:
        clean.pop(field)
    product = Product.objects.select_for_update(no_key=True).get(pk=access.product.pk)
    number = product.next_item_number
    Product.objects.filter(pk=product.pk).update(next_item_number=F("next_item_number") + 1)
    now = timezone.now()
    item = Item(
        product=product,
        number=number,
        rank=_top_rank(product) if position == "top" else _bottom_rank(product),
        created_by=access.user,
        created_at=now,
        updated_at=now,
    )
    labels = _apply(item, clean)
    item.save()
    if labels:
        _store_labels(item, labels)
    if held_back:
        _propose_changes(access, item, held_back)
    item_event(access, item.pk, "item.created", str(item), after=item_snapshot(item))
    return item


def _priorities_to_propose(access: ProductAccess, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Scores and the parent epic order the backlog: a proposer's new item proposes them."""
    if access.level(Action.BACKLOG) >= Level.DECIDE:
        return {}
    held: tuple[str, ...] = (*PRIORITY_FIELDS, "initiative")
    if fields.get("kind") != Kind.SUBTASK:  # a sub-task's story is part of creating it
        held = (*held, "parent")
    return {f: fields[f] for f in held if f in fields}


def _propose_changes(access: ProductAccess, item: Item, changes: Mapping[str, Any]) -> Proposal:
    payload = {"changes": dict(changes), "version": item.version}
    return propose(access, item, ItemOperation.UPDATE, payload)


def item_quick_add(
    *, access: ProductAccess, text: str, position: Literal["top", "bottom"] = "bottom"
) -> Item:
    """ "As a pilot I want … so that …" becomes a story with its three parts filled in."""
    parts = stories.parse_quick_add(text)
    if not parts.title:
        raise ValidationFailed({"text": "type a title or a user story"})
    fields: dict[str, Any] = {
        "title": parts.title,
        "kind": Kind.STORY,
        "as_a": parts.as_a,
        "i_want": parts.i_want,
        "so_that": parts.so_that,
    }
    if quick_add_cut(text):
        # A title holds 200 characters: the whole text goes to the description, and the
        # caller says so, rather than dropping the rest without a word.
        fields["description"] = " ".join(text.split())
    return item_create(access=access, fields=fields, position=position)


QUICK_ADD_CUT = (
    f" The title was cut to {stories.TITLE_MAX_LENGTH} characters; the whole text is in "
    "the description."
)


def quick_add_cut(text: str) -> bool:
    """True when quick add had to shorten this text to make a title."""
    normalised = " ".join(text.split())
    parts = stories.parse_quick_add(text)
    return not parts.as_a and parts.title != normalised


def require_live(item: Item) -> None:
    """Archived items are read-only until restored, so nothing changes out of sight."""
    if item.is_archived:
        raise ValidationFailed({"item": f"{item.key} is archived; restore it first"})


def mark_active(item_id: int) -> None:
    """A conversation or a ticked criterion keeps an item fresh without touching its content.

    Only ``updated_at`` moves, not ``version``: an editor mid-way through the story
    should not get a conflict because someone asked a question.
    """
    Item.objects.filter(pk=item_id).update(updated_at=timezone.now())


def locked_item(access: ProductAccess, item_id: int) -> Item:
    """The row, locked for this transaction, so two writers queue rather than interleave."""
    item = (
        Item.objects.select_for_update(of=("self",), no_key=True)
        .select_related("product", "assignee", "parent")
        .filter(pk=item_id, product=access.product)
        .first()
    )
    if item is None:
        raise NotFound("No such item.")
    return item


@retrying
def item_update(
    *,
    access: ProductAccess,
    item: Item,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> WriteOutcome:
    """Apply what the caller may decide; the rest becomes a proposal for the decider.

    The edit names the version it read (none is 428). One made from an older version still
    applies when nobody else changed the fields it writes since; a change to the same field
    is a :class:`Conflict`.
    """
    item = locked_item(access, item.pk)
    read = require_version(expected_version)
    if read != item.version:
        clean = _clean_changes(access.product, item, changes)
        kept = merged_fields(item, read, clean)
        changes = {field: changes[field] for field in kept}
        if not changes:
            return WriteOutcome(item=item)
    require_live(item)
    direct, proposed = _split_by_right(access, item, changes)
    clean = _clean_changes(access.product, item, changes)
    if direct:
        apply_changes(access, item, {f: clean[f] for f in direct})
    # Proposed after the direct part, so it names the version the decider will see.
    proposal = None
    if proposed:
        proposal = _propose_changes(access, item, {f: changes[f] for f in proposed})
    return WriteOutcome(item=item, proposal=proposal)


def apply_changes(access: ProductAccess, item: Item, clean: Mapping[str, Any]) -> None:
    """Write already-authorized, already-cleaned changes with audit and a new version."""
    before = item_snapshot(item)
    labels = _apply(item, clean)
    if labels is not None:
        _store_labels(item, labels)
    save_new_version(access, item, "item.updated", before=before, after=item_snapshot(item))


def _set_archived(access: ProductAccess, item: Item, archived: bool) -> WriteOutcome:
    """What stays in the backlog is the decider's call; a proposer's request waits for it."""
    item = locked_item(access, item.pk)
    if item.is_archived == archived:
        access.require(Action.BACKLOG, Level.PROPOSE)
        return WriteOutcome(item=item)
    if must_propose(access, Action.BACKLOG):
        kind = ItemOperation.ARCHIVE if archived else ItemOperation.RESTORE
        return WriteOutcome(item=item, proposal=propose(access, item, kind, {}))
    access.require(Action.BACKLOG, Level.DECIDE)
    item.archived_at = timezone.now() if archived else None
    verb = "item.archived" if archived else "item.restored"
    save_new_version(access, item, verb, update_fields=["archived_at"])
    return WriteOutcome(item=item)


@retrying
def item_archive(*, access: ProductAccess, item: Item) -> WriteOutcome:
    """Soft delete: the item leaves the backlog but keeps its history and can be restored."""
    return _set_archived(access, item, archived=True)


@retrying
def item_restore(*, access: ProductAccess, item: Item) -> WriteOutcome:
    return _set_archived(access, item, archived=False)
