"""Jira sprint values in both forms a search returns them.

Modern: ``{"id": 37, "name": "Sprint 1", "state": "closed", "boardId": 4,
"startDate": "…", "endDate": "…", "completeDate": "…", "goal": "…"}``.
Legacy (Jira Server before 8, and old exports): a string
``com.atlassian.greenhopper.service.sprint.Sprint@1a2b[id=1,rapidViewId=4,
state=CLOSED,name=Sprint 1,goal=,startDate=2016-01-04T10:00:00.000Z,…]``
whose name and goal may themselves hold commas.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from .base import ImportedSprint
from .values import iso_datetime

LEGACY_PREFIX = "com.atlassian.greenhopper.service.sprint.Sprint@"
_LEGACY_KEYS = (
    "id",
    "rapidViewId",
    "state",
    "name",
    "goal",
    "startDate",
    "endDate",
    "completeDate",
    "activatedDate",
    "sequence",
    "autoStartStop",
    "synced",
    "incompleteIssuesDestinationId",
)
_LEGACY_FIELD = re.compile(r"(\w+)=(.*?)(?=,(?:" + "|".join(_LEGACY_KEYS) + r")=|\]$)", re.DOTALL)


def is_sprint_value(value: Any) -> bool:
    """Whether a custom field's value looks like a list of sprints (either form)."""
    if not isinstance(value, list) or not value:
        return False
    first = value[0]
    if isinstance(first, str):
        return first.startswith(LEGACY_PREFIX)
    return isinstance(first, dict) and "state" in first and "name" in first and "id" in first


def sprint_from_object(value: dict[str, Any]) -> ImportedSprint:
    """A sprint from its JSON object; raises ValueError for a missing id or a bad date."""
    identifier = value.get("id")
    if identifier is None or identifier == "":
        raise ValueError("a sprint without an id")
    return ImportedSprint(
        external_id=str(identifier),
        name=str(value.get("name") or ""),
        state=str(value.get("state") or "").lower(),
        start=_moment(value.get("startDate")),
        end=_moment(value.get("endDate")),
        completed=_moment(value.get("completeDate")),
        goal=str(value.get("goal") or ""),
        board_id=str(value.get("boardId") or value.get("originBoardId") or ""),
    )


def sprint_from_legacy(text: str) -> ImportedSprint:
    """A sprint from the legacy ``Sprint@…[id=…,…]`` string; raises ValueError if unreadable."""
    start = text.find("[")
    if not text.startswith(LEGACY_PREFIX) or start < 0 or not text.endswith("]"):
        raise ValueError(f"{text[:60]!r} is not a Jira sprint")
    values = {
        key: (None if value == "<null>" else value)
        for key, value in _LEGACY_FIELD.findall(text[start + 1 :])
    }
    return sprint_from_object(
        {
            "id": values.get("id"),
            "name": values.get("name"),
            "state": values.get("state"),
            "goal": values.get("goal"),
            "startDate": values.get("startDate"),
            "endDate": values.get("endDate"),
            "completeDate": values.get("completeDate"),
            "boardId": values.get("rapidViewId"),
        }
    )


def _moment(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    return iso_datetime(value)
