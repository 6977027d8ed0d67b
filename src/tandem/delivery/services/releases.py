"""Release-side delivery services: releases and their scope.

Reviews and acceptance, test planning and launches live in their own modules,
gathered here so ``tandem.delivery.services`` names them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog.models import Item, Kind
from tandem.backlog.story_map import selectors as story_map_selectors
from tandem.backlog.story_map import services as story_map_services
from tandem.backlog.story_map.models import MapSlice
from tandem.delivery.models import Release, ReleaseState
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import caller_event
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.records import check_version, set_archived
from tandem.workspace.rights import Action, Level

from ._common import clean_text, raise_if
from .release_common import bump, clean_date, locked, refuse_archived

__all__ = [
    "release_archive",
    "release_create",
    "release_restore",
    "release_scope_add_slice",
    "release_ship",
    "release_snapshot",
    "release_update",
]

RELEASE_FIELDS = frozenset({"name", "target_date", "notes", "items", "epics", "slice"})


def release_snapshot(release: Release) -> dict[str, Any]:
    """The release's editable state as JSON-ready values (items and epics by key)."""
    return {
        "name": release.name,
        "target_date": release.target_date.isoformat() if release.target_date else None,
        "released_on": release.released_on.isoformat() if release.released_on else None,
        "state": release.state,
        "notes": release.notes,
        "items": sorted(i.key for i in release.items.all()) if release.pk else [],
        "epics": sorted(e.key for e in release.epics.all()) if release.pk else [],
        "slice": release.slice_id,
    }


def _items(
    access: ProductAccess, errors: dict[str, str], field: str, keys: Any, *, epics: bool
) -> list[Item]:
    if not isinstance(keys, list | tuple) or not all(isinstance(k, str) for k in keys):
        errors[field] = "must be a list of item keys"
        return []
    wanted = list(dict.fromkeys(k.strip().upper() for k in keys if k.strip()))
    if not wanted:
        return []
    try:
        found = backlog_selectors.items_in_backlog(access=access, keys=wanted)
    except NotFound as exc:
        errors[field] = exc.detail
        return []
    wrong = [i.key for i in found if (i.kind == Kind.EPIC) != epics]
    if wrong:
        errors[field] = (
            f"{', '.join(wrong)} {'are not epics' if epics else 'are epics; put them in epics'}"
        )
    return found


def _clean(
    access: ProductAccess, release: Release | None, fields: Mapping[str, Any]
) -> dict[str, Any]:
    unknown = set(fields) - RELEASE_FIELDS
    errors: dict[str, str] = dict.fromkeys(sorted(unknown), "is not a field of a release")
    clean: dict[str, Any] = {}
    if "name" in fields or release is None:
        clean["name"] = clean_text(errors, "name", fields.get("name"), limit=50, required=True)
        taken = Release.objects.filter(
            product=access.product, name__iexact=clean["name"], archived_at__isnull=True
        )
        if release is not None:
            taken = taken.exclude(pk=release.pk)
        if clean["name"] and taken.exists():
            errors["name"] = f"{clean['name']} is already a release of {access.product.key}"
    if "target_date" in fields:
        clean["target_date"] = clean_date(errors, "target_date", fields["target_date"])
    if "notes" in fields:
        clean["notes"] = clean_text(errors, "notes", fields["notes"], limit=20_000)
    if "items" in fields:
        clean["items"] = _items(access, errors, "items", fields["items"], epics=False)
    if "epics" in fields:
        clean["epics"] = _items(access, errors, "epics", fields["epics"], epics=True)
    if "slice" in fields:
        clean["slice"] = _slice(access, errors, release, fields["slice"])
    raise_if(errors)
    return clean


def _slice(
    access: ProductAccess, errors: dict[str, str], release: Release | None, value: Any
) -> MapSlice | None:
    """A live release slice of this product's story map that no other live release ships."""
    if value in (None, ""):
        return None
    if isinstance(value, MapSlice):
        value = value.pk
    if isinstance(value, bool) or not str(value).isdigit():
        errors["slice"] = "must be the id of a release slice on the story map"
        return None
    try:
        chosen = story_map_services.slice_of(access, int(value))
    except ValidationFailed as exc:
        errors.update(exc.errors)
        return None
    taken = Release.objects.filter(slice=chosen, archived_at__isnull=True)
    if release is not None:
        taken = taken.exclude(pk=release.pk)
    other = taken.first()
    if other is not None:
        errors["slice"] = f"{chosen.name} is already release {other.name}'s slice"
    return chosen


def _locked(access: ProductAccess, release_id: int) -> Release:
    return locked(Release.objects.filter(product=access.product), release_id, "release")


