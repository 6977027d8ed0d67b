"""The release pages: thin over services and selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.backlog.story_map import selectors as story_map_selectors
from tandem.core.burnup import Burnup
from tandem.delivery import selectors, services
from tandem.delivery.models import Release, ReleaseState
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import (
    access_of,
    back_to,
    is_partial,
    required_version,
)
from tandem.workspace.notifications.views import watch_context
from tandem.workspace.rights import Action, Level
from tandem.workspace.selectors import people_of

from .release_common import posted_verb


def posted_date(request: HttpRequest, name: str) -> dt.date | None:
    raw = request.POST.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationFailed({name: "must be a date like 2025-06-30"}) from exc


def keys(raw: str) -> list[str]:
    """Item keys typed as "DRN-1, DRN-4 DRN-9"."""
    return [key for key in raw.replace(",", " ").split() if key]


@login_required
def releases(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    archived = request.GET.get("archived") == "1"
    return render(
        request,
        "delivery/releases.html",
        {
            "access": access,
            "product": access.product,
            "rows": selectors.releases_of(access=access, archived=archived),
            "archived": archived,
            "plans": access.can(Action.BACKLOG, Level.DECIDE),
        },
    )


def release_url(release: Release) -> str:
    return reverse("delivery:release", args=[release.product.key, release.pk])


@login_required
@require_POST
def release_create(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    release = services.release_create(
        access=access,
        fields={
            "name": request.POST.get("name", ""),
            "target_date": request.POST.get("target_date") or None,
            "epics": keys(request.POST.get("epics", "")),
            "items": keys(request.POST.get("items", "")),
        },
    )
    return back_to(request, release_url(release), f"Release {release.name} planned.")


def _chart_data(burnup: Burnup, forecast: selectors.ReleaseForecast | None) -> dict[str, Any]:
    """What the release charts draw, as JSON for the page's script."""
    fan = forecast.fan if forecast else ()
    return {
        "burnup": {
            "days": [day.isoformat() for day in burnup.days],
            "scope": list(burnup.scope),
            "done": list(burnup.done),
        },
        "fan": {
            "days": [point.day.isoformat() for point in fan],
            "levels": {
                str(level): [point.points[level] for point in fan] for level in (5, 50, 85, 95)
            }
            if fan
            else {},
            "scope": forecast.scope_points if forecast else 0,
        },
    }


