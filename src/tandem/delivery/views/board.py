"""The board: a column per workflow status, cards loaded a page per column.

A 5,000-card sprint renders each column's first page and its count; "Show
more" fetches the next page of that column only. Dragging a card (or picking a
status in its menu, the keyboard's way) posts the new status; the answer is
the card at its new version plus both columns' headers, swapped in place.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog.models import Item, Kind, Status
from tandem.delivery import selectors, services
from tandem.delivery.models import Sprint
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.http import (
    access_of,
    htmx_response,
    is_partial,
    required_version,
)
from tandem.workspace.rights import Action, Level
from tandem.workspace.selectors import teams_of_user

from .sprints import base_context

LANES = (("", "None"), ("epic", "Epic"), ("assignee", "Assignee"))


def _filters(query: QueryDict) -> selectors.BoardFilters:
    lane = query.get("lane", "")
    return selectors.BoardFilters(
        mine=query.get("mine") == "1",
        blocked=query.get("blocked") == "1",
        kind=query.get("kind", ""),
        text=query.get("q", "").strip()[:100],
        lane=lane if lane in ("epic", "assignee") else "",
    )


def _sprint(access: ProductAccess, query: QueryDict) -> Sprint | None:
    """The named sprint; else the active one of the chosen team, the viewer's team, or the first."""
    raw = query.get("sprint", "")
    if raw.isdigit():
        return selectors.sprint_of(access=access, sprint_id=int(raw))
    active = selectors.active_sprints(access=access)
    if len(active) <= 1:
        return active[0] if active else None
    team = query.get("team", "")
    chosen = next((s for s in active if str(s.team_id) == team), None)
    if chosen is None and not team:
        own = set(teams_of_user(access=access).values_list("pk", flat=True))
        chosen = next((s for s in active if s.team_id in own), active[0])
    return chosen


def _lane_of(card: Item, lane: str) -> str:
    if lane == "epic":
        return (
            f"{card.parent.key} {card.parent.title}"
            if card.parent_id and card.parent
            else "No epic"
        )
    if lane == "assignee":
        return card.assignee.email if card.assignee_id and card.assignee else "Unassigned"
    return ""


def _status_options(may_accept: bool) -> dict[str, str]:
    """The status menu's options, selected per status, built once rather than per card.

    "Accepted" is offered only to who may accept (the Product Owner); anyone else
    would only be refused.
    """
    return {
        current: "".join(
            format_html(
                '<option value="{}"{}>{}</option>',
                value,
                mark_safe(" selected") if value == current else "",
                label,
            )
            for value, label in Status.choices
            if value != Status.ACCEPTED or may_accept or current == Status.ACCEPTED
        )
        for current in Status.values
    }


def _prepare_cards(
    access: ProductAccess, cards: list[Item], lane: str, previous: str | None = None
) -> None:
    """Each card's link and status menu, and a heading above each swimlane's first card."""
    pattern = reverse("backlog:item", args=["KEY-0"])
    update_pattern = reverse("backlog:item-update", args=["KEY-0"])
    options = _status_options(access.can(Action.ACCEPT, Level.DECIDE))
    for card in cards:
        card.url = pattern.replace("KEY-0", card.key)  # type: ignore[attr-defined]
        card.update_url = update_pattern.replace("KEY-0", card.key)  # type: ignore[attr-defined]
        card.status_options = mark_safe(options[card.status])  # type: ignore[attr-defined]
        label = _lane_of(card, lane)
        card.lane = label  # type: ignore[attr-defined]
        card.lane_label = label if lane and label != previous else ""  # type: ignore[attr-defined]
        previous = label


def _query_string(filters: selectors.BoardFilters, sprint: Sprint) -> str:
    parts = [f"sprint={sprint.pk}"]
    if filters.mine:
        parts.append("mine=1")
    if filters.blocked:
        parts.append("blocked=1")
    if filters.kind:
        parts.append(f"kind={filters.kind}")
    if filters.text:
        parts.append(f"q={quote(filters.text)}")
    if filters.lane:
        parts.append(f"lane={filters.lane}")
    return "&".join(parts)


