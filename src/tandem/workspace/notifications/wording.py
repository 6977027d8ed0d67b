"""Audit events in words for people: "Ana accepted DRN-42 'Battery saver'".

One wording for every place that shows what happened: the bell, the notifications
page, the e-mails and digests, and the home pages' recent activity. Lines are grouped
by record and alike lines are counted ("linked feedback to it (8 times)"), never
repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import Event
from . import targets

# Fields that say nothing to a reader when they change on their own.
_QUIET_FIELDS = frozenset({"rank", "version", "updated_at"})
_STATUS_WORDS = {
    "new": "New",
    "ready": "Ready",
    "in_progress": "In progress",
    "done": "Done",
    "accepted": "accepted",
    "declined": "declined",
    "now": "Now",
    "next": "Next",
    "later": "Later",
}
# Whole verbs whose words do not follow from their parts.
_VERBS = {
    "membership.added": "added a member to",
    "membership.removed": "removed a member from",
    "test_cases.generated": "generated test cases for",
    "backlog.seeded": "seeded",
}
_PLAIN = {
    "accepted": "accepted",
    "rejected": "rejected",
    "archived": "archived",
    "restored": "restored",
    "started": "started",
    "closed": "closed",
    "reopened": "reopened",
    "shipped": "shipped",
    "escalated": "escalated",
    "resolved": "resolved",
    "moved": "moved",
    "created": "added",
    "raised": "raised",
    "voted": "voted for",
    "unvoted": "took back a vote for",
    "feedback_linked": "linked feedback to",
    "dependency_added": "added a dependency to",
    "dependency_removed": "removed a dependency from",
    "item_removed": "took an item out of",
    "shared": "shared",
    "share_revoked": "stopped sharing",
    "checked_in": "checked in on",
    "answered": "received an answer on",
}


@dataclass(frozen=True)
class Said:
    """One event in words: ``phrase`` is what was done, completed by the record's name."""

    actor: str
    phrase: str  # "accepted", "asked a question on", "changed the status of"
    detail: str = ""  # "to In progress", ": not tested on Android"

    def about(self, record: str) -> str:
        return f"{self.actor} {self.phrase} {record}{self.detail}"


def _status(value: Any) -> str:
    return _STATUS_WORDS.get(str(value), str(value).replace("_", " "))


def _fields(names: Iterable[str]) -> str:
    words = [name.replace("_", " ") for name in names]
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + f" and {words[-1]}"


def _updated(event: Event, readable: frozenset[str] | None) -> tuple[str, str] | None:
    after = event.after or {}
    changed = [n for n in after if n not in _QUIET_FIELDS]
    if readable is not None:
        changed = [n for n in changed if n in readable]
    if not changed:
        return None
    if event.object_type == "idea" and "status" in changed and after["status"] != "proposed":
        reason = after.get("decline_reason")
        return _status(after["status"]), f": {reason}" if reason else ""
    if changed == ["status"]:
        return "moved", f" to {_status(after['status'])}"
    if changed == ["assignee"]:
        who = after.get("assignee")
        return ("assigned", f" to {str(who).split('@')[0]}") if who else ("unassigned", "")
    return f"changed the {_fields(changed)} of", ""


def _comment(event: Event) -> tuple[str, str]:
    after = event.after or {}
    if after.get("reply_to"):
        return "answered a question on", ""
    if after.get("question"):
        return "asked a question on", ""
    return "commented on", ""


def _impediment(event: Event, action: str) -> tuple[str, str]:
    """Shown under each item it names ("raised a blocker on DRN-42"), else on its own."""
    after = event.after or {}
    if not after.get("items"):
        return action, ""
    kind = "a blocker" if after.get("kind") == "blocker" else "an impediment"
    return f"{action} {kind} on", f": {after['description']}" if after.get("description") else ""