@login_required
def release(request: HttpRequest, product_key: str, release_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    release = selectors.release_of(access=access, release_id=release_id)
    scope = selectors.release_scope(access=access, release=release)
    burnup = selectors.release_burnup(access=access, release=release, scope=scope)
    forecast = (
        selectors.release_forecast(access=access, release=release, scope=scope)
        if release.state == ReleaseState.PLANNED
        else None
    )
    launch = selectors.launch_of(access=access, release=release)
    points, done_points = selectors.scope_points(scope)
    strategy = access.level(Action.STRATEGY)
    plans = access.can(Action.BACKLOG, Level.DECIDE)
    return render(
        request,
        "delivery/release.html",
        {
            "access": access,
            "product": access.product,
            "release": release,
            "scope": scope,
            "points": points,
            "done_points": done_points,
            "forecast": forecast,
            "charts": _chart_data(burnup, forecast),
            "launch": launch,
            "archived_launches": []
            if launch
            else selectors.archived_launches_of(access=access, release=release),
            "watch": watch_context(access, "release", release.pk),
            "plans": plans,
            **_slice_context(access, release, plans),
            "decides_launch": strategy >= Level.DECIDE,
            "proposes_launch": strategy >= Level.PROPOSE,
            "shapes_launch": launch is not None
            and (
                strategy >= Level.DECIDE
                or (strategy >= Level.PROPOSE and launch.launch.state != "approved")
            ),
            "members": list(people_of(access=access)),
            "today": dt.date.today(),
        },
    )


def _slice_context(access: ProductAccess, release: Release, plans: bool) -> dict[str, Any]:
    """The story-map slice the release ships, its stories not in scope yet, and the choice."""
    linked = release.slice
    stories = (
        story_map_selectors.slice_stories(access=access, slice=linked)
        if linked is not None and linked.archived_at is None
        else []
    )
    in_scope = {item.pk for item in release.items.all()}
    return {
        "linked_slice": linked,
        "slice_stories": stories,
        "slice_missing": [story for story in stories if story.pk not in in_scope],
        "slice_choices": story_map_selectors.slices_of(access=access) if plans else [],
    }


def _back_to_release(product_key: str, release: Release) -> str:
    return release_url(release)


def _slice_said(release: Release) -> str:
    if release.slice is None:
        return f"Release {release.name} no longer ships a story-map slice."
    return f"Release {release.name} ships the slice {release.slice.name}."


# Link the release to a slice of the story map (or unlink it).
release_slice = posted_verb(
    services.release_update,
    reads=lambda request: {
        "changes": {"slice": request.POST.get("slice", "").strip() or None},
        "expected_version": required_version(request.POST),
    },
    said=_slice_said,
    back=_back_to_release,
)


@login_required
@require_POST
def release_slice_stories(request: HttpRequest, product_key: str, release_id: int) -> HttpResponse:
    """Add the stories of the linked slice to the release's scope."""
    access = access_of(request, product_key)
    release, added = services.release_scope_add_slice(
        access=access, release_id=release_id, expected_version=required_version(request.POST)
    )
    if added:
        keys = ", ".join(story.key for story in added)
        messages.success(request, f"Added {len(added)} to the scope of {release.name}: {keys}.")
    else:
        messages.info(request, "Every story of the slice was already in scope.")
    return redirect(release_url(release))


def _posted_changes(request: HttpRequest) -> dict[str, Any]:
    return {
        "changes": {
            "name": request.POST.get("name", ""),
            "target_date": request.POST.get("target_date") or None,
            "notes": request.POST.get("notes", ""),
            "items": keys(request.POST.get("items", "")),
            "epics": keys(request.POST.get("epics", "")),
        },
        "expected_version": required_version(request.POST),
    }


release_update = posted_verb(
    services.release_update,
    reads=_posted_changes,
    said=lambda release: f"Release {release.name} saved.",
    back=_back_to_release,
)
release_ship = posted_verb(
    services.release_ship,
    reads=lambda request: {
        "released_on": posted_date(request, "released_on") or dt.date.today(),
        "expected_version": required_version(request.POST),
    },
    said=lambda release: f"Release {release.name} shipped.",
    back=_back_to_release,
)


release_archive = posted_verb(
    services.release_archive,
    said=lambda release: f"Release {release.name} archived; restore it from the archive.",
    back=lambda _, release: reverse("delivery:releases", args=[release.product.key]),
)
release_restore = posted_verb(
    services.release_restore,
    said=lambda release: f"Release {release.name} restored.",
    back=_back_to_release,
)


@login_required
def forecast_how_much(request: HttpRequest, product_key: str, release_id: int) -> HttpResponse:
    """The answer to "how much by this date?", as a partial for HTMX or a page of its own."""
    access = access_of(request, product_key)
    release = selectors.release_of(access=access, release_id=release_id)
    raw = request.GET.get("by", "")
    try:
        by = dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationFailed({"by": "pick a date"}) from exc
    answer = selectors.release_how_much(access=access, release=release, by=by)
    context = {"access": access, "product": access.product, "release": release, "answer": answer}
    if is_partial(request):
        return render(request, "delivery/forecast_how_much.html", context)
    return render(request, "delivery/forecast_page.html", context)


@login_required
def forecast_points(request: HttpRequest, product_key: str) -> HttpResponse:
    """ "When will these N points be done?", as a partial for HTMX or a page of its own."""
    access = access_of(request, product_key)
    raw = request.GET.get("points", "")
    if not raw.isdigit():
        raise ValidationFailed({"points": "must be a whole number of points"})
    forecast = selectors.points_forecast(access=access, points=int(raw))
    context = {"access": access, "product": access.product, "forecast": forecast}
    if is_partial(request):
        return render(request, "delivery/forecast_points.html", context)
    return render(request, "delivery/forecast_points_page.html", context)
