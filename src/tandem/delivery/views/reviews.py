"""The sprint review pages: the increment, the PO's verdicts, attendees and feedback."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog.models import Item
from tandem.delivery import selectors, services
from tandem.workspace.http import (
    access_of,
    is_partial,
    required_version,
)
from tandem.workspace.rights import Action, Level
from tandem.workspace.selectors import people_of

from .releases import posted_date


@login_required
def reviews(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    return render(
        request,
        "delivery/reviews.html",
        {
            "access": access,
            "product": access.product,
            "sprints": list(selectors.sprints_for_review(access=access)),
            "waiting": selectors.items_waiting_for_acceptance(access=access, limit=50),
        },
    )


def _page_context(request: HttpRequest, product_key: str, sprint_id: int) -> dict[str, object]:
    access = access_of(request, product_key)
    page = selectors.sprint_review(access=access, sprint_id=sprint_id)
    return {
        "access": access,
        "product": access.product,
        "page": page,
        "sprint": page.sprint,
        "accepts": access.can(Action.ACCEPT, Level.DECIDE),
        "records": access.can(Action.SPRINT, Level.DECIDE),
        "members": list(people_of(access=access)),
        "attendee_ids": {u.pk for u in page.review.attendees.all()} if page.review else set(),
    }


@login_required
def review(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    return render(request, "delivery/review.html", _page_context(request, product_key, sprint_id))


def _verdict_answer(
    request: HttpRequest, product_key: str, sprint_id: int, item_key: str, message: str
) -> HttpResponse:
    if not is_partial(request):
        messages.success(request, message)
        return redirect("delivery:review", product_key=product_key, sprint_id=sprint_id)
    context = _page_context(request, product_key, sprint_id)
    page = context["page"]
    assert isinstance(page, selectors.ReviewPage)
    row = next((r for r in page.increment if r.item.key == item_key), None)
    return render(
        request,
        "delivery/review_row.html",
        {**context, "row": row, "item_key": item_key, "message": message},
    )


def _verdict(
    request: HttpRequest,
    product_key: str,
    sprint_id: int,
    item_key: str,
    decide: Callable[..., object],
    **verdict: str,
) -> Item:
    """The PO's verdict (``decide`` is the accept or reject service) on an item of the sprint."""
    access = access_of(request, product_key)
    item = backlog_selectors.item_in_backlog(access=access, key=item_key)
    decide(
        access=access,
        item=item,
        sprint_id=sprint_id,
        expected_version=required_version(request.POST),
        **verdict,
    )
    return item


@login_required
@require_POST
def accept(request: HttpRequest, product_key: str, sprint_id: int, item_key: str) -> HttpResponse:
    why = request.POST.get("override_reason", "")
    item = _verdict(
        request, product_key, sprint_id, item_key, services.item_accept, override_reason=why
    )
    return _verdict_answer(request, product_key, sprint_id, item.key, f"{item.key} accepted.")


@login_required
@require_POST
def reject(request: HttpRequest, product_key: str, sprint_id: int, item_key: str) -> HttpResponse:
    why = request.POST.get("reason", "")
    item = _verdict(request, product_key, sprint_id, item_key, services.item_reject, reason=why)
    said = f"{item.key} rejected; it is back in the backlog."
    return _verdict_answer(request, product_key, sprint_id, item.key, said)


@login_required
@require_POST
def review_save(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    services.review_update(
        access=access,
        sprint_id=sprint_id,
        attendees=request.POST.getlist("attendees"),
        feedback=request.POST.get("feedback", ""),
        held_on=posted_date(request, "held_on"),
        expected_version=required_version(request.POST),
    )
    messages.success(request, "Review saved.")
    return redirect("delivery:review", product_key=product_key, sprint_id=sprint_id)
