"""Saved views on the backlog page: save the filters in force, rename, share, delete."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from tandem.backlog import selectors, services
from tandem.backlog.filter_params import clean_query, page_query
from tandem.workspace.access import ProductAccess
from tandem.workspace.http import HtmxHttpRequest, access_of, back_to, form_version
from tandem.workspace.rights import Action, Level


@dataclass(frozen=True)
class ViewChoice:
    id: int
    name: str
    shared: bool
    owner: str
    can_change: bool
    version: int


def view_choices(access: ProductAccess) -> list[ViewChoice]:
    deciding = access.can(Action.BACKLOG, Level.DECIDE)
    return [
        ViewChoice(
            id=view.pk,
            name=view.name,
            shared=view.shared,
            owner=view.owner.email,
            can_change=view.owner_id == access.user.pk or (view.shared and deciding),
            version=view.version,
        )
        for view in selectors.saved_views_of(access=access)
    ]


def _list_url(access: ProductAccess, view_id: int | None = None) -> str:
    url = reverse("backlog:list", args=[access.product.key])
    return f"{url}?view={view_id}" if view_id else url


def _filters_posted(request: HtmxHttpRequest) -> tuple[str, str]:
    """The filters to save: the filter bar's own fields when HTMX sent them along,
    else the query string the page was rendered with."""
    if request.htmx:
        return clean_query(page_query(request.POST)).urlencode(), request.POST.get("jql", "")
    return request.POST.get("query", ""), request.POST.get("jql", "")


def _done(request: HtmxHttpRequest, url: str, message: str) -> HttpResponse:
    if request.htmx:
        messages.success(request, message)
        return HttpResponseClientRedirect(url)
    return back_to(request, url, message)


@login_required
@require_POST
def view_create(request: HtmxHttpRequest, product_key: str) -> HttpResponse:
    """Save the filters the page shows (sent as ``query`` and ``jql``) under a name."""
    access = access_of(request, product_key)
    query, jql = _filters_posted(request)
    view = services.saved_view_create(
        access=access,
        values={
            "name": request.POST.get("name", ""),
            "shared": request.POST.get("shared") == "1",
            "query": query,
            "jql": jql,
        },
    )
    kept = "shared with the product" if view.shared else "visible to you only"
    return _done(request, _list_url(access, view.pk), f"Saved the view {view.name}, {kept}.")


@login_required
@require_POST
def view_update(request: HtmxHttpRequest, product_key: str, view_id: int) -> HttpResponse:
    """Rename or share a view; with ``save_filters`` it also takes the filters in force."""
    access = access_of(request, product_key)
    values: dict[str, object] = {}
    if "name" in request.POST:
        values["name"] = request.POST["name"]
    if "shared" in request.POST:
        values["shared"] = request.POST["shared"] == "1"
    if request.POST.get("save_filters") == "1":
        values["query"], values["jql"] = _filters_posted(request)
    view = services.saved_view_update(
        access=access, view_id=view_id, values=values, expected_version=form_version(request.POST)
    )
    return _done(request, _list_url(access, view.pk), f"Saved the view {view.name}.")


@login_required
@require_POST
def view_delete(request: HtmxHttpRequest, product_key: str, view_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    view = selectors.saved_view_of(access=access, view_id=view_id)
    services.saved_view_delete(access=access, view_id=view_id)
    return _done(request, _list_url(access), f"Deleted the view {view.name}.")
