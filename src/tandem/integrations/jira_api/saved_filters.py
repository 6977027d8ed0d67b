"""Saved JQL filters: every read and write, scoped to the caller's product.

Anyone who can read a product may save filters on it; only the owner changes or
archives one. Each write is audited like any other record's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from tandem.backlog.extensions import SavedQuery
from tandem.core.jql import JqlError
from tandem.integrations.jira_models import SavedFilter
from tandem.workspace import records
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.rights import Action, Level
from tandem.workspace.setting_writes import check_settings_version, save_settings

from .jql import compile_jql

NAME_MAX = 120
OBJECT_TYPE = "saved_filter"


def saved_filters_of(*, access: ProductAccess) -> QuerySet[SavedFilter]:
    """The caller's own filters and the shared ones of this product, by name."""
    return (
        SavedFilter.objects.filter(product=access.product, archived_at__isnull=True)
        .filter(Q(owner=access.user) | Q(shared=True))
        .select_related("owner", "product")
        .order_by("name", "id")
    )


def saved_filter_of(*, access: ProductAccess, filter_id: int) -> SavedFilter:
    found = saved_filters_of(access=access).filter(pk=filter_id).first()
    if found is None:
        raise NotFound(f"The selected filter is not available to you: {filter_id}.")
    return found


def saved_queries(access: ProductAccess) -> list[SavedQuery]:
    """For the backlog page's menu."""
    return [SavedQuery(id=f.pk, name=f.name, query=f.jql) for f in saved_filters_of(access=access)]


def _clean(
    access: ProductAccess, values: Mapping[str, Any], current: SavedFilter | None
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    if "name" in values or current is None:
        name = str(values.get("name") or "").strip()
        if not name:
            errors["name"] = "is required"
        elif len(name) > NAME_MAX:
            errors["name"] = f"must be at most {NAME_MAX} characters"
        clean["name"] = name
    if "jql" in values or current is None:
        jql = str(values.get("jql") or "").strip()
        try:
            compile_jql(jql, user=access.user)
        except JqlError as error:
            errors["jql"] = str(error)
        clean["jql"] = jql
    if "description" in values:
        clean["description"] = str(values["description"] or "")
    if "shared" in values:
        if not isinstance(values["shared"], bool):
            errors["shared"] = "must be true or false"
        clean["shared"] = values["shared"]
    new_name = clean.get("name")
    if new_name and "name" not in errors:
        taken = saved_filters_of(access=access).filter(owner=access.user, name=new_name)
        if current is not None:
            taken = taken.exclude(pk=current.pk)
        if taken.exists():
            errors["name"] = f"you already have a filter named {new_name!r}"
    if errors:
        raise ValidationFailed(errors)
    return clean


def _snapshot(saved: SavedFilter) -> dict[str, Any]:
    return {"name": saved.name, "jql": saved.jql, "shared": saved.shared}


@transaction.atomic
def saved_filter_create(*, access: ProductAccess, values: Mapping[str, Any]) -> SavedFilter:
    access.require(Action.BACKLOG, Level.READ)
    clean = _clean(access, values, None)
    saved = SavedFilter.objects.create(product=access.product, owner=access.user, **clean)
    records.created(access=access, record=saved, object_type=OBJECT_TYPE, snapshot=_snapshot)
    return saved


def _owned(access: ProductAccess, saved: SavedFilter) -> SavedFilter:
    locked = SavedFilter.objects.select_for_update().filter(pk=saved.pk).first()
    if locked is None or locked.archived_at is not None:
        raise NotFound("No such filter.")
    if locked.owner_id != access.user.pk:
        raise PermissionDenied("Only the owner of a filter can change it.")
    return locked


@transaction.atomic
def saved_filter_update(
    *,
    access: ProductAccess,
    saved: SavedFilter,
    values: Mapping[str, Any],
    expected_version: int | None,
) -> SavedFilter:
    saved = _owned(access, saved)
    check_settings_version(saved, expected_version, what="the filter", current=_snapshot(saved))
    clean = _clean(access, values, saved)
    save_settings(access, saved, clean, verb=f"{OBJECT_TYPE}.updated", snapshot=_snapshot)
    return saved


@transaction.atomic
def saved_filter_archive(*, access: ProductAccess, saved: SavedFilter) -> None:
    """Soft delete: the filter leaves the menus; its history stays."""
    saved = _owned(access, saved)
    records.set_archived(access=access, record=saved, archived=True, object_type=OBJECT_TYPE)
