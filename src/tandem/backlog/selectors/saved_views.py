"""The saved views a person sees: their own, and those shared on the product."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import QueryDict

from tandem.backlog.models import SavedView
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound


def saved_views_of(*, access: ProductAccess) -> QuerySet[SavedView]:
    return (
        SavedView.objects.filter(product=access.product)
        .filter(Q(owner=access.user) | Q(shared=True))
        .select_related("owner")
        .order_by("-shared", "name", "id")
    )


def saved_view_of(*, access: ProductAccess, view_id: int) -> SavedView:
    view = saved_views_of(access=access).filter(pk=view_id).first()
    if view is None:
        raise NotFound("No such view.")
    return view


def view_query(view: SavedView, given: QueryDict) -> QueryDict:
    """The view's filters, each replaced by the same filter given alongside it."""
    query = QueryDict(view.query, mutable=True)
    for name in given:
        query.setlist(name, given.getlist(name))
    if view.jql and not query.get("jql"):
        query["jql"] = view.jql
    return query
