"""Plain-data views of backlog rows, for the audit log and for proposals."""

from __future__ import annotations

from typing import Any

from tandem.backlog.models import AcceptanceCriterion, Item

CONTENT_FIELDS = ("title", "as_a", "i_want", "so_that", "description", "kind")
PRIORITY_FIELDS = (
    "value",
    "effort",
    "reach",
    "impact",
    "confidence",
    "rice_effort",
    "business_value",
    "time_criticality",
    "risk_reduction",
    "job_size",
    "moscow",
)
WORK_FIELDS = ("status", "estimate", "assignee", "labels")
RELATION_FIELDS = ("parent", "initiative")
EDITABLE_FIELDS = frozenset(CONTENT_FIELDS + PRIORITY_FIELDS + WORK_FIELDS + RELATION_FIELDS)


def item_snapshot(item: Item) -> dict[str, Any]:
    """The item's editable state as JSON-ready values (people by e-mail, items by key)."""
    data: dict[str, Any] = {f: getattr(item, f) for f in CONTENT_FIELDS + PRIORITY_FIELDS}
    data["status"] = item.status
    data["estimate"] = item.estimate
    data["assignee"] = item.assignee.email if item.assignee_id and item.assignee else None
    data["parent"] = item.parent.key if item.parent_id and item.parent else None
    data["initiative"] = item.initiative_id
    data["labels"] = sorted(label.name for label in item.labels.all()) if item.pk else []
    return data


def criterion_snapshot(criterion: AcceptanceCriterion) -> dict[str, Any]:
    return {
        "position": criterion.position,
        "text": criterion.text,
        "given": criterion.given,
        "when": criterion.when,
        "then": criterion.then,
        "is_met": criterion.is_met,
    }
