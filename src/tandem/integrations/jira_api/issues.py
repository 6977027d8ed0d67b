"""Issues: read, create, edit, transitions and comments (REST API v2).

Writes go through the backlog's services, so a team member's edit of a story's
content becomes a proposal for the Product Owner and a stakeholder cannot create
issues at all, exactly as in Tandem's own pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item, Status
from tandem.delivery import services as delivery_services
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Proposal
from tandem.workspace.rights import Action, Level

from . import selectors
from .fields import apply_update_operations, requested_fields, tandem_changes
from .http import JiraError, base_url, body_of, jira_view, user_of
from .shapes import (
    ISSUE_FIELDS,
    SPRINT_FIELD,
    STATUS_BY_TRANSITION,
    TRANSITION_IDS,
    comment_json,
    issue_json,
    issue_link,
    status_json,
)


def _issue_response(request: HttpRequest, access: ProductAccess, item: Item) -> JsonResponse:
    wanted = (
        requested_fields(request.GET.getlist("fields")) if "fields" in request.GET else ISSUE_FIELDS
    )
    fresh = backlog_selectors.item_of(access=access, number=item.number)
    sprints = selectors.sprints_by_item([fresh]).get(fresh.pk, [])
    return JsonResponse(issue_json(base_url(request), fresh, wanted, sprints))


def _fields_of(body: dict[str, Any]) -> dict[str, Any]:
    fields = body.get("fields") or {}
    if not isinstance(fields, dict):
        raise JiraError(400, [], {"fields": "must be an object"})
    return fields


def _put_in_sprint(access: ProductAccess, item: Item, value: Any) -> None:
    if value in (None, ""):
        return
    if isinstance(value, bool) or not str(value).isdigit():
        raise JiraError(400, [], {SPRINT_FIELD: "name the sprint by its id"})
    _, sprint = selectors.sprint_of(access.user, int(value))
    if sprint.product_id != access.product.pk:
        raise JiraError(400, [], {SPRINT_FIELD: "the sprint belongs to another project"})
    delivery_services.sprint_items_add(access=access, sprint=sprint, items=[item])


@jira_view("POST")
def issue_create(request: HttpRequest) -> JsonResponse:
    fields = _fields_of(body_of(request))
    project = fields.get("project")
    if not isinstance(project, dict) or not (project.get("key") or project.get("id")):
        raise JiraError(400, [], {"project": "project is required"})
    access = selectors.access_to_project(user_of(request), str(project.get("key") or project["id"]))
    changes = tandem_changes(fields)
    changes.setdefault("kind", "story")
    item = backlog_services.item_create(access=access, fields=changes)
    _put_in_sprint(access, item, fields.get(SPRINT_FIELD))
    return JsonResponse(issue_link(base_url(request), item), status=201)


def _comments_added(update: dict[str, Any]) -> list[str]:
    """Bodies of ``update.comment`` ``add`` operations, which edits and transitions may carry."""
    operations = update.pop("comment", [])
    if not isinstance(operations, list):
        raise JiraError(400, [], {"comment": "operations must be a list"})
    bodies = []
    for operation in operations:
        added = operation.get("add") if isinstance(operation, dict) else None
        if not isinstance(added, dict) or not isinstance(added.get("body"), str):
            raise JiraError(400, [], {"comment": 'add a comment as {"add": {"body": "..."}}'})
        bodies.append(added["body"])
    return bodies


def _update_of(body: dict[str, Any]) -> dict[str, Any]:
    update = body.get("update") or {}
    if not isinstance(update, dict):
        raise JiraError(400, [], {"update": "must be an object"})
    return dict(update)


def _item_update(
    access: ProductAccess, item: Item, changes: dict[str, Any]
) -> backlog_services.WriteOutcome:
    """Jira's protocol has no If-Match: the change names the version this request read, so
    each request is last-writer-wins, and a write between that read and the lock is a 409."""
    return backlog_services.item_update(
        access=access, item=item, changes=changes, expected_version=item.version
    )


def _issue_edit(request: HttpRequest, access: ProductAccess, item: Item) -> HttpResponse:
    body = body_of(request)
    fields = _fields_of(body)
    update = _update_of(body)
    added = _comments_added(update)
    fields = {**fields, **apply_update_operations(item.label_names, update)}
    for text in added:
        backlog_services.comment_add(access=access, item=item, body=text)
    changes = tandem_changes(fields)
    if changes:
        outcome = _item_update(access, item, changes)
        if outcome.proposal is not None:
            # Jira has no proposals: say where the change went and that it is not applied yet.
            return _done(outcome.proposal)
    if SPRINT_FIELD in fields:
        _put_in_sprint(access, item, fields[SPRINT_FIELD])
    return HttpResponse(status=204)


@jira_view("GET", "PUT", "DELETE")
def issue(request: HttpRequest, id_or_key: str) -> HttpResponse:
    access, item = selectors.issue_of(user_of(request), id_or_key)
    if request.method == "PUT":
        return _issue_edit(request, access, item)
    if request.method == "DELETE":
        # Tandem archives rather than deletes: the item can be restored from the backlog.
        outcome = backlog_services.item_archive(access=access, item=item)
        return _done(outcome.proposal)
    return _issue_response(request, access, item)


def _done(proposal: Proposal | None) -> HttpResponse:
    """204 as Jira answers; a change that became a proposal says which one."""
    response = HttpResponse(status=204)
    if proposal is not None:
        response["Tandem-Proposal"] = str(proposal.pk)
    return response


@jira_view("PUT")
def assignee(request: HttpRequest, id_or_key: str) -> HttpResponse:
    access, item = selectors.issue_of(user_of(request), id_or_key)
    changes = tandem_changes({"assignee": body_of(request) or None})
    outcome = _item_update(access, item, changes)
    return _done(outcome.proposal)


def _available(access: ProductAccess, item: Item) -> list[str]:
    """Every other status; accepting only for whoever may accept, and only once done."""
    statuses = [s for s in Status.values if s != item.status]
    if not (access.can(Action.ACCEPT, Level.DECIDE) and item.status == Status.DONE):
        statuses = [s for s in statuses if s != Status.ACCEPTED]
    return statuses


def _transition_of(body: dict[str, Any]) -> str:
    transition = body.get("transition")
    tid = str(transition.get("id", "")) if isinstance(transition, dict) else ""
    status = STATUS_BY_TRANSITION.get(tid)
    if status is None:
        raise JiraError(400, [f"Transition id '{tid}' is not valid for this issue."])
    return status


@jira_view("GET", "POST")
def transitions(request: HttpRequest, id_or_key: str) -> HttpResponse:
    access, item = selectors.issue_of(user_of(request), id_or_key)
    base = base_url(request)
    if request.method == "GET":
        shapes = [
            {
                "id": TRANSITION_IDS[status],
                "name": status_json(base, status)["name"],
                "to": status_json(base, status),
                "hasScreen": False,
                "isGlobal": True,
                "isInitial": False,
                "isConditional": False,
                "fields": {},
            }
            for status in _available(access, item)
        ]
        return JsonResponse({"expand": "transitions", "transitions": shapes})
    body = body_of(request)
    status = _transition_of(body)
    changes = {**tandem_changes(_fields_of(body)), "status": status}
    added = _comments_added(_update_of(body))
    _item_update(access, item, changes)
    for text in added:
        backlog_services.comment_add(access=access, item=item, body=text)
    return HttpResponse(status=204)


@jira_view("GET", "POST")
def comments(request: HttpRequest, id_or_key: str) -> JsonResponse:
    access, item = selectors.issue_of(user_of(request), id_or_key)
    base = base_url(request)
    if request.method == "POST":
        text = body_of(request).get("body")
        if not isinstance(text, str):
            raise JiraError(400, [], {"body": "Comment body can not be empty!"})
        comment = backlog_services.comment_add(access=access, item=item, body=text)
        return JsonResponse(comment_json(base, item, comment), status=201)
    shapes = [comment_json(base, item, c) for c in backlog_selectors.comments_of(item=item)]
    return JsonResponse(
        {"startAt": 0, "maxResults": len(shapes), "total": len(shapes), "comments": shapes}
    )


@jira_view("GET")
def comment(request: HttpRequest, id_or_key: str, comment_id: int) -> JsonResponse:
    _, item = selectors.issue_of(user_of(request), id_or_key)
    found = backlog_selectors.comments_of(item=item).filter(pk=comment_id).first()
    if found is None:
        raise JiraError(404, [f"Can not find a comment for the id: {comment_id}."])
    return JsonResponse(comment_json(base_url(request), item, found))
