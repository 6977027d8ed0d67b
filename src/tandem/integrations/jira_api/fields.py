"""Jira's field list, which fields a caller asked for, and Jira field values → Tandem changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tandem.backlog.models import Kind, MoSCoW
from tandem.core.jql import kind_for

from .http import JiraError
from .jql_values import PRIORITY_NAMES
from .shapes import (
    EPIC_LINK,
    ISSUE_FIELDS,
    KIND_BY_ID,
    NAVIGABLE,
    PRIORITY_BY_ID,
    SPRINT_FIELD,
    STORY_POINTS,
)

_SYSTEM = {
    "summary": ("Summary", "string", ["summary"]),
    "description": ("Description", "string", ["description"]),
    "issuetype": ("Issue Type", "issuetype", ["issuetype", "type"]),
    "status": ("Status", "status", ["status"]),
    "project": ("Project", "project", ["project"]),
    "assignee": ("Assignee", "user", ["assignee"]),
    "reporter": ("Reporter", "user", ["reporter"]),
    "creator": ("Creator", "user", ["creator"]),
    "labels": ("Labels", "array", ["labels"]),
    "priority": ("Priority", "priority", ["priority"]),
    "created": ("Created", "datetime", ["created", "createdDate"]),
    "updated": ("Updated", "datetime", ["updated", "updatedDate"]),
    "resolution": ("Resolution", "resolution", ["resolution"]),
    "resolutiondate": ("Resolved", "datetime", ["resolutiondate", "resolved"]),
    "parent": ("Parent", "issuelink", ["parent"]),
    "subtasks": ("Sub-Tasks", "array", ["subtasks"]),
    "comment": ("Comment", "comments-page", ["comment"]),
    "fixVersions": ("Fix Version/s", "array", ["fixVersion"]),
    "components": ("Component/s", "array", ["component"]),
}
_CUSTOM = {
    STORY_POINTS: (
        "Story Points",
        "number",
        "com.atlassian.jira.plugin.system.customfieldtypes:float",
    ),
    SPRINT_FIELD: ("Sprint", "array", "com.pyxis.greenhopper.jira:gh-sprint"),
    EPIC_LINK: ("Epic Link", "any", "com.pyxis.greenhopper.jira:gh-epic-link"),
}
# Names a caller may use instead of ids (the client's own aliases are ids already).
_BY_NAME = {
    **{name.lower(): fid for fid, (name, _, _) in _CUSTOM.items()},
    **{name.lower(): fid for fid, (name, _, _) in _SYSTEM.items()},
    "key": "",
    "id": "",
}


def field_list() -> list[dict[str, Any]]:
    system = [
        {
            "id": fid,
            "key": fid,
            "name": name,
            "custom": False,
            "orderable": True,
            "navigable": fid != "comment",
            "searchable": True,
            "clauseNames": clauses,
            "schema": {"type": kind, "system": fid},
        }
        for fid, (name, kind, clauses) in _SYSTEM.items()
    ]
    custom = [
        {
            "id": fid,
            "key": fid,
            "name": name,
            "custom": True,
            "orderable": True,
            "navigable": True,
            "searchable": True,
            "clauseNames": [f"cf[{fid.removeprefix('customfield_')}]", name],
            "schema": {
                "type": kind,
                "custom": plugin,
                "customId": int(fid.removeprefix("customfield_")),
            },
        }
        for fid, (name, kind, plugin) in _CUSTOM.items()
    ]
    return system + custom


def requested_fields(raw: Iterable[str]) -> tuple[str, ...]:
    """``*all``, ``*navigable``, ids or names, ``-field`` to leave one out; commas or repeats."""
    names = [n.strip() for part in raw for n in str(part).split(",") if n.strip()]
    if not names:
        return NAVIGABLE
    chosen: list[str] = []
    left_out: set[str] = set()
    for name in names:
        if name == "*all":
            chosen.extend(ISSUE_FIELDS)
        elif name == "*navigable":
            chosen.extend(NAVIGABLE)
        elif name.startswith("-"):
            left_out.add(_BY_NAME.get(name[1:].lower(), name[1:]))
        else:
            fid = _BY_NAME.get(name.lower(), name)
            if fid in ISSUE_FIELDS:
                chosen.append(fid)
    if not chosen and left_out:
        chosen = list(NAVIGABLE)
    return tuple(dict.fromkeys(f for f in chosen if f not in left_out))


def _named(value: Any, field: str) -> str:
    if isinstance(value, Mapping):
        for attribute in ("key", "name", "emailAddress", "value", "id"):
            if value.get(attribute) not in (None, ""):
                return str(value[attribute])
        raise JiraError(400, [], {field: "name the value by key, name or id"})
    return "" if value is None else str(value)


def _kind(value: Any) -> str:
    if isinstance(value, Mapping) and "id" in value and str(value["id"]) in KIND_BY_ID:
        return KIND_BY_ID[str(value["id"])]
    name = _named(value, "issuetype")
    kind = kind_for(name) or (name.lower() if name.lower() in Kind.values else None)
    if kind is None:
        raise JiraError(400, [], {"issuetype": f"'{name}' is not an issue type Tandem knows"})
    return kind


def _priority(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Mapping) and "id" in value and str(value["id"]) in PRIORITY_BY_ID:
        return PRIORITY_BY_ID[str(value["id"])]
    name = _named(value, "priority").strip().lower()
    for choice in MoSCoW:
        if name in (choice.value, str(choice.label).lower()):
            return str(choice.value)
    if name in PRIORITY_NAMES:
        return PRIORITY_NAMES[name]
    raise JiraError(400, [], {"priority": f"'{name}' is not a priority Tandem knows"})


def _points(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise JiraError(400, [], {STORY_POINTS: "must be a whole number of story points"})


def tandem_changes(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Jira field values → the backlog's item fields (``project`` and sprint handled apart)."""
    changes: dict[str, Any] = {}
    refused: dict[str, str] = {}
    for field, value in fields.items():
        if field in ("project", SPRINT_FIELD):
            continue
        if field == "summary":
            changes["title"] = value
        elif field == "description":
            changes["description"] = value or ""
        elif field == "issuetype":
            changes["kind"] = _kind(value)
        elif field == "assignee":
            changes["assignee"] = _named(value, field) or None
        elif field == "labels":
            changes["labels"] = value
        elif field == "priority":
            changes["moscow"] = _priority(value)
        elif field == STORY_POINTS:
            changes["estimate"] = _points(value)
        elif field in (EPIC_LINK, "parent"):
            changes["parent"] = _named(value, field) or None
        elif field == "status":
            refused[field] = "Change the status with a transition."
        else:
            refused[field] = (
                f"Field '{field}' cannot be set. It is not on the appropriate screen, or unknown."
            )
    if refused:
        raise JiraError(400, [], refused)
    return changes


def apply_update_operations(current_labels: list[str], update: Mapping[str, Any]) -> dict[str, Any]:
    """Jira's ``update`` verbs (``set``, and ``add``/``remove`` on labels) as plain field values."""
    fields: dict[str, Any] = {}
    for field, operations in update.items():
        if not isinstance(operations, list):
            raise JiraError(400, [], {field: "operations must be a list"})
        for operation in operations:
            if not isinstance(operation, Mapping) or len(operation) != 1:
                raise JiraError(400, [], {field: "each operation is one of set, add, remove"})
            verb, value = next(iter(operation.items()))
            if verb == "set":
                fields[field] = value
            elif field == "labels" and verb in ("add", "remove"):
                labels = list(fields.get("labels", current_labels))
                if verb == "add" and value not in labels:
                    labels.append(value)
                if verb == "remove" and value in labels:
                    labels.remove(value)
                fields["labels"] = labels
            else:
                raise JiraError(400, [], {field: f"'{verb}' is not supported on {field}"})
    return fields
