"""Sprint planning: the ranked backlog beside the sprint, the optimizer, suggestions, capacity."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.backlog import extensions as backlog_extensions
from tandem.backlog import selectors as backlog_selectors
from tandem.backlog.models import Item
from tandem.delivery import selectors, services
from tandem.delivery.lookups import sprint_of
from tandem.delivery.models import Sprint, SprintState
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import back_to, htmx_response, is_partial, toast

from .sprints import base_context

# Unestimated items at the top of the ranked backlog that get a suggested estimate: the
# ones a planning session reaches; further down, the item page still suggests one.
ESTIMATE_HINTS = 25


def _planning_context(
    request: HttpRequest, access: ProductAccess, sprint: Sprint
) -> dict[str, Any]:
    score = request.GET.get("score") or request.POST.get("score") or "value"
    items = selectors.sprint_entries(access=access, sprint=sprint, limit=500)
    points = selectors.sprint_points_of(access=access, sprint=sprint)
    velocity = selectors.velocity_of(access=access, team=selectors.sprint_team_scope(sprint))
    proposal = (
        selectors.planning_proposal(access=access, sprint=sprint, score=score)
        if sprint.state != SprintState.CLOSED
        else None
    )
    capacity = sprint.capacity or 0
    backlog = selectors.planning_backlog(access=access)
    if sprint.state != SprintState.CLOSED:
        backlog_extensions.attach_estimate_hints(access, backlog, limit=ESTIMATE_HINTS)
    return base_context(
        access,
        sprint=sprint,
        items=items,
        points=points,
        backlog=backlog,
        proposal=proposal,
        scores=[(k, label) for k, (_, label) in selectors.SCORES.items()],
        score=proposal.score if proposal else score,
        velocity=velocity,
        suggestions=selectors.suggestions_of(access=access, sprint=sprint),
        team_capacity=selectors.sprint_capacity_of(access=access, sprint=sprint),
        fill_percent=min(round(100 * points.planned / capacity), 100) if capacity else 0,
        over_capacity=bool(capacity) and points.planned > capacity,
    )


@login_required
@require_GET
def planning(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    access, sprint = sprint_of(request, product_key, sprint_id)
    context = _planning_context(request, access, sprint)
    if is_partial(request):
        return htmx_response(
            render_to_string("delivery/planning_body.html", context, request=request)
        )
    return render(request, "delivery/planning.html", context)


def _items_from(access: ProductAccess, post: QueryDict) -> list[Item]:
    keys = [k for raw in post.getlist("items") for k in raw.replace(",", " ").split() if k]
    if not keys:
        raise ValidationFailed({"items": "choose at least one item"})
    return backlog_selectors.items_in_backlog(access=access, keys=keys)


def _planning_answer(
    request: HttpRequest, access: ProductAccess, sprint: Sprint, message: str
) -> HttpResponse:
    if is_partial(request):
        sprint.refresh_from_db()
        context = _planning_context(request, access, sprint)
        html = render_to_string("delivery/planning_body.html", context, request=request)
        return htmx_response(html + toast(request, message))
    return back_to(
        request, reverse("delivery:planning", args=[access.product.key, sprint.pk]), message
    )


def _content_message(suggested: int, changed: int, verb: str) -> str:
    if suggested:
        return f"Suggested to the Product Owner: {suggested} item{'s' if suggested != 1 else ''}."
    return f"{changed} item{'s' if changed != 1 else ''} {verb}."


@login_required
@require_POST
def planning_add(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    access, sprint = sprint_of(request, product_key, sprint_id)
    items = _items_from(access, request.POST)
    suggestions = services.sprint_items_add(access=access, sprint=sprint, items=items)
    verb = "added to the sprint"
    return _planning_answer(
        request, access, sprint, _content_message(len(suggestions), len(items), verb)
    )


@login_required
@require_POST
def planning_remove(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    access, sprint = sprint_of(request, product_key, sprint_id)
    suggested = 0
    items = _items_from(access, request.POST)
    for item in items:
        if services.sprint_item_remove(access=access, sprint=sprint, item=item) is not None:
            suggested += 1
    verb = "taken out of the sprint"
    return _planning_answer(request, access, sprint, _content_message(suggested, len(items), verb))


@login_required
@require_POST
def planning_suggestion(
    request: HttpRequest, product_key: str, sprint_id: int, suggestion_id: int
) -> HttpResponse:
    access, sprint = sprint_of(request, product_key, sprint_id)
    suggestion = selectors.sprint_suggestion_of(access=access, suggestion_id=suggestion_id)
    if request.POST.get("decision") == "accept":
        services.sprint_suggestion_accept(access=access, suggestion=suggestion)
        message = "Suggestion accepted."
    else:
        services.sprint_suggestion_decline(access=access, suggestion=suggestion)
        message = "Suggestion declined."
    return _planning_answer(request, access, sprint, message)


@login_required
@require_POST
def planning_capacity(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    """Save each person's points and days off; the PO may take the total as the capacity."""
    access, sprint = sprint_of(request, product_key, sprint_id)
    current = selectors.sprint_capacity_of(access=access, sprint=sprint)
    for member in current.members:
        raw_points = request.POST.get(f"points-{member.user.pk}", "").strip()
        raw_off = request.POST.get(f"off-{member.user.pk}", "").strip()
        if not raw_points.isdigit() or not raw_off.isdigit():
            raise ValidationFailed(
                {f"points-{member.user.pk}": "points and days off are whole numbers"}
            )
        points, days_off = int(raw_points), int(raw_off)
        if (points, days_off) != (member.points, member.days_off):
            services.sprint_member_set(
                access=access, sprint=sprint, user=member.user, points=points, days_off=days_off
            )
    message = "Availability saved."
    if request.POST.get("apply") == "1":
        total = selectors.sprint_capacity_of(access=access, sprint=sprint).total
        sprint.refresh_from_db()
        services.sprint_update(
            access=access,
            sprint=sprint,
            changes={"capacity": total},
            expected_version=sprint.version,
        )
        message = f"Capacity set to {total} points from the team's availability."
    return _planning_answer(request, access, sprint, message)
