"""The one write path every record takes: authorize → one transaction → audit → version.

The plain verbs — create, change, archive, restore — are written here once for
every registered record type; an app's real verbs (move an item, start a
sprint) use the same pieces: :func:`lock`, :func:`check_version`,
:func:`save`, :func:`set_archived`. A caller whose level is *propose* gets a
:class:`~tandem.workspace.models.Proposal` instead of the change.

Locks are always taken in one order — the product row never, a record before
its children — so two writers cannot wait on each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from . import records
from .access import ProductAccess
from .audit import record_write
from .errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from .models import Proposal, Tracked
from .proposals import propose
from .registry import Operation, Record, RecordType, Values, plain, record_type, snapshot
from .rights import Level
from .transactions import retrying
from .values import resolve, validate


@dataclass(frozen=True)
class Outcome:
    """What a write did: the record as it now stands, or the proposal it became."""

    record: Record | None
    proposal: Proposal | None = None

    @property
    def applied(self) -> bool:
        return self.proposal is None


def _type(kind: str | RecordType) -> RecordType:
    return kind if isinstance(kind, RecordType) else record_type(kind)


# --- the pieces ---------------------------------------------------------------------------


def lock(kind: str | RecordType, access: ProductAccess, record_id: int) -> Record:
    """The record, locked for the rest of the transaction; 404 outside the caller's product."""
    spec = _type(kind)
    record = (
        spec.scoped(access)
        .select_for_update(of=("self",), no_key=True)
        .filter(pk=record_id)
        .first()
    )
    if record is None:
        raise NotFound(f"No such {spec.label.lower()}.")
    return record


def find(kind: str | RecordType, access: ProductAccess, record_id: int) -> Record:
    """A record of the caller's product, archived or not; 404 for anything else."""
    spec = _type(kind)
    record = spec.scoped(access).filter(pk=record_id).first()
    if record is None:
        raise NotFound(f"No such {spec.label.lower()}.")
    return record


def check_version(kind: str | RecordType, record: Record, expected_version: int | None) -> None:
    """A change must name the version it read: none → 428, an older one → 409 with the current."""
    spec = _type(kind)
    records.check_version(
        record,
        expected_version,
        lambda _: snapshot(spec, record),
        label=f"This {spec.label.lower()}",
    )


def current_state(spec: RecordType, record: Record) -> dict[str, Any]:
    """What a 409 shows: the record as it now stands, with its version."""
    return snapshot(spec, record) | {"id": record.pk, "version": record.version}


def require_live(spec: RecordType, record: Record) -> None:
    if getattr(record, "archived_at", None) is not None:
        raise ValidationFailed(
            {spec.name: f"this {spec.label.lower()} is archived; restore it first"}
        )


