"""The sprint pages: the list with velocity, one sprint with its charts, planning.

Thin over services and selectors. Plain form posts redirect back with a
message, so every page works without JavaScript; the planning page's
frequent moves (add, remove, accept the proposal) answer HTMX with the
refreshed planning body instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.backlog.models import Status
from tandem.core import sprint_charts
from tandem.delivery import selectors, services
from tandem.delivery.lookups import sprint_of
from tandem.delivery.models import CarryOver, Sprint, SprintState
from tandem.workspace.access import ProductAccess
from tandem.workspace.http import access_of, back_to, required_version
from tandem.workspace.models import Team, User
from tandem.workspace.notifications.views import watch_context
from tandem.workspace.rights import Action, Level
from tandem.workspace.selectors import members_of, teams_of, teams_of_user


@dataclass(frozen=True)
class SprintRights:
    """What the sprint pages offer; services check again on every write."""

    decide: bool  # the PO: sprint content, start, close
    propose: bool  # the team: suggestions
    work: bool  # card moves, impediments, retrospectives
    accept: bool = False  # the PO: a done item to accepted

    @classmethod
    def of(cls, access: ProductAccess) -> SprintRights:
        return cls(
            decide=access.can(Action.SPRINT, Level.DECIDE),
            propose=access.can(Action.SPRINT, Level.PROPOSE),
            work=access.can(Action.WORK, Level.EDIT),
            accept=access.can(Action.ACCEPT, Level.DECIDE),
        )


def chosen_team(
    request: HttpRequest, access: ProductAccess, teams: list[Team], *, default_own: bool
) -> Team | None:
    """The team named by ``?team=``; else, when asked, the viewer's own team, else the first."""
    raw = request.GET.get("team", "")
    chosen = next((t for t in teams if str(t.pk) == raw), None)
    if chosen is not None or not default_own or not teams:
        return chosen
    own = {t.pk for t in teams_of_user(access=access)}
    return next((t for t in teams if t.pk in own), teams[0])


def base_context(access: ProductAccess, **extra: Any) -> dict[str, Any]:
    return {
        "access": access,
        "product": access.product,
        "rights": SprintRights.of(access),
        **extra,
    }


def chart_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data)


def velocity_chart(view: selectors.VelocityView) -> dict[str, Any]:
    return {
        "labels": [s.name for s in view.sprints],
        "committed": [s.committed_points or 0 for s in view.sprints],
        "completed": [s.completed_points or 0 for s in view.sprints],
        "mean": view.summary.mean,
    }


# --- the list -----------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    archived = request.GET.get("archived") == "1"
    teams = list(teams_of(access=access))
    team = chosen_team(request, access, teams, default_own=False)
    scope: selectors.TeamScope = team if team is not None else selectors.ANY_TEAM
    velocity = selectors.velocity_of(access=access, team=scope)
    context = base_context(
        access,
        sprints=list(selectors.sprints_of(access=access, archived=archived, team=scope)),
        archived=archived,
        velocity=velocity,
        velocity_chart=velocity_chart(velocity),
        carry_choices=CarryOver.choices,
        active=selectors.active_sprint(access=access, team=scope),
        teams=teams,
        team=team,
    )
    return render(request, "delivery/sprints.html", context)


def _sprint_fields(post: QueryDict) -> dict[str, Any]:
    fields: dict[str, Any] = {
        f: str(post.get(f, "")).strip()
        for f in ("name", "goal", "starts_on", "ends_on")
        if f in post
    }
    if "capacity" in post:
        fields["capacity"] = str(post.get("capacity", "")).strip() or None
    if "carry_over" in post:
        fields["carry_over"] = post["carry_over"]
    if "team" in post:
        fields["team"] = str(post.get("team", "")).strip() or None
    return fields


