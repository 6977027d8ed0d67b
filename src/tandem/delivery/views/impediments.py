"""Blockers and impediments: the list, raising one, and one impediment's page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.backlog import selectors as backlog_selectors
from tandem.delivery import selectors, services
from tandem.delivery.lookups import impediment_of
from tandem.delivery.models import Impediment, ImpedimentKind
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.http import access_of, back_to, required_version

from .sprints import base_context, team_members

IMPEDIMENT_ACTIONS = frozenset({"update", "resolve", "reopen", "escalate", "archive", "restore"})


def _fields(post: QueryDict) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in ("kind", "description", "owner", "sprint"):
        if name in post:
            fields[name] = post.get(name, "").strip()
    if "items" in post:
        fields["items"] = post.get("items", "")
    return fields


def _form_choices(access: ProductAccess) -> dict[str, Any]:
    """What the impediment form offers: its kinds, who may own it, the sprints."""
    return {
        "kinds": ImpedimentKind.choices,
        "members": team_members(access),
        "sprints": selectors.sprint_choices(access=access),
    }


def _impediment_url(access: ProductAccess, impediment: Impediment) -> str:
    return reverse("delivery:impediment", args=[access.product.key, impediment.pk])


@login_required
@require_GET
def impediments(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    show = request.GET.get("show", "open")
    found = selectors.impediments_of(
        access=access, open_only=show == "open", archived=show == "archived"
    )
    context = base_context(
        access,
        impediments=found,
        show=show,
        **_form_choices(access),
        active=selectors.active_sprint(access=access),
        prefill_items=request.GET.get("items", ""),
    )
    return render(request, "delivery/impediments.html", context)


@login_required
@require_POST
def impediment_raise(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    impediment = services.impediment_raise(access=access, fields=_fields(request.POST))
    return back_to(
        request, _impediment_url(access, impediment), f"{impediment.get_kind_display()} raised."
    )


@login_required
@require_GET
def impediment_detail(request: HttpRequest, product_key: str, impediment_id: int) -> HttpResponse:
    access, impediment = impediment_of(request, product_key, impediment_id)
    context = base_context(
        access,
        impediment=impediment,
        **_form_choices(access),
        item_keys=" ".join(i.key for i in impediment.items.all()),
    )
    return render(request, "delivery/impediment.html", context)


@login_required
@require_POST
def impediment_action(
    request: HttpRequest, product_key: str, impediment_id: int, action: str
) -> HttpResponse:
    if action not in IMPEDIMENT_ACTIONS:
        raise NotFound("No such action.")
    access, impediment = impediment_of(request, product_key, impediment_id)
    if action == "update":
        services.impediment_update(
            access=access,
            impediment=impediment,
            changes=_fields(request.POST),
            expected_version=required_version(request.POST),
        )
        message = "Saved."
    elif action in ("resolve", "reopen"):
        services.impediment_resolve(
            access=access,
            impediment=impediment,
            resolution=request.POST.get("resolution", ""),
            expected_version=required_version(request.POST),
            reopen=action == "reopen",
        )
        message = "Resolved: its items can move again." if action == "resolve" else "Reopened."
    elif action == "escalate":
        services.impediment_escalate(
            access=access, impediment=impediment, note=request.POST.get("note", "")
        )
        message = "Escalated: it is in the Product Manager's decision queue."
    elif action == "archive":
        services.impediment_archive(access=access, impediment=impediment)
        message = "Archived. Find it under Archived to restore it."
    else:
        services.impediment_restore(access=access, impediment=impediment)
        message = "Restored."
    return back_to(request, _impediment_url(access, impediment), message)


@login_required
@require_POST
def dependency(request: HttpRequest, product_key: str, item_key: str, action: str) -> HttpResponse:
    """The item page's "waits on" list: add or remove what an item waits on."""
    if action not in ("add", "remove"):
        raise NotFound("No such action.")
    access = access_of(request, product_key)
    item = backlog_selectors.item_in_backlog(access=access, key=item_key)
    other_key = request.POST.get("blocked_by", "").strip()
    if not other_key:
        raise ValidationFailed({"blocked_by": "type the key of the item it waits on"})
    blocker = backlog_selectors.item_in_backlog(access=access, key=other_key)
    if action == "add":
        services.dependency_add(access=access, item=item, blocked_by=blocker)
        message = f"{item.key} now waits on {blocker.key}."
    else:
        services.dependency_remove(access=access, item=item, blocked_by=blocker)
        message = f"{item.key} no longer waits on {blocker.key}."
    return back_to(request, reverse("backlog:item", args=[item.key]), message)
