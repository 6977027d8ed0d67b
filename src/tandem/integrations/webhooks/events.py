"""The events a webhook may subscribe to: the audit verbs Tandem writes.

The registry knows every record type's plain verbs (``initiative.created`` …);
the real verbs of the backlog and delivery are declared here.
"""

from __future__ import annotations

from collections.abc import Iterable

from tandem.workspace import registry

ALL = "*"

DECLARED_VERBS = (
    "item.created",
    "item.updated",
    "item.moved",
    "item.placed",
    "item.unplaced",
    "item.archived",
    "item.restored",
    "item.accepted",
    "item.rejected",
    "item.dependency_added",
    "item.dependency_removed",
    "item.feedback_linked",
    "comment.added",
    "comment.archived",
    "criterion.checked",
    "link.added",
    "link.removed",
    "board.column_updated",
    "sprint.created",
    "sprint.updated",
    "sprint.started",
    "sprint.closed",
    "sprint.reopened",
    "release.created",
    "release.updated",
    "release.shipped",
    "review.updated",
    "decision.escalated",
    "initiative.moved",
    "feedback.imported",
    "import.completed",
    "measurements.recorded",
    "survey.answered",
    "membership.added",
    "membership.removed",
    "code_link.created",
)


def known_events() -> list[str]:
    verbs = {f"{kind.name}.{verb}" for kind in registry.all_types() for verb in kind.verbs}
    return sorted(verbs | set(DECLARED_VERBS))


def unknown_events(events: Iterable[str]) -> list[str]:
    known = set(known_events()) | {ALL}
    return [event for event in events if event not in known]