def _editable(access: ProductAccess, release_id: int, expected_version: int | None) -> Release:
    """The live release, locked, at the version the caller read; the PO's to change."""
    access.require(Action.BACKLOG, Level.DECIDE)
    release = _locked(access, release_id)
    check_version(release, expected_version, release_snapshot, label=f"Release {release.name}")
    refuse_archived(release, "release", release.name)
    return release


def _event(access: ProductAccess, release: Release, verb: str, **data: Any) -> None:
    caller_event(access, verb, release.pk, release.name, **data)


def _apply(release: Release, clean: Mapping[str, Any]) -> None:
    for field in ("name", "target_date", "notes", "slice"):
        if field in clean:
            setattr(release, field, clean[field])


def _store_scope(release: Release, clean: Mapping[str, Any]) -> None:
    if "items" in clean:
        release.items.set(clean["items"])
    if "epics" in clean:
        release.epics.set(clean["epics"])


@transaction.atomic
def release_create(*, access: ProductAccess, fields: Mapping[str, Any]) -> Release:
    """Plan a release: what ships and when is the Product Owner's call."""
    access.require(Action.BACKLOG, Level.DECIDE)
    clean = _clean(access, None, fields)
    now = timezone.now()
    release = Release(
        product=access.product, created_by=access.user, created_at=now, updated_at=now
    )
    _apply(release, clean)
    release.save()
    _store_scope(release, clean)
    _event(access, release, "release.created", after=release_snapshot(release))
    return release


@transaction.atomic
def release_update(
    *,
    access: ProductAccess,
    release_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Release:
    """Change the name, date, notes or scope (``items`` and ``epics`` replace the lists)."""
    release = _editable(access, release_id, expected_version)
    clean = _clean(access, release, changes)
    before = release_snapshot(release)
    _apply(release, clean)
    bump(release)
    _store_scope(release, clean)
    _event(access, release, "release.updated", before=before, after=release_snapshot(release))
    return release


@transaction.atomic
def release_ship(
    *,
    access: ProductAccess,
    release_id: int,
    released_on: dt.date,
    expected_version: int | None,
) -> Release:
    """Mark the release shipped on a day; its scope stays as the record of what shipped."""
    release = _editable(access, release_id, expected_version)
    if release.state == ReleaseState.RELEASED:
        raise ValidationFailed({"state": f"{release.name} already shipped"})
    before = release_snapshot(release)
    release.state = ReleaseState.RELEASED
    release.released_on = released_on
    bump(release)
    _event(access, release, "release.shipped", before=before, after=release_snapshot(release))
    return release


@transaction.atomic
def _set_archived(*, access: ProductAccess, release_id: int, archived: bool) -> Release:
    """Soft delete or restore: archived, the release leaves the lists but keeps its history."""
    access.require(Action.BACKLOG, Level.DECIDE)
    release = _locked(access, release_id)
    if (release.archived_at is not None) == archived:
        return release
    if not archived:
        clash = Release.objects.filter(
            product=access.product, name__iexact=release.name, archived_at__isnull=True
        )
        if clash.exists():
            raise ValidationFailed({"name": f"{release.name} is taken by a live release"})
        shipping = Release.objects.filter(slice_id=release.slice_id, archived_at__isnull=True)
        if release.slice_id is not None and shipping.exists():
            raise ValidationFailed(
                {"slice": f"its story-map slice is release {shipping[0].name}'s now; unlink it"}
            )
    set_archived(access=access, record=release, archived=archived, object_type="release")
    return release


release_archive = partial(_set_archived, archived=True)
release_restore = partial(_set_archived, archived=False)


@transaction.atomic
def release_scope_add_slice(
    *, access: ProductAccess, release_id: int, expected_version: int | None
) -> tuple[Release, list[Item]]:
    """Add the stories of the release's story-map slice to its scope, through
    :func:`release_update` (so with its rights, version check and audit); answers the
    release and the stories that were not in its scope yet."""
    access.require(Action.BACKLOG, Level.DECIDE)
    release = _locked(access, release_id)
    if release.slice_id is None:
        raise ValidationFailed({"slice": f"link release {release.name} to a story-map slice first"})
    linked = MapSlice.objects.filter(
        pk=release.slice_id, product=access.product, archived_at__isnull=True
    ).first()
    if linked is None:
        raise ValidationFailed({"slice": "the linked slice is archived; restore it first"})
    stories = story_map_selectors.slice_stories(access=access, slice=linked)
    scope = {i.key for i in release.items.all()}
    added = [story for story in stories if story.key not in scope]
    release = release_update(
        access=access,
        release_id=release.pk,
        changes={"items": sorted(scope | {story.key for story in added})},
        expected_version=expected_version,
    )
    return release, added
