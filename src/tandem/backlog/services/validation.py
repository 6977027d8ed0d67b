"""Checking the values of an item write: every wrong field is named at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tandem.backlog import extensions
from tandem.backlog.models import Item, Kind, MoSCoW, Status
from tandem.core import scoring, stories
from tandem.strategy.models import Initiative
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Membership, Product, User
from tandem.workspace.records import clean_text

from .snapshots import EDITABLE_FIELDS, PRIORITY_FIELDS

REACH_MAX = 2_147_483_647  # what the column holds; beyond it PostgreSQL refuses the row


def _clean_choice(errors: dict[str, str], field: str, value: Any, choices: Iterable[str]) -> str:
    allowed = list(choices)
    if value not in allowed:
        errors[field] = f"must be one of: {', '.join(a for a in allowed if a) or 'empty'}"
    return str(value)


def _clean_changes(
    product: Product, item: Item | None, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """Turn raw values into model values, or name every field that is wrong."""
    unknown = set(changes) - EDITABLE_FIELDS
    errors: dict[str, str] = dict.fromkeys(sorted(unknown), "is not a field of an item")
    clean: dict[str, Any] = {}
    for field, value in changes.items():
        if field not in unknown:
            clean[field] = _clean_field(errors, product, item, field, value)
    errors.update(_priority_errors(item, clean))
    _check_status_change(errors, item, clean)
    _check_hierarchy(errors, product, item, clean)
    if errors:
        raise ValidationFailed(errors)
    return clean


_TEXT_LIMITS = {"title": 200, "as_a": 200, "i_want": 20_000, "so_that": 20_000}


def _clean_field(
    errors: dict[str, str], product: Product, item: Item | None, field: str, value: Any
) -> Any:
    if field in _TEXT_LIMITS or field == "description":
        limit = _TEXT_LIMITS.get(field, 20_000)
        return clean_text(errors, field, value, limit=limit, required=field == "title")
    if field == "kind":
        return _clean_choice(errors, field, value, Kind.values)
    if field == "status":
        return _clean_choice(errors, field, value, Status.values)
    if field == "moscow":
        return _clean_choice(errors, field, value or "", ["", *MoSCoW.values])
    if field == "estimate":
        if value is not None and (
            not isinstance(value, int) or not stories.is_valid_estimate(value)
        ):
            scale = ", ".join(str(p) for p in stories.STORY_POINT_SCALE)
            errors[field] = f"must be one of the story-point scale: {scale}"
        return value
    if field == "assignee":
        return _clean_assignee(errors, product, value)
    if field == "parent":
        return _clean_parent(errors, product, item, value)
    if field == "initiative":
        return _clean_initiative(errors, product, value)
    if field == "labels":
        return _clean_labels(errors, value)
    return value


def _check_status_change(errors: dict[str, str], item: Item | None, clean: dict[str, Any]) -> None:
    accepting = clean.get("status") == Status.ACCEPTED
    if accepting and item is not None and item.status not in (Status.DONE, Status.ACCEPTED):
        errors["status"] = "only a done item can be accepted"
    if (
        "status" not in errors
        and item is not None
        and clean.get("status", item.status) != item.status
    ):
        refusal = extensions.status_refusal(item, clean["status"])
        if refusal:
            errors["status"] = refusal


def _priority_errors(item: Item | None, clean: Mapping[str, Any]) -> dict[str, str]:
    given = {f: clean[f] for f in PRIORITY_FIELDS if f in clean and f != "moscow"}
    if not given:
        return {}
    for field, value in given.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            return {field: "must be a number"}
    if (given.get("reach") or 0) > REACH_MAX:
        return {"reach": f"must be at most {REACH_MAX:,}"}
    current = {f: getattr(item, f) if item else None for f in PRIORITY_FIELDS}
    current.update(given)
    current["moscow"] = None
    return scoring.validate_priority_inputs(scoring.PriorityInputs(**current))


def _clean_assignee(errors: dict[str, str], product: Product, value: Any) -> User | None:
    if value in (None, ""):
        return None
    user = User.objects.filter(email=str(value).strip().lower()).first()
    if user is None or not Membership.objects.filter(user=user, product=product).exists():
        errors["assignee"] = f"{value} is not a member of {product.key}"
        return None
    return user


def _clean_parent(
    errors: dict[str, str], product: Product, item: Item | None, value: Any
) -> Item | None:
    """The parent item itself; whether its kind fits is :func:`_check_hierarchy`'s call."""
    if value in (None, ""):
        return None
    parent = _item_in_product(product, str(value))
    if parent is None:
        errors["parent"] = f"{value} is not a live item of {product.key}"
        return None
    if item is not None and parent.pk == item.pk:
        errors["parent"] = "an item cannot be its own parent"
    return parent


HOLDS_SUBTASKS = (Kind.STORY, Kind.TASK, Kind.BUG, Kind.SPIKE)


def _check_hierarchy(
    errors: dict[str, str], product: Product, item: Item | None, clean: Mapping[str, Any]
) -> None:
    """As in Jira: epics above stories, tasks and bugs; sub-tasks under those, one level."""
    if "parent" in errors or not ({"kind", "parent"} & set(clean)):
        return
    kind = str(clean.get("kind", item.kind if item else Kind.STORY))
    parent: Item | None = clean.get("parent", item and item.parent)
    field = "parent" if "parent" in clean or item is None else "kind"
    if kind == Kind.SUBTASK:
        if parent is None:
            errors[field] = "a sub-task needs a parent story, task, bug or spike"
        elif parent.kind not in HOLDS_SUBTASKS:
            errors[field] = f"a sub-task's parent is a story, task, bug or spike, not {parent.key}"
    elif parent is not None and parent.kind != Kind.EPIC:
        errors[field] = f"{parent.key} is not an epic of {product.key}"
    if (
        "kind" in clean
        and "kind" not in errors
        and item is not None
        and kind not in HOLDS_SUBTASKS
        and item.children.filter(kind=Kind.SUBTASK, archived_at__isnull=True).exists()
    ):
        errors["kind"] = f"{item.key} has sub-tasks: only a story, task, bug or spike holds them"


def _clean_initiative(errors: dict[str, str], product: Product, value: Any) -> Initiative | None:
    if value in (None, ""):
        return None
    initiative = None
    if isinstance(value, int | str) and not isinstance(value, bool) and str(value).isdigit():
        initiative = Initiative.objects.filter(
            pk=int(value), product=product, archived_at__isnull=True
        ).first()
    if initiative is None:
        errors["initiative"] = f"{value} is not a live initiative of {product.key}"
    return initiative


def _clean_labels(errors: dict[str, str], value: Any) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors["labels"] = "must be a list of names"
        return []
    names = sorted({v.strip() for v in value if v.strip()})
    if any(len(n) > 50 for n in names):
        errors["labels"] = "a label is at most 50 characters"
    return names


def _item_in_product(product: Product, key: str) -> Item | None:
    prefix, _, number = key.strip().upper().rpartition("-")
    if prefix != product.key or not number.isdigit():
        return None
    return Item.objects.filter(
        product=product, number=int(number), archived_at__isnull=True
    ).first()
