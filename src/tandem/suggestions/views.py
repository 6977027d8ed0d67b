"""The pages' side: the item-page panel, refinement's card, quick add's warning, the split."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.backlog import selectors
from tandem.backlog.extensions import ItemHint, ItemPanel
from tandem.backlog.models import Item, Kind, Status
from tandem.core import stories
from tandem.workspace.access import ProductAccess
from tandem.workspace.api import current_user
from tandem.workspace.http import (
    HtmxHttpRequest,
    access_of,
    back_to,
    htmx_response,
    is_partial,
    required_version,
    toast,
)
from tandem.workspace.rights import Action, Level

from . import estimates, neighbours, quality

REFINEMENT_ROWS = 10


def item_panel(access: ProductAccess, item: Item) -> ItemPanel | None:
    """Similar items, story quality and (lazily) the estimate suggestion on the item page."""
    if item.kind == Kind.EPIC:
        return None
    similar = neighbours.stored_neighbours(access=access, item=item, backfill=False)
    duplicates = [n.key for n in similar if n.likely_duplicate]
    findings = quality.quality_findings(access=access, item=item, duplicates=duplicates)
    return ItemPanel(
        template="backlog_suggestions/_item_panel.html",
        context={
            "neighbours": similar,
            "findings": findings,
            "split": quality.suggested_split(findings),
            "wants_estimate": item.estimate is None and not item.is_archived,
            "may_edit": access.can(Action.WORK, Level.EDIT) and not item.is_archived,
            "may_split": access.can(Action.BACKLOG, Level.PROPOSE) and not item.is_archived,
        },
        column="main",
        order=60,
    )


def estimate_hints(access: ProductAccess, items: Sequence[Item]) -> dict[int, ItemHint]:
    """Suggested estimates beside unestimated items in a list (planning's backlog), in one batch."""
    suggestions = estimates.estimate_suggestions(access=access, items=items)
    may_edit = access.can(Action.WORK, Level.EDIT)
    return {
        item_id: ItemHint(
            template="backlog_suggestions/_estimate_hint.html",
            context={"suggestion": suggestion, "may_edit": may_edit},
        )
        for item_id, suggestion in suggestions.items()
    }


@login_required
@require_GET
def estimate(request: HttpRequest, item_key: str) -> HttpResponse:
    """The suggestion for one item, with a button that saves it like the details form."""
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    context = {
        "item": item,
        "suggestion": estimates.estimate_suggestion(access=access, item=item),
        "may_edit": access.can(Action.WORK, Level.EDIT) and not item.is_archived,
        "target": request.GET.get("target", "item"),
    }
    return render(request, "backlog_suggestions/_estimate.html", context)


@login_required
@require_POST
def similar_check(request: HttpRequest, product_key: str) -> HttpResponse:
    """Quick add's "this looks like DRN-17", asked while the person types, before saving."""
    access = access_of(request, product_key)
    text = request.POST.get("text", "")
    title, description = request.POST.get("title", ""), request.POST.get("description", "")
    if text and not title:
        parts = stories.parse_quick_add(text)
        title = parts.title
        description = " ".join(p for p in (parts.as_a, parts.i_want, parts.so_that) if p)
    matches = []
    if title.strip():
        matches = neighbours.similar_check(access=access, title=title, description=description)
    return render(request, "backlog_suggestions/_similar_warning.html", {"matches": matches})


@login_required
@require_POST
def split(request: HtmxHttpRequest, item_key: str) -> HttpResponse:
    """Apply the suggested split of a story that asks for two things."""
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    outcome = quality.story_split(
        access=access, item=item, expected_version=required_version(request.POST)
    )
    created = outcome.created
    message = f"Split {item.key}: the second story is {created.product.key}-{created.number}."
    if outcome.updated.proposal is not None:
        message += f" The change to {item.key} went to the Product Owner as a proposal."
    url = reverse("backlog:item", args=[item.key])
    if is_partial(request):
        response = htmx_response(toast(request, message))
        response["HX-Redirect"] = url
        return response
    return back_to(request, url, message)


def _open_unestimated(access: ProductAccess) -> list[Item]:
    return list(
        Item.objects.filter(product=access.product, archived_at__isnull=True, estimate__isnull=True)
        .exclude(kind=Kind.EPIC)
        .exclude(status__in=[Status.DONE, Status.ACCEPTED])
        .select_related("product")
        .order_by("rank")[:REFINEMENT_ROWS]
    )


@login_required
@require_GET
def refinement(request: HttpRequest, product_key: str) -> HttpResponse:
    """Refinement's card: the top unestimated items with a suggestion and their findings."""
    access = access_of(request, product_key)
    items = _open_unestimated(access)
    suggestions = estimates.estimate_suggestions(access=access, items=items)
    rows: list[dict[str, Any]] = []
    for item in items:
        findings = quality.quality_findings(access=access, item=item)
        rows.append(
            {
                "item": item,
                "suggestion": suggestions.get(item.pk),
                "findings": findings,
                "split": quality.suggested_split(findings),
            }
        )
    context = {
        "product": access.product,
        "rows": rows,
        "may_edit": access.can(Action.WORK, Level.EDIT),
    }
    return render(request, "backlog_suggestions/_refinement.html", context)