def event(
    access: ProductAccess,
    spec: RecordType,
    record: Record,
    verb: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    label = spec.title_of(record)
    record_write(access, record, spec.name, verb, label=label, before=before, after=after)


def save(
    access: ProductAccess,
    spec: RecordType,
    record: Record,
    columns: Mapping[str, Any],
    *,
    verb: str = "updated",
    many: Mapping[str, list[Any]] | None = None,
    before: dict[str, Any] | None = None,
) -> None:
    """Set the values, bump the version and audit the fields that changed.

    ``before`` is the record's state before the caller started changing it, when the
    caller set some values itself first.
    """
    before = snapshot(spec, record) if before is None else before
    for name, value in columns.items():
        setattr(record, name, value)
    record.version += 1
    if isinstance(record, Tracked):
        record.updated_at = timezone.now()
    record.save()
    for name, values in (many or {}).items():
        getattr(record, name).set(values)
    event(access, spec, record, verb, before=before, after=snapshot(spec, record))


def insert(
    access: ProductAccess,
    spec: RecordType,
    record: Record,
    *,
    many: Mapping[str, list[Any]] | None = None,
) -> Record:
    """Save a new record of the caller's product and audit it."""
    if isinstance(record, Tracked) and record.created_by_id is None:
        record.created_by = access.user
    record.save()
    for name, values in (many or {}).items():
        getattr(record, name).set(values)
    event(access, spec, record, "created", after=snapshot(spec, record))
    return record


def set_archived(access: ProductAccess, spec: RecordType, record: Record, archived: bool) -> None:
    """Soft delete or restore; doing it twice is harmless and writes nothing."""
    if (record.archived_at is not None) == archived:
        return
    if spec.hooks.before_archive is not None:
        spec.hooks.before_archive(access, record, archived)
    record.archived_at = timezone.now() if archived else None
    record.version += 1
    fields = ["archived_at", "version"]
    if isinstance(record, Tracked):
        record.updated_at = timezone.now()
        fields.append("updated_at")
    record.save(update_fields=fields)
    event(access, spec, record, "archived" if archived else "restored")
    if spec.hooks.after_archive is not None:
        spec.hooks.after_archive(access, record, archived)


# --- rights: write, propose, or refuse -------------------------------------------------------


def writes_directly(
    access: ProductAccess,
    spec: RecordType,
    action_record: Record | None,
    values: Values,
    *,
    needed: Level = Level.EDIT,
) -> bool:
    """True for a writer, False for a proposer (the write becomes a proposal); else 403."""
    action = spec.action_of(action_record, values)
    level = access.level(action)
    if level >= needed:
        return True
    if spec.may_change(access, action_record):
        return True
    if level == Level.PROPOSE and spec.operations:
        return False
    raise PermissionDenied(f"Your role on {access.product.key} cannot change {action.value}.")


# --- the plain verbs --------------------------------------------------------------------------


@retrying
def record_create(
    *, access: ProductAccess, kind: str | RecordType, fields: Mapping[str, Any]
) -> Outcome:
    """A new record, or a proposal for one when the caller may only propose."""
    spec = _type(kind)
    values = validate(spec, fields, creating=True, access=access)
    if spec.singleton:
        live = spec.scoped(access).filter(archived_at__isnull=True).first()
        if live is not None:
            raise Conflict(
                f"This product already has a {spec.label.lower()}; change it from the version "
                f'you read (PATCH with If-Match "{live.version}").',
                current=current_state(spec, live),
            )
    if not writes_directly(access, spec, None, values, needed=spec.create_level):
        return Outcome(None, propose(access, spec, "create", None, _json(values)))
    return Outcome(_apply_create(access, spec, values))


def _apply_create(access: ProductAccess, spec: RecordType, values: Mapping[str, Any]) -> Record:
    columns, many = resolve(spec, access, values)
    # A kind reached through a parent (a customer's people, a metric's values) belongs to
    # the parent's product, which the references resolved inside the caller's product.
    direct = "__" not in spec.product_path
    record = spec.model(**({spec.product_path: access.product} if direct else {}))
    for name, value in columns.items():
        setattr(record, name, value)
    if spec.hooks.prepare is not None:
        spec.hooks.prepare(access, record, values, True)
    insert(access, spec, record, many=many)
    if spec.hooks.after_save is not None:
        spec.hooks.after_save(access, record, values, True)
    return record


@retrying
def record_update(
    *,
    access: ProductAccess,
    kind: str | RecordType,
    record_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Outcome:
    """Change a record from the version the caller read; a stale one is refused, never merged."""
    spec = _type(kind)
    record = lock(spec, access, record_id)
    check_version(spec, record, expected_version)
    require_live(spec, record)
    values = validate(spec, changes, creating=False, access=access)
    if not writes_directly(access, spec, record, values):
        return Outcome(record, propose(access, spec, "update", record, _json(values)))
    _apply_update(access, spec, record, values)
    return Outcome(record)


def _apply_update(
    access: ProductAccess, spec: RecordType, record: Record, values: Mapping[str, Any]
) -> None:
    columns, many = resolve(spec, access, values)
    before = snapshot(spec, record)
    for name, value in columns.items():
        setattr(record, name, value)
    if spec.hooks.prepare is not None:
        spec.hooks.prepare(access, record, values, False)
    after = snapshot(spec, record) | {
        name: sorted(r.pk for r in rows) for name, rows in many.items()
    }
    if after == before:
        return  # the same values again: no new version, nothing in the history
    save(access, spec, record, {}, many=many, before=before)
    if spec.hooks.after_save is not None:
        spec.hooks.after_save(access, record, values, False)


@retrying
def record_archive(
    *,
    access: ProductAccess,
    kind: str | RecordType,
    record_id: int,
    expected_version: int | None = None,
) -> Outcome:
    """Soft delete: out of every list, history kept, restorable."""
    return _archive(access, _type(kind), record_id, expected_version, archived=True)


@retrying
def record_restore(
    *,
    access: ProductAccess,
    kind: str | RecordType,
    record_id: int,
    expected_version: int | None = None,
) -> Outcome:
    return _archive(access, _type(kind), record_id, expected_version, archived=False)


def _archive(
    access: ProductAccess,
    spec: RecordType,
    record_id: int,
    expected_version: int | None,
    *,
    archived: bool,
) -> Outcome:
    record = lock(spec, access, record_id)
    # Archiving overwrites no one's words, so naming the version is optional; a stale one
    # is still refused.
    if expected_version is not None:
        check_version(spec, record, expected_version)
    directly = writes_directly(access, spec, record, snapshot(spec, record))
    if (record.archived_at is not None) == archived:
        return Outcome(record)
    if not directly:
        operation = "archive" if archived else "restore"
        return Outcome(record, propose(access, spec, operation, record, {}))
    set_archived(access, spec, record, archived)
    return Outcome(record)


def _json(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: plain(value) for name, value in values.items()}


# --- proposals of the plain verbs, carried out by the decider -------------------------------


def _accept_create(access: ProductAccess, proposal: Proposal) -> Record:
    spec = record_type(proposal.record_type)
    values = validate(spec, proposal.payload, creating=True, access=access)
    return _apply_create(access, spec, values)


def _accept_update(access: ProductAccess, proposal: Proposal) -> Record:
    spec = record_type(proposal.record_type)
    record = lock(spec, access, _proposed_record(proposal))
    require_live(spec, record)
    values = validate(spec, proposal.payload, creating=False, access=access)
    _apply_update(access, spec, record, values)
    return record


def _accept_archived(archived: bool) -> Any:
    def accept(access: ProductAccess, proposal: Proposal) -> Record:
        spec = record_type(proposal.record_type)
        record = lock(spec, access, _proposed_record(proposal))
        set_archived(access, spec, record, archived)
        return record

    return accept


def _proposed_record(proposal: Proposal) -> int:
    if proposal.record_id is None:
        raise ValidationFailed({"record": "the proposal names no record"})
    return proposal.record_id


PLAIN_OPERATIONS: dict[str, Operation] = {
    "create": Operation(_accept_create, versioned=False),
    "update": Operation(_accept_update),
    "archive": Operation(_accept_archived(True), versioned=False),
    "restore": Operation(_accept_archived(False), versioned=False),
}
