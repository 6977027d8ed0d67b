"""Tandem's records in Jira's JSON: names, ids and nesting as Jira Server answers them.

Ids are Tandem's own primary keys; ``self`` links are absolute, built from the
address the client used, because the ``jira`` client follows them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from tandem.backlog.models import Comment, Item, Kind, MoSCoW, Status
from tandem.delivery.models import Sprint, SprintState
from tandem.workspace.models import Product, User, display_name

API = "/rest/api/2"
AGILE = "/rest/agile/1.0"

STATUS_IDS = {status.value: str(index) for index, status in enumerate(Status, start=1)}
TRANSITION_IDS = {status.value: str(index * 10 + 1) for index, status in enumerate(Status, start=1)}
STATUS_BY_TRANSITION = {tid: status for status, tid in TRANSITION_IDS.items()}
KIND_IDS = {kind.value: str(index) for index, kind in enumerate(Kind, start=1)}
KIND_BY_ID = {kid: kind for kind, kid in KIND_IDS.items()}
PRIORITY_IDS = {choice.value: str(index) for index, choice in enumerate(MoSCoW, start=1)}
PRIORITY_BY_ID = {pid: choice for choice, pid in PRIORITY_IDS.items()}
SPRINT_STATES = {
    SprintState.PLANNED: "future",
    SprintState.ACTIVE: "active",
    SprintState.CLOSED: "closed",
}
_CATEGORIES = {
    Status.NEW: (2, "new", "blue-gray", "To Do"),
    Status.READY: (2, "new", "blue-gray", "To Do"),
    Status.IN_PROGRESS: (4, "indeterminate", "yellow", "In Progress"),
    Status.DONE: (3, "done", "green", "Done"),
    Status.ACCEPTED: (3, "done", "green", "Done"),
}

# Tandem's fields under Jira's ids; the custom ones name what Jira keeps in plug-ins.
STORY_POINTS = "customfield_10002"
SPRINT_FIELD = "customfield_10007"
EPIC_LINK = "customfield_10008"
ISSUE_FIELDS = (
    "summary", "description", "issuetype", "status", "project", "assignee", "reporter",
    "creator", "labels", "priority", "created", "updated", "resolution", "resolutiondate",
    "parent", "subtasks", "comment", "fixVersions", "components",
    STORY_POINTS, SPRINT_FIELD, EPIC_LINK,
)  # fmt: skip
NAVIGABLE = tuple(f for f in ISSUE_FIELDS if f != "comment")


def jira_time(moment: datetime | date | None) -> str | None:
    """``2026-03-16T04:22:37.461+0000``, Jira's timestamp form."""
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        moment = timezone.make_aware(datetime.combine(moment, time()))
    local = timezone.localtime(moment)
    millis = f"{local.microsecond // 1000:03d}"
    return local.strftime("%Y-%m-%dT%H:%M:%S.") + millis + local.strftime("%z")


def user_json(base: str, user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {
        "self": f"{base}{API}/user?username={user.email}",
        "key": user.email,
        "name": user.email,
        "emailAddress": user.email,
        "displayName": display_name(user.email, user.name),
        "active": user.is_active,
        "timeZone": timezone.get_current_timezone_name(),
        "avatarUrls": {},
    }


def status_json(base: str, status: str) -> dict[str, Any]:
    category_id, key, colour, name = _CATEGORIES[Status(status)]
    return {
        "self": f"{base}{API}/status/{STATUS_IDS[status]}",
        "id": STATUS_IDS[status],
        "name": str(Status(status).label),
        "description": "",
        "iconUrl": "",
        "statusCategory": {
            "self": f"{base}{API}/statuscategory/{category_id}",
            "id": category_id,
            "key": key,
            "colorName": colour,
            "name": name,
        },
    }


def issuetype_json(base: str, kind: str) -> dict[str, Any]:
    return {
        "self": f"{base}{API}/issuetype/{KIND_IDS[kind]}",
        "id": KIND_IDS[kind],
        "name": str(Kind(kind).label),
        "description": "",
        "iconUrl": "",
        "subtask": kind == "subtask",
    }


def priority_json(base: str, moscow: str) -> dict[str, Any] | None:
    if not moscow:
        return None
    return {
        "self": f"{base}{API}/priority/{PRIORITY_IDS[moscow]}",
        "id": PRIORITY_IDS[moscow],
        "name": str(MoSCoW(moscow).label),
    }


def project_json(base: str, product: Product, *, full: bool = False) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "self": f"{base}{API}/project/{product.pk}",
        "id": str(product.pk),
        "key": product.key,
        "name": product.name,
        "projectTypeKey": "software",
        "avatarUrls": {},
    }
    if full:
        shape["expand"] = "description,lead,issueTypes,url,projectKeys"
        shape["description"] = getattr(product, "description", "") or ""
        shape["issueTypes"] = [issuetype_json(base, kind) for kind in Kind.values]
        shape["components"] = []
        shape["versions"] = []
    return shape


