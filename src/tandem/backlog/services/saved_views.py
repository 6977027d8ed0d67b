"""Saved backlog views: personal ones for their owner, shared ones for the whole product.

Anyone who reads the backlog keeps personal views; those who shape it (propose or
decide) may share one. A shared view is changed by its owner or the Product Owner.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone

from tandem.backlog import extensions
from tandem.backlog.filter_params import VIEW_PARAMETERS, clean_query, filters_from_query
from tandem.backlog.models import Item, SavedView
from tandem.backlog.selectors.filtering import check_choices
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.records import check_version
from tandem.workspace.rights import Action, Level
from tandem.workspace.transactions import retrying

VIEW_FIELDS = ("name", "shared", "query", "jql")


def _clean(access: ProductAccess, values: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = dict.fromkeys(
        sorted(set(values) - set(VIEW_FIELDS)), "is not a field of a view"
    )
    clean: dict[str, Any] = {}
    if "name" in values:
        clean["name"] = str(values["name"] or "").strip()
        if not clean["name"]:
            errors["name"] = "is required"
        elif len(clean["name"]) > 100:
            errors["name"] = "must be at most 100 characters"
    if "shared" in values:
        if not isinstance(values["shared"], bool):
            errors["shared"] = "must be true or false"
        clean["shared"] = bool(values["shared"])
    if "query" in values:
        clean["query"] = _clean_query(errors, str(values["query"] or ""))
    if "jql" in values:
        clean["jql"] = _clean_jql(access, errors, str(values["jql"] or ""))
    if errors:
        raise ValidationFailed(errors)
    return clean


def _clean_query(errors: dict[str, str], raw: str) -> str:
    text = raw.strip().lstrip("?")
    if len(text) > 2000:
        errors["query"] = "must be at most 2000 characters"
        return text
    query = QueryDict(text)
    unknown = sorted(set(query) - VIEW_PARAMETERS)
    if unknown:
        errors["query"] = f"{', '.join(unknown)} is not a filter of the backlog"
        return text
    try:
        check_choices(filters_from_query(query))
    except ValidationFailed as refused:
        errors["query"] = "; ".join(f"{k} {v}" for k, v in refused.errors.items())
    return clean_query(query).urlencode()


def _clean_jql(access: ProductAccess, errors: dict[str, str], raw: str) -> str:
    jql = raw.strip()
    if len(jql) > 2000:
        errors["jql"] = "must be at most 2000 characters"
    elif jql:
        try:  # compiled once now, so a view never fails the day someone opens it
            extensions.filtered_by_query(access, Item.objects.none(), jql)
        except ValidationFailed as refused:
            errors["jql"] = refused.errors.get("jql") or "is not a query this server reads"
    return jql


def _require_share(access: ProductAccess, shared: bool) -> None:
    if shared and not access.can(Action.BACKLOG, Level.PROPOSE):
        raise PermissionDenied(f"Your role on {access.product.key} cannot share a view.")


def _snapshot(view: SavedView) -> dict[str, Any]:
    return {"name": view.name, "shared": view.shared, "query": view.query, "jql": view.jql}


def _saved(view: SavedView) -> None:
    try:
        with transaction.atomic():
            view.save()
    except IntegrityError:
        raise ValidationFailed({"name": f"you already have a view named {view.name}"}) from None


def _audit(access: ProductAccess, view: SavedView, verb: str, **data: Any) -> None:
    record_event(
        actor=access.user,
        product=access.product,
        verb=verb,
        object_type="saved_view",
        object_id=view.pk,
        object_label=view.name,
        **data,
    )


@retrying
def saved_view_create(*, access: ProductAccess, values: Mapping[str, Any]) -> SavedView:
    access.require(Action.BACKLOG, Level.READ)
    clean = _clean(access, {"query": "", "jql": "", "shared": False, **values})
    if "name" not in clean:
        raise ValidationFailed({"name": "is required"})
    _require_share(access, clean["shared"])
    view = SavedView(product=access.product, owner=access.user, **clean)
    _saved(view)
    _audit(access, view, "saved_view.created", after=_snapshot(view))
    return view


def _changeable(access: ProductAccess, view_id: int) -> SavedView:
    view = (
        SavedView.objects.select_for_update()
        .filter(pk=view_id, product=access.product)
        .select_related("owner")
        .first()
    )
    if view is None or not (view.shared or view.owner_id == access.user.pk):
        raise NotFound("No such view.")
    deciding = view.shared and access.can(Action.BACKLOG, Level.DECIDE)
    if view.owner_id != access.user.pk and not deciding:
        raise PermissionDenied(
            f"Only {view.owner.email} or the Product Owner changes the shared view {view.name}."
        )
    return view


@retrying
def saved_view_update(
    *,
    access: ProductAccess,
    view_id: int,
    values: Mapping[str, Any],
    expected_version: int | None,
) -> SavedView:
    """Rename, share, or save new filters into a view."""
    view = _changeable(access, view_id)
    check_version(view, expected_version, _snapshot, label=f"The view {view.name}")
    clean = _clean(access, values)
    if clean.get("shared") and not view.shared:
        _require_share(access, True)
    before = _snapshot(view)
    for field, value in clean.items():
        setattr(view, field, value)
    view.version += 1
    view.updated_at = timezone.now()
    _saved(view)
    _audit(access, view, "saved_view.updated", before=before, after=_snapshot(view))
    return view


@retrying
def saved_view_delete(*, access: ProductAccess, view_id: int) -> None:
    view = _changeable(access, view_id)
    _audit(access, view, "saved_view.deleted", before=_snapshot(view))
    view.delete()
