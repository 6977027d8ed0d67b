"""An item's place among others: its epic (the epic menu) and its sub-tasks (the checklist)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.backlog import selectors, services
from tandem.backlog.models import Kind, Status
from tandem.workspace.http import (
    HtmxHttpRequest,
    access_of,
    back_to,
    current_user,
    htmx_response,
    is_partial,
    required_version,
    toast,
)

from ._common import fragments
from .item import item_context, item_page


@login_required
@require_GET
def epic_search(request: HtmxHttpRequest, product_key: str) -> HttpResponse:
    """The epic field's suggestions: a few epics matching what was typed (key or title words)."""
    access = access_of(request, product_key)
    typed = request.GET.get("q", request.GET.get("parent", ""))[:200]
    exclude = request.GET.get("exclude", "")
    epics = selectors.epic_matches(
        access=access, text=typed, exclude=int(exclude) if exclude.isdigit() else None
    )
    return render(request, "backlog/_epic_options.html", {"epics": epics})


def _checklist(request: HtmxHttpRequest, key: str, message: str) -> HttpResponse:
    if not is_partial(request):
        return back_to(request, reverse("backlog:item", args=[key]), message)
    access, item = item_page(request, key)
    html = fragments(request, item_context(access, item), "backlog/_item_subtasks.html")
    return htmx_response(html + toast(request, message))


@login_required
@require_POST
def subtask_add(request: HtmxHttpRequest, item_key: str) -> HttpResponse:
    """Add a sub-task under this item, at the bottom of the backlog's order."""
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    subtask = services.item_create(
        access=access,
        fields={"title": request.POST.get("title", ""), "kind": Kind.SUBTASK, "parent": item.key},
    )
    return _checklist(request, item.key, f"Added {subtask.key} under {item.key}.")


@login_required
@require_POST
def subtask_check(request: HtmxHttpRequest, item_key: str, subtask_key: str) -> HttpResponse:
    """Tick a sub-task done, or untick it back to new; a stale tick merges like any edit."""
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    _, subtask = selectors.item_by_key(user=current_user(request), key=subtask_key)
    if subtask.parent_id != item.pk:
        return back_to(request, reverse("backlog:item", args=[item.key]))
    done = request.POST.get("done") in ("1", "on", "true")
    services.item_update(
        access=access,
        item=subtask,
        changes={"status": Status.DONE if done else Status.NEW},
        expected_version=required_version(request.POST),
    )
    state = "done" if done else "not done"
    return _checklist(request, item.key, f"{subtask.key} is {state}.")