def _phrase(event: Event, readable: frozenset[str] | None) -> tuple[str, str] | None:
    noun, _, action = event.verb.partition(".")
    after = event.after or {}
    if event.verb == "comment.added":
        return _comment(event)
    if event.verb in _VERBS:
        return _VERBS[event.verb], ""
    if noun not in (event.object_type, "proposal", "impediment") and "_proposed" not in action:
        # A part of the record changed (a test case of an item, a criterion): say which.
        done = "changed" if action == "updated" else _PLAIN.get(action, action.replace("_", " "))
        return f"{done} a {noun.replace('_', ' ')} on", ""
    if action == "updated":
        return _updated(event, readable)
    if noun == "impediment" and action in {"raised", "resolved", "escalated"}:
        phrase, where = _impediment(event, action)
        return phrase, where
    if noun == "proposal":
        reason = after.get("reason")
        return f"{action} a proposal on", f": {reason}" if reason else ""
    if action.endswith("_proposed"):
        return f"proposed to {action.removesuffix('_proposed').replace('_', ' ')}", ""
    if event.verb == "item.rejected":
        return "rejected", f": {after['reason']}" if after.get("reason") else ""
    if action == "moved" and after.get("horizon"):
        return "moved", f" to {_status(after['horizon'])}"
    return _PLAIN.get(action, action.replace("_", " ")), ""


def say(event: Event, readable: frozenset[str] | None = None) -> Said | None:
    """The event in words, or None when nothing the reader may read changed.

    ``readable`` is the fields of the record this reader may read (None: all).
    """
    phrase = _phrase(event, readable)
    if phrase is None:
        return None
    actor = event.actor.display_name if event.actor_id and event.actor else "Tandem"
    return Said(actor=actor, phrase=phrase[0], detail=phrase[1])


@dataclass
class Line:
    said: Said
    count: int = 1
    latest: Any = None  # when the newest of these happened

    @property
    def text(self) -> str:
        times = f" ({self.count} times)" if self.count > 1 else ""
        return f"{self.said.actor} {self.said.phrase} it{self.said.detail}{times}"


@dataclass
class Group:
    """Everything said about one record, newest first, alike lines counted once."""

    object_type: str
    object_id: int
    label: str
    url: str
    lines: list[Line] = field(default_factory=list)
    unread: int = 0
    ids: list[int] = field(default_factory=list)  # the notifications shown here

    @property
    def latest(self) -> Any:
        return self.lines[0].latest if self.lines else None

    @property
    def headline(self) -> str:
        """The newest line about the record, with its name: for an e-mail subject."""
        if not self.lines:
            return self.label
        line = self.lines[0]
        return line.said.about(self.label) + (f" (+{line.count - 1})" if line.count > 1 else "")


def _label(event: Event, named: targets.Named | None) -> str:
    if named is not None:
        return named.label
    return f"{targets.spoken(event.object_type)} '{event.object_label}'"


def group(
    events: Sequence[Event],
    *,
    speak: Callable[[Event], Said | None] = say,
    where: Callable[[Event], tuple[str, int]] | None = None,
    unread: Callable[[Event], bool] | None = None,
) -> list[Group]:
    """Events (newest first) grouped by record, each group's alike lines counted once.

    ``where`` names the record an event is shown under (its own by default);
    ``speak`` words an event for its reader (leaving out the fields they may not read).
    """
    place = where or (lambda e: (e.object_type, e.object_id))
    names = targets.named({place(e) for e in events})
    groups: dict[tuple[str, int], Group] = {}
    for event in events:
        said = speak(event)
        if said is None:
            continue
        key = place(event)
        found = names.get(key)
        bucket = groups.get(key)
        if bucket is None:
            bucket = groups[key] = Group(
                key[0], key[1], _label(event, found), found.url if found else ""
            )
        if unread is not None and unread(event):
            bucket.unread += 1
        same = next((line for line in bucket.lines if line.said == said), None)
        if same is not None:
            same.count += 1
        else:
            bucket.lines.append(Line(said=said, latest=event.created_at))
    return sorted(groups.values(), key=lambda g: g.latest, reverse=True)


def mentioned(event: Event) -> Said | None:
    """The line a mentioned person reads, whatever the write that mentioned them."""
    said = say(event)
    actor = said.actor if said is not None else "Someone"
    return Said(actor=actor, phrase="mentioned you on")