@login_required
@require_POST
def sprint_create(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    sprint = services.sprint_create(access=access, fields=_sprint_fields(request.POST))
    return back_to(
        request,
        reverse("delivery:planning", args=[access.product.key, sprint.pk]),
        f"{sprint.name} created. Now plan what goes in it.",
    )


# --- one sprint -----------------------------------------------------------------------------

SPRINT_PAGE_ITEMS = 100  # the rest are a click away on the board
CLOSE_CHOICES = 50  # unfinished items offered a choice at the close; the rest take the default


def burndown_chart(data: sprint_charts.Burndown) -> dict[str, Any]:
    return {
        "labels": [d.isoformat() for d in data.days],
        "remaining": list(data.remaining),
        "ideal": [round(v, 2) for v in data.ideal],
        "scope": list(data.scope),
        "changes": [{"day": d.isoformat(), "points": p} for d, p in data.scope_changes],
    }


def flow_chart(data: sprint_charts.CumulativeFlow) -> dict[str, Any]:
    return {
        "labels": [d.isoformat() for d in data.days],
        "series": [
            {"status": status, "label": Status(status).label, "counts": list(counts)}
            for status, counts in data.counts.items()
        ],
    }


@login_required
@require_GET
def sprint_detail(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    access, sprint = sprint_of(request, product_key, sprint_id)
    items = selectors.sprint_entries(access=access, sprint=sprint, limit=SPRINT_PAGE_ITEMS)
    points = selectors.sprint_points_of(access=access, sprint=sprint)
    burndown, flow = selectors.sprint_charts_of(access=access, sprint=sprint)
    unfinished = (
        selectors.sprint_entries(access=access, sprint=sprint, limit=CLOSE_CHOICES, unfinished=True)
        if sprint.state == SprintState.ACTIVE
        else []
    )
    context = base_context(
        access,
        sprint=sprint,
        items=items,
        more_items=points.items - len(items),
        points=points,
        burndown_chart=burndown_chart(burndown),
        scope_changes=burndown.scope_changes,
        flow_chart=flow_chart(flow) if sprint.state != SprintState.PLANNED else None,
        impediments=selectors.impediments_of(access=access, sprint=sprint),
        unfinished=unfinished,
        carry_choices=CarryOver.choices,
        start_check=(
            services.sprint_start_check(sprint) if sprint.state == SprintState.PLANNED else None
        ),
        reopen_refusal=(
            services.sprint_reopen_refusal(sprint) if sprint.state == SprintState.CLOSED else None
        ),
        watch=watch_context(access, "sprint", sprint.pk),
    )
    return render(request, "delivery/sprint.html", context)


def _sprint_url(access: ProductAccess, sprint: Sprint) -> str:
    return reverse("delivery:sprint", args=[access.product.key, sprint.pk])


def sprint_changed(
    request: HttpRequest,
    product_key: str,
    sprint_id: int,
    change: Callable[..., Sprint],
    **arguments: Any,
) -> tuple[ProductAccess, Sprint]:
    """The sprint after a service changed it from the version the form read (404 first)."""
    access, sprint = sprint_of(request, product_key, sprint_id)
    sprint = change(
        access=access,
        sprint=sprint,
        expected_version=required_version(request.POST),
        **arguments,
    )
    return access, sprint


@login_required
@require_POST
def sprint_update(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    changes = _sprint_fields(request.POST)
    access, sprint = sprint_changed(
        request, product_key, sprint_id, services.sprint_update, changes=changes
    )
    return back_to(request, _sprint_url(access, sprint), "Sprint saved.")


@login_required
@require_POST
def sprint_start(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    confirmed = request.POST.get("confirm", "") in ("1", "true", "on")
    access, sprint = sprint_changed(
        request, product_key, sprint_id, services.sprint_start, confirmed=confirmed
    )
    return back_to(
        request,
        reverse("delivery:board", args=[access.product.key]),
        f"{sprint.name} started with {sprint.committed_points} points committed.",
    )


@login_required
@require_POST
def sprint_close(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    carry = {
        name.removeprefix("carry-"): str(value)
        for name, value in request.POST.items()
        if name.startswith("carry-")
    }
    access, sprint = sprint_changed(
        request, product_key, sprint_id, services.sprint_close, carry=carry
    )
    return back_to(
        request,
        _sprint_url(access, sprint),
        f"{sprint.name} closed: {sprint.completed_points} points completed.",
    )


@login_required
@require_POST
def sprint_archive(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    access, sprint = sprint_of(request, product_key, sprint_id)
    if request.POST.get("restore") == "1":
        services.sprint_restore(access=access, sprint=sprint)
        return back_to(request, _sprint_url(access, sprint), f"{sprint.name} restored.")
    services.sprint_archive(access=access, sprint=sprint)
    return back_to(
        request,
        reverse("delivery:index", args=[access.product.key]),
        f"{sprint.name} archived. Find it under Archived to restore it.",
    )


def team_members(access: ProductAccess) -> list[User]:
    seen: dict[int, User] = {}
    for membership in members_of(access=access):
        seen.setdefault(membership.user_id, membership.user)
    return list(seen.values())