@login_required
@require_GET
def board(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    sprint = _sprint(access, request.GET)
    active = selectors.active_sprints(access=access)
    filters = _filters(request.GET)
    columns = selectors.board(access=access, sprint=sprint, filters=filters) if sprint else []
    for column in columns:
        _prepare_cards(access, column.cards, filters.lane)
    context = base_context(
        access,
        sprint=sprint,
        columns=columns,
        filters=filters,
        query=_query_string(filters, sprint) if sprint else "",
        kinds=[(k, label) for k, label in Kind.choices if k != Kind.EPIC],
        lanes=LANES,
        statuses=Status.choices,
        sprints=selectors.sprint_choices(access=access),
        active_sprints=active if len(active) > 1 else [],
    )
    if is_partial(request) and request.htmx.target == "board-body":  # type: ignore[attr-defined]
        return htmx_response(render_to_string("delivery/board_body.html", context, request=request))
    return render(request, "delivery/board.html", context)


def _offset(raw: str | None) -> int:
    if raw is None or not raw.isdigit():
        raise ValidationFailed({"offset": "must be a whole number"})
    return int(raw)


@login_required
@require_GET
def board_column(request: HttpRequest, product_key: str, status: str) -> HttpResponse:
    """The next page of one column: its cards and, if more remain, the next "Show more"."""
    access = access_of(request, product_key)
    sprint = _sprint(access, request.GET)
    if sprint is None or status not in Status.values:
        raise NotFound("No such column.")
    filters = _filters(request.GET)
    page = selectors.board_column_page(
        access=access,
        sprint=sprint,
        status=status,
        filters=filters,
        offset=_offset(request.GET.get("offset")),
    )
    previous = request.GET.get("lane_after")
    _prepare_cards(access, page.cards, filters.lane, previous)
    context = base_context(
        access,
        sprint=sprint,
        column=page,
        filters=filters,
        query=_query_string(filters, sprint),
        statuses=Status.choices,
    )
    return htmx_response(render_to_string("delivery/board_cards.html", context, request=request))


@login_required
@require_POST
def board_move(request: HttpRequest, product_key: str) -> HttpResponse:
    """Move a card to another column; refused moves come back as a toast and the card returns."""
    access = access_of(request, product_key)
    item = backlog_selectors.item_in_backlog(access=access, key=request.POST.get("item", ""))
    status = request.POST.get("status", "")
    old_status = item.status
    outcome = services.card_move(
        access=access, item=item, status=status, expected_version=required_version(request.POST)
    )
    sprint = _sprint(access, request.POST)
    if not is_partial(request) or sprint is None:
        return redirect("delivery:board", product_key=access.product.key)
    filters = _filters(request.POST)
    card = outcome.item
    card.is_blocked = selectors.item_is_blocked(card)  # type: ignore[attr-defined]
    _prepare_cards(access, [card], "")
    context: dict[str, Any] = base_context(
        access, sprint=sprint, card=card, statuses=Status.choices, filters=filters
    )
    html = render_to_string("delivery/board_card.html", context, request=request)
    counts = {
        c.status: c for c in selectors.board(access=access, sprint=sprint, filters=filters, limit=0)
    }
    for moved in {old_status, card.status}:
        html += render_to_string(
            "delivery/board_column_head.html",
            base_context(access, column=counts[moved], oob=True),
            request=request,
        )
    return htmx_response(html)


@login_required
@require_POST
def board_wip(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    for status in Status.values:
        name = f"wip-{status}"
        if name not in request.POST:
            continue
        raw = request.POST[name].strip()
        if raw and not raw.isdigit():
            raise ValidationFailed({name: "must be a whole number or empty"})
        services.board_column_set(access=access, status=status, wip_limit=int(raw) if raw else None)
    url = reverse("delivery:board", args=[access.product.key])
    sprint = request.POST.get("sprint", "")
    return redirect(f"{url}?sprint={sprint}" if sprint.isdigit() else url)