def issue_link(base: str, item: Item) -> dict[str, Any]:
    return {"id": str(item.pk), "key": item.key, "self": f"{base}{API}/issue/{item.pk}"}


def sprint_json(base: str, sprint: Sprint) -> dict[str, Any]:
    return {
        "id": sprint.pk,
        "self": f"{base}{AGILE}/sprint/{sprint.pk}",
        "state": SPRINT_STATES[SprintState(sprint.state)],
        "name": sprint.name,
        "startDate": jira_time(sprint.started_at or sprint.starts_on),
        "endDate": jira_time(sprint.ends_on),
        "completeDate": jira_time(sprint.closed_at),
        "originBoardId": sprint.product_id,
        "goal": sprint.goal,
    }


def comment_json(base: str, item: Item, comment: Comment) -> dict[str, Any]:
    author = user_json(base, comment.author)
    return {
        "self": f"{base}{API}/issue/{item.pk}/comment/{comment.pk}",
        "id": str(comment.pk),
        "author": author,
        "updateAuthor": author,
        "body": comment.body,
        "created": jira_time(comment.created_at),
        "updated": jira_time(comment.created_at),
    }


def _comments(base: str, item: Item) -> dict[str, Any]:
    comments = [comment_json(base, item, c) for c in item.comments.all() if c.archived_at is None]
    return {"comments": comments, "maxResults": len(comments), "total": len(comments), "startAt": 0}


def _parent(base: str, item: Item) -> dict[str, Any] | None:
    parent = item.parent
    if parent is None:
        return None
    return {
        **issue_link(base, parent),
        "fields": {
            "summary": parent.title,
            "status": status_json(base, parent.status),
            "issuetype": issuetype_json(base, parent.kind),
        },
    }


def _is_done(item: Item) -> bool:
    return item.status in (Status.DONE, Status.ACCEPTED)


FieldValue = Callable[[str, Item, list[Sprint]], Any]
_FIELD_VALUES: dict[str, FieldValue] = {
    "summary": lambda base, item, sprints: item.title,
    "description": lambda base, item, sprints: item.description or None,
    "issuetype": lambda base, item, sprints: issuetype_json(base, item.kind),
    "status": lambda base, item, sprints: status_json(base, item.status),
    "project": lambda base, item, sprints: project_json(base, item.product),
    "assignee": lambda base, item, sprints: user_json(base, item.assignee),
    "reporter": lambda base, item, sprints: user_json(base, item.created_by),
    "creator": lambda base, item, sprints: user_json(base, item.created_by),
    "labels": lambda base, item, sprints: item.label_names,
    "priority": lambda base, item, sprints: priority_json(base, item.moscow),
    "created": lambda base, item, sprints: jira_time(item.created_at),
    "updated": lambda base, item, sprints: jira_time(item.updated_at),
    "resolution": lambda base, item, sprints: (
        {"id": "1", "name": "Done"} if _is_done(item) else None
    ),
    "resolutiondate": lambda base, item, sprints: (
        jira_time(item.updated_at) if _is_done(item) else None
    ),
    "parent": lambda base, item, sprints: _parent(base, item),
    "comment": lambda base, item, sprints: _comments(base, item),
    "subtasks": lambda base, item, sprints: [],
    "fixVersions": lambda base, item, sprints: [],
    "components": lambda base, item, sprints: [],
    STORY_POINTS: lambda base, item, sprints: item.estimate,
    SPRINT_FIELD: lambda base, item, sprints: [sprint_json(base, s) for s in sprints] or None,
    EPIC_LINK: lambda base, item, sprints: item.parent.key if item.parent is not None else None,
}


def issue_json(
    base: str, item: Item, fields: Collection[str] = NAVIGABLE, sprints: list[Sprint] | None = None
) -> dict[str, Any]:
    """One issue; ``fields`` are Jira field ids, in the order the caller asked."""
    return {
        "expand": "renderedFields,names,schema,transitions,operations,editmeta,changelog",
        **issue_link(base, item),
        "fields": {name: _FIELD_VALUES[name](base, item, sprints or []) for name in fields},
    }
