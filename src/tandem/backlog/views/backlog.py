"""The ranked backlog: filters, keyset pages, quick add, drag-and-drop moves, proposals."""

from __future__ import annotations

from typing import Any, Literal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import push_url, reswap

from tandem.backlog import extensions, selectors, services
from tandem.backlog.filter_params import clean_query, filters_from_query, page_query
from tandem.backlog.models import AcceptanceCriterion, MoSCoW, SavedView
from tandem.backlog.selectors import ItemProposal
from tandem.backlog.selectors.progress import attach_progress
from tandem.backlog.services.proposing import ItemOperation
from tandem.backlog.services.snapshots import item_snapshot
from tandem.backlog.story_map.selectors import map_place_words
from tandem.core.scoring import Quadrant
from tandem.workspace.access import ProductAccess
from tandem.workspace.http import (
    HtmxHttpRequest,
    access_of,
    back_to,
    current_user,
    form_version,
    htmx_response,
    is_partial,
    toast,
)
from tandem.workspace.rights import Action, Level
from tandem.workspace.selectors import people_of

from ._common import Rights, choices_context, fragments, prepare_rows
from ._menus import filter_menus
from ._views import view_choices

SORT_CHOICES = (
    ("rank", "Rank"),
    ("rice", "RICE score"),
    ("wsjf", "WSJF score"),
    ("value_effort", "Value ÷ effort"),
    ("newest", "Newest"),
    ("updated", "Recently updated"),
)


def _saved_jql(access: ProductAccess, query: QueryDict) -> str | None:
    """The JQL typed in the box, else the saved Jira filter picked in the menu."""
    typed = query.get("jql", "").strip()
    saved = query.get("saved", "")
    if typed or not saved:
        return typed or None
    picked = [s.query for s in extensions.saved_queries(access) if str(s.id) == saved]
    return picked[0] if picked else None


def _view_and_query(access: ProductAccess, query: QueryDict) -> tuple[SavedView | None, QueryDict]:
    """The saved view picked (``view=ID``) and the filters in force: the view's, then the page's."""
    query = page_query(query)
    raw = query.get("view", "")
    if not raw.isdigit():
        return None, query
    view = selectors.saved_view_of(access=access, view_id=int(raw))
    given = query.copy()
    given.pop("view", None)
    given.pop("cursor", None)
    return view, selectors.view_query(view, given)


def _filters(query: QueryDict, access: ProductAccess) -> selectors.BacklogFilters:
    return filters_from_query(query, jql=_saved_jql(access, query))


def row_context(access: ProductAccess, *, sortable: bool = True) -> dict[str, Any]:
    rights = Rights.of(access)
    return {"access": access, "rights": rights, "sortable": sortable, **choices_context()}


