"""The value-vs-effort matrix and refinement: stale, not ready, duplicates, archived."""

from __future__ import annotations

from typing import Any, Literal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.backlog import selectors, services
from tandem.backlog.models import Item
from tandem.core import stories
from tandem.core.scoring import QUADRANT_MIDPOINT, Quadrant, quadrant
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import (
    HtmxHttpRequest,
    access_of,
    back_to,
    htmx_response,
    is_partial,
    toast,
)

from ._common import Rights, choices_context, fragments, optional_int, plural, prepare_rows

# Reading order of the 2x2: value rises upwards, effort grows to the right.
QUADRANTS = (
    (Quadrant.QUICK_WIN, "Quick wins", "High value · low effort", "Do these first."),
    (Quadrant.BIG_BET, "Big bets", "High value · high effort", "Plan them and slice them."),
    (Quadrant.FILL_IN, "Fill-ins", "Low value · low effort", "Pick them up when there is slack."),
    (Quadrant.TIME_SINK, "Time sinks", "Low value · high effort", "Question them or drop them."),
)


@login_required
@require_GET
def matrix(request: HtmxHttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    groups: dict[Quadrant, list[Item]] = {q: [] for q in Quadrant}
    for item in selectors.matrix_items(access=access):
        groups[quadrant(item.value or 0, item.effort or 0)].append(item)
    context = {
        "access": access,
        "product": access.product,
        "rights": Rights.of(access),
        "midpoint": QUADRANT_MIDPOINT,
        "quadrants": [
            {
                "code": code.value,
                "title": title,
                "axes": axes,
                "hint": hint,
                "items": groups[code],
                "high_value": code in (Quadrant.QUICK_WIN, Quadrant.BIG_BET),
                "high_effort": code in (Quadrant.BIG_BET, Quadrant.TIME_SINK),
            }
            for code, title, axes, hint in QUADRANTS
        ],
        "scored_count": sum(len(items) for items in groups.values()),
        "unscored": selectors.unscored_count(access=access),
    }
    return render(request, "backlog/matrix.html", context)


# --- refinement ---------------------------------------------------------------------------


def _stale_days(raw: str | None, access: ProductAccess) -> int:
    days = optional_int(raw, "days") or access.product.stale_after_days
    return min(max(days, 1), 3650)


REFINEMENT_PAGE = 50  # rows per list; a large backlog has thousands of stale items


def _refinement_context(access: ProductAccess, days: int) -> dict[str, Any]:
    not_ready = selectors.not_ready_items(access=access, limit=REFINEMENT_PAGE)
    prepare_rows(not_ready)
    stale_total, not_ready_total = selectors.refinement_counts(access=access, days=days)
    return {
        **choices_context(),
        "access": access,
        "product": access.product,
        "rights": Rights.of(access),
        "view": "refine",
        "days": days,
        "stale": selectors.stale_items(access=access, days=days, limit=REFINEMENT_PAGE),
        "stale_total": stale_total,
        "not_ready": not_ready,
        "not_ready_total": not_ready_total,
        "duplicates": selectors.duplicate_candidates(access=access),
    }


def _archived(request: HtmxHttpRequest, access: ProductAccess) -> HttpResponse:
    cursor = request.GET.get("cursor") or None
    page = selectors.backlog_page(
        access=access, filters=selectors.BacklogFilters(archived=True), cursor=cursor
    )
    context = {
        "access": access,
        "product": access.product,
        "rights": Rights.of(access),
        "view": "archived",
        "page": page,
    }
    if is_partial(request) and cursor:
        return htmx_response(
            fragments(
                request,
                context,
                "backlog/_archived_rows.html",
                oob=["backlog/_archived_more.html"],
            )
        )
    return render(request, "backlog/refinement.html", context)


@login_required
@require_GET
def refinement(request: HtmxHttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    if request.GET.get("view") == "archived":
        return _archived(request, access)
    context = _refinement_context(access, _stale_days(request.GET.get("days"), access))
    if is_partial(request):
        return htmx_response(fragments(request, context, "backlog/_refinement_body.html"))
    return render(request, "backlog/refinement.html", context)


_POSITIONS: dict[str, Literal["top", "bottom"]] = {"top": "top", "bottom": "bottom"}


def _selected_ids(request: HtmxHttpRequest) -> list[int]:
    return sorted({int(v) for v in request.POST.getlist("items") if v.isdigit()})


@login_required
@require_POST
def refinement_bulk(request: HtmxHttpRequest, product_key: str) -> HttpResponse:
    """Archive, estimate or move every ticked item at once."""
    access = access_of(request, product_key)
    ids = _selected_ids(request)
    action = request.POST.get("action", "")
    if action == "archive":
        outcome = services.items_bulk_archive(access=access, item_ids=ids)
        message = f"Archived {plural(outcome.changed, 'item')}. Restore them from the Archived tab."
    elif action == "estimate":
        estimate = optional_int(request.POST.get("estimate"), "estimate")
        if estimate is None:
            scale = ", ".join(str(p) for p in stories.STORY_POINT_SCALE)
            raise ValidationFailed({"estimate": f"choose points from the scale: {scale}"})
        outcome = services.items_bulk_estimate(access=access, item_ids=ids, estimate=estimate)
        message = f"Estimated {plural(outcome.changed, 'item')} at {estimate} points."
    elif action in _POSITIONS:
        outcome = services.items_bulk_move(access=access, item_ids=ids, position=_POSITIONS[action])
        message = f"Moved {plural(outcome.changed, 'item')} to the {action} of the backlog."
    else:
        raise ValidationFailed({"action": "choose archive, estimate, top or bottom"})
    if outcome.proposed:
        message = f"Proposed to the Product Owner for {plural(outcome.proposed, 'item')}."
    days = _stale_days(request.POST.get("days"), access)
    if not is_partial(request):
        url = reverse("backlog:refinement", args=[access.product.key])
        return back_to(request, f"{url}?days={days}", message)
    context = _refinement_context(access, days)
    return htmx_response(
        fragments(request, context, "backlog/_refinement_body.html") + toast(request, message)
    )
