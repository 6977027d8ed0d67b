"""The story map page: the map, a drag (or a key) that moves a story, a slice dragged, and
the line between two slices moved within a step's column."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog.models import Item
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import access_of, form_version, htmx_response, is_partial, toast

from . import selectors, services
from .models import MapSlice

PROPOSED = "Sent to the Product Owner as a proposal; the map is unchanged until accepted."


def _context(access: ProductAccess) -> dict[str, Any]:
    found = selectors.story_map(access=access)
    return {
        "access": access,
        "product": access.product,
        "map": found,
        "skeleton": next((s for s in found.slices if s.is_skeleton), None),
    }


@login_required
@require_GET
def story_map(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    context = _context(access)
    if is_partial(request):
        return htmx_response(render_to_string("backlog/story_map/_body.html", context, request))
    return render(request, "backlog/story_map/page.html", context)


def _number(post: QueryDict, name: str) -> int | None:
    raw = post.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise ValidationFailed({name: "must be a record id"})
    return int(raw)


def _neighbour(access: ProductAccess, post: QueryDict, name: str) -> Item | None:
    key = post.get(name, "").strip()
    return backlog_selectors.item_in_backlog(access=access, key=key) if key else None


def _slice(access: ProductAccess, post: QueryDict) -> MapSlice | services.Keep | None:
    if "slice" not in post:
        return services.KEEP
    slice_id = _number(post, "slice")
    return services.slice_of(access, slice_id) if slice_id else None


def _answer(request: HttpRequest, access: ProductAccess, message: str, tone: str) -> HttpResponse:
    if not request.headers.get("HX-Request"):
        (messages.info if tone == "info" else messages.success)(request, message)
        return redirect(reverse("backlog:story-map", args=[access.product.key]))
    html = render_to_string("backlog/story_map/_body.html", _context(access), request)
    return htmx_response(html + toast(request, message, tone))


@login_required
@require_POST
def story_place(request: HttpRequest, product_key: str) -> HttpResponse:
    """A story dropped (or moved by key) under a step, in a slice, next to a neighbour."""
    access = access_of(request, product_key)
    post = request.POST
    item = backlog_selectors.item_in_backlog(access=access, key=post.get("item", "").strip())
    if post.get("off_map"):
        outcome = services.story_unplace(access=access, item=item)
    else:
        step_id = _number(post, "step")
        position = post.get("position") or None
        if position not in (None, "top", "bottom"):
            raise ValidationFailed({"position": "must be top or bottom"})
        outcome = services.story_place(
            access=access,
            item=item,
            step=services.step_of(access, step_id) if step_id else None,
            slice=_slice(access, post),
            position=position,  # type: ignore[arg-type]
            before=_neighbour(access, post, "before"),
            after=_neighbour(access, post, "after"),
            expected_version=form_version(post),
        )
    if outcome.proposal is not None:
        return _answer(request, access, PROPOSED, "info")
    return _answer(request, access, f"{item.key} moved; the backlog order follows.", "success")


@login_required
@require_POST
def slice_move(request: HttpRequest, product_key: str, slice_id: int) -> HttpResponse:
    """The slice line dragged up or down: its new index among the slices."""
    access = access_of(request, product_key)
    position = _number(request.POST, "position")
    if position is None:
        raise ValidationFailed({"position": "give the slice's new index, from 0"})
    outcome = writes.record_update(
        access=access,
        kind="map_slice",
        record_id=slice_id,
        changes={"position": position},
        expected_version=form_version(request.POST),
    )
    if outcome.proposal is not None:
        return _answer(request, access, PROPOSED, "info")
    return _answer(request, access, "Slices reordered.", "success")


@login_required
@require_POST
def slice_line(request: HttpRequest, product_key: str) -> HttpResponse:
    """The line between two slices dragged (or moved by a key) within one step's column."""
    access = access_of(request, product_key)
    post = request.POST
    step_id, upper_id = _number(post, "step"), _number(post, "upper_slice")
    lower_id = _number(post, "lower_slice")
    raw_by = post.get("by", "").strip()
    if not re.fullmatch(r"-?\d{1,4}", raw_by):
        raise ValidationFailed({"by": "give how many stories the line crosses: -1 up, 1 down"})
    if step_id is None:
        raise ValidationFailed({"step": "give the step whose column the line moves in"})
    if upper_id is None:
        raise ValidationFailed({"upper_slice": "give the slice above the line"})
    moved = services.slice_boundary_move(
        access=access,
        step=services.step_of(access, step_id),
        upper_slice=services.slice_of(access, upper_id, "upper_slice"),
        lower_slice=services.slice_of(access, lower_id, "lower_slice") if lower_id else None,
        by=int(raw_by),
    )
    if not moved.applied:
        count = len(moved.proposals)
        return _answer(
            request,
            access,
            f"Sent to the Product Owner as {count} move proposal{'s' if count > 1 else ''}; "
            "the map is unchanged until accepted.",
            "info",
        )
    keys = ", ".join(item.key for item in moved.crossed)
    target = moved.to_slice.name if moved.to_slice else "no slice"
    return _answer(request, access, f"Slice line moved: {keys} now in {target}.", "success")
