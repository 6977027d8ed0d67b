"""Create, change, archive and restore any strategy record, or propose it.

The rights table decides per record kind: the decider's write applies; a
proposer's becomes a :class:`StrategyProposal` that the decider accepts (applied
through these same functions) or declines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from tandem.core.ranking import key_between
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.rights import Action, Level

from ..kinds import Kind, clean, kind_named, snapshot, to_model_values
from ..models import Decision, DecisionLevel, DecisionStatus, Initiative, StrategyProposal


@dataclass(frozen=True)
class Outcome:
    """What a write did: the record as it now stands, or the proposal it became."""

    record: models.Model | None
    proposal: StrategyProposal | None = None

    @property
    def applied(self) -> bool:
        return self.proposal is None


def decides(access: ProductAccess, action: Action) -> bool:
    """Whether the caller decides; a proposer gets a proposal; anyone else is refused."""
    level = access.level(action)
    if level >= Level.DECIDE:
        return True
    if level == Level.PROPOSE:
        return False
    raise PermissionDenied(f"Your role on {access.product.key} cannot change {action.value}.")


def locked(access: ProductAccess, kind: Kind, record_id: int) -> models.Model:
    record = (
        kind.model._default_manager.select_for_update(of=("self",))
        .filter(pk=record_id, product=access.product)
        .first()
    )
    if record is None:
        raise NotFound(f"No such {kind.label.lower()}.")
    return record


def check_version(kind: Kind, record: models.Model, expected_version: int | None) -> None:
    version = record.version  # type: ignore[attr-defined]
    if expected_version is not None and expected_version != version:
        raise Conflict(
            f"This {kind.label.lower()} was changed by someone else (you edited version "
            f"{expected_version}, it is now at version {version}).",
            current=snapshot(kind, record) | {"id": record.pk, "version": version},
        )


def _event(
    access: ProductAccess,
    kind: Kind,
    record: models.Model,
    verb: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    record_event(
        actor=access.user,
        product=access.product,
        verb=f"{kind.name}.{verb}",
        object_type=kind.name,
        object_id=record.pk,
        object_label=kind.label_of(record),
        before=before,
        after=after,
    )


def propose(
    access: ProductAccess,
    kind: Kind,
    operation: str,
    record: models.Model | None,
    payload: Mapping[str, Any],
) -> StrategyProposal:
    label = kind.label_of(record) if record is not None else str(payload.get("title", ""))
    proposal = StrategyProposal.objects.create(
        product=access.product,
        kind=kind.name,
        operation=operation,
        record_id=record.pk if record is not None else None,
        record_label=(label or str(payload.get("name", "")))[:300],
        record_version=getattr(record, "version", None),
        payload=dict(payload),
        proposed_by=access.user,
    )
    record_event(
        actor=access.user,
        product=access.product,
        verb=f"{kind.name}.{operation}_proposed",
        object_type=kind.name,
        object_id=record.pk if record is not None else 0,
        object_label=proposal.record_label,
        after=dict(payload),
    )
    return proposal


def _json(kind: Kind, cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """Cleaned values back to JSON for a proposal (ids, e-mails, ISO dates)."""
    from ..kinds import PERSON, REF, REFS, plain

    data: dict[str, Any] = {}
    for name, value in cleaned.items():
        field = kind.field(name)
        if field.type == REF:
            data[name] = value.pk if value is not None else None
        elif field.type == REFS:
            data[name] = [v.pk for v in value]
        elif field.type == PERSON:
            data[name] = value.email if value is not None else None
        else:
            data[name] = plain(value)
    return data


# --- create ---------------------------------------------------------------------------


@transaction.atomic
def record_create(*, access: ProductAccess, kind: str, fields: Mapping[str, Any]) -> Outcome:
    """A new record, or a proposal for one when the caller's level is *propose*."""
    spec = kind_named(kind)
    cleaned = clean(spec, access.product, None, fields)
    if not decides(access, spec.action_for(cleaned)):
        return Outcome(None, propose(access, spec, "create", None, _json(spec, cleaned)))
    return Outcome(apply_create(access, spec, cleaned))


def apply_create(access: ProductAccess, kind: Kind, cleaned: Mapping[str, Any]) -> models.Model:
    columns, many = to_model_values(kind, cleaned)
    now = timezone.now()
    record = kind.model(
        product=access.product, created_by=access.user, created_at=now, updated_at=now
    )
    for name, value in columns.items():
        setattr(record, name, value)
    if isinstance(record, Initiative):
        record.rank = _bottom_of(access, record.horizon)
    if isinstance(record, Decision):
        _stamp_decided(access, record)
    record.save()
    for name, values in many.items():
        getattr(record, name).set(values)
    _event(access, kind, record, "created", after=snapshot(kind, record))
    return record


