"""An item's history in words: one line per audited change, as people would say it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tandem.workspace.models import Event

from .backlog import field_label, show_value

_PHRASES = {
    "item.created": "created the item",
    "item.updated": "changed",
    "item.archived": "archived the item",
    "item.restored": "restored the item",
    "item.change_proposed": "proposed a change",
    "item.move_proposed": "proposed a move",
    "proposal.accepted": "accepted a proposal",
    "proposal.declined": "declined a proposal",
    "criterion.added": "added a criterion",
    "criterion.updated": "edited a criterion",
    "criterion.removed": "removed a criterion",
    "criterion.checked": "ticked off a criterion",
    "criterion.unchecked": "unticked a criterion",
    "comment.added": "commented",
    "comment.archived": "removed a comment",
    "link.added": "added a link",
    "link.removed": "removed a link",
}


@dataclass(frozen=True)
class HistoryLine:
    actor: str
    at: datetime
    phrase: str
    detail: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _where(after: dict[str, Any]) -> str:
    if "position" in after:
        return f"to the {after['position']}"
    if "before" in after:
        return f"above {after['before']}"
    if "after" in after:
        return f"below {after['after']}"
    return ""


def history_line(event: Event) -> HistoryLine:
    before, after = event.before or {}, event.after or {}
    actor = event.actor.display_name if event.actor else "Tandem"
    label = event.object_label.partition(": ")[2]
    changes: list[tuple[str, str, str]] = []
    phrase = _PHRASES.get(event.verb, event.verb.replace(".", " ").replace("_", " "))
    detail = ""
    if event.verb == "item.moved":
        phrase = f"moved it {_where(after)}"
    elif event.verb == "item.move_proposed":
        phrase = f"proposed to move it {_where(after)}"
    elif event.verb == "item.updated":
        changes = [
            (field_label(f), show_value(before.get(f)), show_value(after.get(f)))
            for f in after
            if f not in ("rice_score", "wsjf_score", "value_effort_score")
        ]
    elif event.verb == "item.change_proposed":
        changes = [(field_label(f), "", show_value(v)) for f, v in after.items()]
    elif event.verb == "proposal.declined":
        detail = after.get("reason", "")
    elif event.verb.startswith(("criterion.", "comment.", "link.")):
        detail = label
    return HistoryLine(actor, event.created_at, phrase, detail, changes)
