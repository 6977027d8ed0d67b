"""Blockers and impediments: raise, edit, resolve, escalate to the PM, archive.

A *blocker* halts the items it names: the status guard in
``tandem.delivery.hooks.sprints`` refuses to move them to done while it is open.
An *impediment* slows the team and blocks nothing. Both are the team's work
(``Action.WORK``, *edit*); escalating one puts an open decision in the PM's
queue through the strategy app and keeps a link to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.backlog.models import Item
from tandem.delivery.models import Impediment, ImpedimentKind, Sprint
from tandem.strategy import services as strategy_services
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Membership, User
from tandem.workspace.records import check_version
from tandem.workspace.registry import RecordType
from tandem.workspace.rights import Action, Level

__all__ = [
    "impediment_archive",
    "impediment_escalate",
    "impediment_raise",
    "impediment_resolve",
    "impediment_restore",
    "impediment_snapshot",
    "impediment_update",
]

IMPEDIMENT_FIELDS = ("kind", "description", "owner", "items", "sprint")


def impediment_snapshot(impediment: Impediment) -> dict[str, Any]:
    return {
        "kind": impediment.kind,
        "description": impediment.description,
        "owner": impediment.owner.email if impediment.owner_id and impediment.owner else None,
        "items": sorted(item.key for item in impediment.items.all()) if impediment.pk else [],
        "sprint": impediment.sprint_id,
        "resolved_at": impediment.resolved_at.isoformat() if impediment.resolved_at else None,
        "resolution": impediment.resolution,
    }


# Not a registered kind (its verbs are its own); the declaration gives it the write spine's
# row lock and audit event.
IMPEDIMENT = RecordType(
    name="impediment",
    model=Impediment,
    label="Impediment",
    plural="impediments",
    action=Action.WORK,
    title_field="description",
)


def _locked(access: ProductAccess, impediment: Impediment) -> Impediment:
    """The impediment, locked for the transaction."""
    locked: Impediment = writes.lock(IMPEDIMENT, access, impediment.pk)
    return locked


def _locked_at(
    access: ProductAccess, impediment: Impediment, expected_version: int | None
) -> Impediment:
    """The impediment, locked, at the version the caller read (none is 428, a stale one 409)."""
    locked = _locked(access, impediment)
    check_version(locked, expected_version, impediment_snapshot, label="This impediment")
    return locked


def _clean(access: ProductAccess, changes: Mapping[str, Any], creating: bool) -> dict[str, Any]:
    errors: dict[str, str] = dict.fromkeys(
        sorted(set(changes) - set(IMPEDIMENT_FIELDS)), "is not a field of an impediment"
    )
    clean: dict[str, Any] = {}
    for field, value in changes.items():
        if field == "kind":
            if value not in ImpedimentKind.values:
                errors[field] = f"must be one of: {', '.join(ImpedimentKind.values)}"
            clean[field] = value
        elif field == "description":
            text = str(value or "").strip()
            if not text:
                errors[field] = "is required"
            elif len(text) > 5_000:
                errors[field] = "must be at most 5,000 characters"
            clean[field] = text
        elif field == "owner":
            clean[field] = _member(errors, access, value)
        elif field == "items":
            clean[field] = _items(errors, access, value)
        elif field == "sprint":
            clean[field] = _sprint(errors, access, value)
    if creating and "description" not in changes:
        errors["description"] = "is required"
    if errors:
        raise ValidationFailed(errors)
    return clean


def _member(errors: dict[str, str], access: ProductAccess, value: Any) -> User | None:
    if value in (None, ""):
        return None
    if isinstance(value, User):
        value = value.email
    user = User.objects.filter(email=str(value).strip().lower()).first()
    if user is None or not Membership.objects.filter(user=user, product=access.product).exists():
        errors["owner"] = f"{value} is not a member of {access.product.key}"
        return None
    return user


def _items(errors: dict[str, str], access: ProductAccess, value: Any) -> list[Item]:
    if isinstance(value, str):
        value = [key for key in value.replace(",", " ").split() if key]
    if not isinstance(value, list | tuple):
        errors["items"] = "must be a list of item keys"
        return []
    found: list[Item] = []
    missing: list[str] = []
    for entry in value:
        if isinstance(entry, Item):
            if entry.product_id == access.product.pk:
                found.append(entry)
            else:
                missing.append(str(entry.pk))
            continue
        prefix, _, number = str(entry).strip().upper().rpartition("-")
        item = (
            Item.objects.filter(
                product=access.product, number=int(number), archived_at__isnull=True
            ).first()
            if prefix == access.product.key and number.isdigit()
            else None
        )
        if item is None:
            missing.append(str(entry))
        else:
            found.append(item)
    if missing:
        errors["items"] = f"not items of {access.product.key}: {', '.join(missing)}"
    return found


def _sprint(errors: dict[str, str], access: ProductAccess, value: Any) -> Sprint | None:
    if value in (None, ""):
        return None
    if isinstance(value, Sprint):
        value = value.pk
    sprint = Sprint.objects.filter(
        pk=int(value) if str(value).isdigit() else 0, product=access.product
    ).first()
    if sprint is None:
        errors["sprint"] = "is not a sprint of this product"
    return sprint


def _apply(impediment: Impediment, clean: Mapping[str, Any]) -> list[Item] | None:
    items = None
    for field, value in clean.items():
        if field == "items":
            items = value
        else:
            setattr(impediment, field, value)
    return items


def _save(
    access: ProductAccess,
    impediment: Impediment,
    verb: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    items: list[Item] | None = None,
) -> None:
    """Save a new version and audit it; given ``before``, the event also shows the state now."""
    impediment.version += 1
    impediment.updated_at = timezone.now()
    impediment.save()
    if items is not None:
        impediment.items.set(items)
    if before is not None:
        after = impediment_snapshot(impediment)
    writes.event(access, IMPEDIMENT, impediment, verb, before=before, after=after)


@transaction.atomic
def impediment_raise(*, access: ProductAccess, fields: Mapping[str, Any]) -> Impediment:
    """Record a blocker (halts its items) or an impediment (slows the team)."""
    access.require(Action.WORK, Level.EDIT)
    clean = _clean(access, fields, creating=True)
    impediment = Impediment(product=access.product, raised_by=access.user)
    items = _apply(impediment, clean)
    if impediment.owner is None:
        impediment.owner = access.user
    impediment.save()
    if items:
        impediment.items.set(items)
    writes.event(access, IMPEDIMENT, impediment, "raised", after=impediment_snapshot(impediment))
    return impediment


@transaction.atomic
def impediment_update(
    *,
    access: ProductAccess,
    impediment: Impediment,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Impediment:
    access.require(Action.WORK, Level.EDIT)
    impediment = _locked_at(access, impediment, expected_version)
    if impediment.archived_at is not None:
        raise ValidationFailed({"impediment": "it is archived; restore it first"})
    clean = _clean(access, changes, creating=False)
    before = impediment_snapshot(impediment)
    _save(access, impediment, "updated", before=before, items=_apply(impediment, clean))
    return impediment


@transaction.atomic
def impediment_resolve(
    *,
    access: ProductAccess,
    impediment: Impediment,
    resolution: str = "",
    expected_version: int | None,
    reopen: bool = False,
) -> Impediment:
    """Mark it resolved (its items may move again), or reopen it."""
    access.require(Action.WORK, Level.EDIT)
    impediment = _locked_at(access, impediment, expected_version)
    before = impediment_snapshot(impediment)
    if reopen:
        impediment.resolved_at = None
    else:
        if impediment.resolved_at is not None:
            raise ValidationFailed({"resolved_at": "it is already resolved"})
        impediment.resolved_at = timezone.now()
        impediment.resolution = resolution.strip()[:5_000]
    _save(access, impediment, "reopened" if reopen else "resolved", before=before)
    return impediment


@transaction.atomic
def impediment_escalate(
    *, access: ProductAccess, impediment: Impediment, note: str = ""
) -> Impediment:
    """Ask the PM to decide: an open decision in the PM's queue, linked from here."""
    access.require(Action.WORK, Level.EDIT)
    impediment = _locked(access, impediment)
    if impediment.decision_id is not None:
        raise ValidationFailed({"decision": "it is already escalated"})
    if impediment.resolved_at is not None:
        raise ValidationFailed({"resolved_at": "it is resolved; nothing to escalate"})
    keys = ", ".join(sorted(item.key for item in impediment.items.all()))
    context = "\n\n".join(
        part
        for part in (
            f"{impediment.get_kind_display()} raised on {impediment.raised_at:%Y-%m-%d}: "
            f"{impediment.description}",
            f"Items: {keys}" if keys else "",
            note.strip(),
        )
        if part
    )
    title = f"{impediment.get_kind_display()}: {impediment.description}"
    if len(title) > 200:
        title = title[:199] + "…"
    decision = strategy_services.escalate_decision(access=access, title=title, context=context)
    impediment.decision = decision
    _save(access, impediment, "escalated", after={"decision": decision.pk})
    return impediment


@transaction.atomic
def _set_archived(*, access: ProductAccess, impediment: Impediment, archived: bool) -> Impediment:
    access.require(Action.WORK, Level.EDIT)
    impediment = _locked(access, impediment)
    if (impediment.archived_at is not None) != archived:
        impediment.archived_at = timezone.now() if archived else None
        _save(access, impediment, "archived" if archived else "restored")
    return impediment


impediment_archive = partial(_set_archived, archived=True)
impediment_restore = partial(_set_archived, archived=False)