def _bottom_of(access: ProductAccess, horizon: str) -> str:
    last = (
        Initiative.objects.filter(product=access.product, horizon=horizon)
        .order_by("-rank")
        .values_list("rank", flat=True)
        .first()
    )
    return key_between(last or None, None)


def _stamp_decided(access: ProductAccess, decision: Decision) -> None:
    if decision.status == DecisionStatus.DECIDED:
        decision.decided_by = decision.decided_by or access.user
        decision.decided_on = decision.decided_on or timezone.localdate()


# --- update ---------------------------------------------------------------------------


@transaction.atomic
def record_update(
    *,
    access: ProductAccess,
    kind: str,
    record_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Outcome:
    """Change a record; names the version read, so a stale edit is refused, never merged."""
    spec = kind_named(kind)
    record = locked(access, spec, record_id)
    check_version(spec, record, expected_version)
    _require_live(spec, record)
    cleaned = clean(spec, access.product, record, changes)
    if spec.name == "decision":
        levels = {cleaned.get("level", record.level)}  # type: ignore[attr-defined]
        levels.add(record.level)  # type: ignore[attr-defined]
        action = Action.STRATEGY if DecisionLevel.STRATEGIC in levels else Action.BACKLOG
    else:
        action = spec.action
    if not decides(access, action):
        return Outcome(record, propose(access, spec, "update", record, _json(spec, cleaned)))
    apply_update(access, spec, record, cleaned)
    return Outcome(record)


def apply_update(
    access: ProductAccess, kind: Kind, record: models.Model, cleaned: Mapping[str, Any]
) -> None:
    before = snapshot(kind, record)
    columns, many = to_model_values(kind, cleaned)
    if isinstance(record, Initiative) and columns.get("horizon", record.horizon) != record.horizon:
        record.rank = _bottom_of(access, columns["horizon"])
    for name, value in columns.items():
        setattr(record, name, value)
    record.version += 1  # type: ignore[attr-defined]
    record.updated_at = timezone.now()  # type: ignore[attr-defined]
    record.save()
    for name, values in many.items():
        getattr(record, name).set(values)
    _event(access, kind, record, "updated", before=before, after=snapshot(kind, record))


def _require_live(kind: Kind, record: models.Model) -> None:
    if record.archived_at is not None:  # type: ignore[attr-defined]
        raise ValidationFailed(
            {kind.name: f"this {kind.label.lower()} is archived; restore it first"}
        )


# --- archive and restore ------------------------------------------------------------------


@transaction.atomic
def record_archive(*, access: ProductAccess, kind: str, record_id: int) -> Outcome:
    """Soft delete: out of every list, history kept, restorable."""
    return _set_archived(access, kind_named(kind), record_id, archived=True)


@transaction.atomic
def record_restore(*, access: ProductAccess, kind: str, record_id: int) -> Outcome:
    return _set_archived(access, kind_named(kind), record_id, archived=False)


def _set_archived(access: ProductAccess, kind: Kind, record_id: int, *, archived: bool) -> Outcome:
    record = locked(access, kind, record_id)
    action = kind.action_for(snapshot(kind, record))
    if (record.archived_at is not None) == archived:  # type: ignore[attr-defined]
        access.require(action, Level.PROPOSE)
        return Outcome(record)
    operation = "archive" if archived else "restore"
    if not decides(access, action):
        return Outcome(record, propose(access, kind, operation, record, {}))
    apply_archived(access, kind, record, archived=archived)
    return Outcome(record)


def apply_archived(
    access: ProductAccess, kind: Kind, record: models.Model, *, archived: bool
) -> None:
    if not archived and kind.name == "vision":
        # One live board per product: restoring an old one archives the current one.
        live = kind.model._default_manager.filter(
            product=access.product, archived_at__isnull=True
        ).exclude(pk=record.pk)
        for other in live:
            apply_archived(access, kind, other, archived=True)
    record.archived_at = timezone.now() if archived else None  # type: ignore[attr-defined]
    record.version += 1  # type: ignore[attr-defined]
    record.updated_at = timezone.now()  # type: ignore[attr-defined]
    record.save(update_fields=["archived_at", "version", "updated_at"])
    _event(access, kind, record, "archived" if archived else "restored")