@login_required
@require_GET
def backlog_list(request: HtmxHttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    view, in_force = _view_and_query(access, request.GET)
    filters = _filters(in_force, access)
    cursor = request.GET.get("cursor") or None
    page = selectors.backlog_page(access=access, filters=filters, cursor=cursor)
    prepare_rows(page.items)
    attach_progress(access, page.items)
    query = clean_query(in_force)
    list_url = reverse("backlog:list", args=[access.product.key])
    context = {
        **row_context(access, sortable=filters.sort == "rank"),
        "product": access.product,
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "filtered": bool(set(query) - {"sort"}),
        "list_url": list_url,
        "view": view,
    }
    if is_partial(request) and cursor:
        return htmx_response(
            fragments(request, context, "backlog/_rows.html", oob=["backlog/_load_more.html"])
        )
    if is_partial(request):
        response = htmx_response(fragments(request, context, "backlog/_list.html"))
        return push_url(response, f"{list_url}?{context['query']}" if query else list_url)
    labels = selectors.labels_of(access=access)
    context |= {
        "labels": labels,
        "filter_menus": filter_menus(
            filters,
            labels=labels,
            people=people_of(access=access),
            epics=selectors.epic_choices(access=access),
        ),
        "moscow_choices": MoSCoW.choices,
        "quadrant_choices": [(q.value, q.label) for q in Quadrant],
        "sort_choices": SORT_CHOICES,
        "proposals_waiting": selectors.pending_proposals(access=access).count(),
        "saved_queries": extensions.saved_queries(access),
        "selected_saved": request.GET.get("saved", ""),
        "saved_views": (choices := view_choices(access)),
        "current_view": next((c for c in choices if view and c.id == view.pk), None),
        "can_share_views": access.can(Action.BACKLOG, Level.PROPOSE),
        "jql_in_force": in_force.get("jql", ""),
    }
    return render(request, "backlog/backlog.html", context)


@login_required
@require_POST
def quick_add(request: HtmxHttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    position: Literal["top", "bottom"] = (
        "top" if request.POST.get("position") == "top" else "bottom"
    )
    item = services.item_quick_add(
        access=access, text=request.POST.get("text", ""), position=position
    )
    where = "the top" if position == "top" else "the bottom"
    what = "a story with its three parts" if item.as_a else f"a {item.get_kind_display().lower()}"
    message = f"Added {item.key} at {where} of the backlog, as {what}."
    if services.quick_add_cut(request.POST.get("text", "")):
        message += services.QUICK_ADD_CUT
    if not is_partial(request):
        return back_to(request, reverse("backlog:list", args=[access.product.key]), message)
    item = selectors.item_of(access=access, number=item.number)
    prepare_rows([item])
    sortable = request.POST.get("sort", "rank") == "rank"
    context = {**row_context(access, sortable=sortable), "item": item, "fresh": True}
    html = fragments(request, context, "backlog/_row.html") + toast(request, message)
    html += '<div id="backlog-empty" hx-swap-oob="delete"></div>'
    response = htmx_response(html)
    return reswap(response, "afterbegin") if position == "top" else response


@login_required
@require_POST
def item_move(request: HtmxHttpRequest, item_key: str) -> HttpResponse:
    """Move next to a neighbour (``before``/``after`` its key) or to ``position`` top/bottom."""
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    before, after = request.POST.get("before"), request.POST.get("after")
    position = request.POST.get("position") or None
    outcome = services.item_move(
        access=access,
        item=item,
        position=position,  # type: ignore[arg-type]  # the service validates it
        before=selectors.item_in_backlog(access=access, key=before) if before else None,
        after=selectors.item_in_backlog(access=access, key=after) if after else None,
    )
    list_url = reverse("backlog:list", args=[access.product.key])
    if outcome.proposal is not None:
        message = f"Proposed to the Product Owner: move {item.key}. It stays put until accepted."
        if not is_partial(request):
            return back_to(request, list_url, message)
        return htmx_response(toast(request, message, tone="info"), status=202)
    if not is_partial(request):
        return back_to(request, list_url, f"Moved {item.key}.")
    return htmx_response("")


# --- proposals ------------------------------------------------------------------------------

FIELD_LABELS = {
    "as_a": "As a",
    "i_want": "I want",
    "so_that": "So that",
    "rice_effort": "RICE effort",
    "business_value": "Business value",
    "time_criticality": "Time criticality",
    "risk_reduction": "Risk reduction",
    "job_size": "Job size",
    "moscow": "MoSCoW",
    "parent": "Epic",
}


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def show_value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"


def _describe_criterion_proposal(proposal: ItemProposal) -> dict[str, Any]:
    payload = proposal.payload
    op = str(payload.get("op"))
    proposed = (
        AcceptanceCriterion(**payload.get("fields", {})).summary if "fields" in payload else ""
    )
    was = payload.get("was", "")
    if isinstance(was, dict):
        was = AcceptanceCriterion(**was).summary
    verb = {"add": "add a criterion to", "update": "reword a criterion of"}.get(
        op, "remove a criterion from"
    )
    changes = [("Criterion", show_value(was or None), show_value(proposed or "(removed)"))]
    return {"proposal": proposal, "verb": verb, "where": "", "changes": changes}


def describe_proposal(proposal: ItemProposal) -> dict[str, Any]:
    """What a proposal asks for, as the Product Owner reads it: a verb, a place, the fields."""
    payload = proposal.payload
    if proposal.kind == ItemOperation.MOVE:
        if "position" in payload:
            where = f"to the {payload['position']} of the backlog"
        elif "before" in payload:
            where = f"above {payload['before']}"
        elif "after" in payload:
            where = f"below {payload['after']}"
        else:
            where = ""
        where = " ".join(filter(None, [where, map_place_words(proposal.item.product, payload)]))
        return {"proposal": proposal, "verb": "move", "where": where, "changes": []}
    if proposal.kind in (ItemOperation.ARCHIVE, ItemOperation.RESTORE):
        verb = "archive" if proposal.kind == ItemOperation.ARCHIVE else "restore"
        return {"proposal": proposal, "verb": verb, "where": "", "changes": []}
    if proposal.kind == ItemOperation.CRITERION:
        return _describe_criterion_proposal(proposal)
    current = item_snapshot(proposal.item)
    changes = [
        (field_label(f), show_value(current.get(f)), show_value(v))
        for f, v in payload.get("changes", {}).items()
    ]
    return {"proposal": proposal, "verb": "change", "where": "", "changes": changes}


def _proposals_context(access: ProductAccess) -> dict[str, Any]:
    proposals = selectors.item_proposals(selectors.pending_proposals(access=access))
    return {
        "access": access,
        "product": access.product,
        "rights": Rights.of(access),
        "proposals": [describe_proposal(p) for p in proposals],
    }


@login_required
@require_GET
def proposals(request: HtmxHttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    return render(request, "backlog/proposals.html", _proposals_context(access))


def _decided(request: HtmxHttpRequest, access: ProductAccess, message: str) -> HttpResponse:
    if not is_partial(request):
        return back_to(request, reverse("backlog:proposals", args=[access.product.key]), message)
    context = _proposals_context(access)
    return htmx_response(
        fragments(request, context, "backlog/_proposal_list.html") + toast(request, message)
    )


@login_required
@require_POST
def proposal_accept(request: HtmxHttpRequest, product_key: str, proposal_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    proposal = services.proposal_accept(
        access=access,
        proposal_id=proposal_id,
        confirmed_version=form_version(request.POST, "confirmed_version"),
    )
    key = selectors.item_proposal(proposal).item.key
    return _decided(request, access, f"Accepted: {key} changed as proposed.")


@login_required
@require_POST
def proposal_decline(request: HtmxHttpRequest, product_key: str, proposal_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    proposal = services.proposal_decline(
        access=access, proposal_id=proposal_id, reason=request.POST.get("reason", "")
    )
    if not proposal.reason:
        return _decided(request, access, "Declined.")
    who = proposal.proposed_by.display_name if proposal.proposed_by else "the proposer"
    return _decided(request, access, f"Declined; {who} sees your reason in the item's history.")
