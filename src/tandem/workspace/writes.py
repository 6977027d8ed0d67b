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
from typing import Any, get_args

from django.db import models
from django.utils import timezone
from pydantic import ValidationError as PydanticValidationError

from .access import ProductAccess
from .audit import record_event
from .errors import Conflict, NotFound, PermissionDenied, PreconditionRequired, ValidationFailed
from .fields import partial
from .models import Proposal, Tracked, User
from .proposals import propose
from .registry import Operation, Record, RecordType, Values, plain, record_type, snapshot, type_of
from .rights import Level
from .transactions import retrying


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
    if expected_version is None:
        raise PreconditionRequired(
            "Send the version you read (`If-Match` or `version`) so no edit is overwritten."
        )
    if expected_version != record.version:
        raise Conflict(
            f"This {spec.label.lower()} was changed by someone else (you edited version "
            f"{expected_version}, it is now at version {record.version}).",
            current=current_state(spec, record),
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
    record_event(
        actor=access.user,
        product=access.product,
        verb=f"{spec.name}.{verb}",
        object_type=spec.name,
        object_id=record.pk,
        object_label=spec.title_of(record),
        before=before,
        after=after,
    )


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


# --- validation: the type's schema, then references resolved inside the product ------------


def validate(
    kind: str | RecordType,
    values: Mapping[str, Any],
    *,
    creating: bool,
    access: ProductAccess | None = None,
) -> dict[str, Any]:
    """The values as the type's schema reads them; every wrong field is named.

    The caller's ``access`` is the validation context, so a schema may find a
    reference given by name inside the caller's product (a customer called "Acme").
    """
    spec = _type(kind)
    if spec.schema is None:
        raise ValidationFailed({spec.name: "cannot be written through the plain verbs"})
    schema = spec.schema if creating else patch_schema(spec)
    data = {k: v for k, v in values.items() if k != "version"}
    try:
        parsed = schema.model_validate(data, context={"access": access})
    except PydanticValidationError as invalid:
        raise ValidationFailed(field_errors(invalid)) from None
    # Only what was sent: a new record takes its model's defaults for the rest, and a
    # proposal holds (and merges) only the fields its proposer wrote.
    sent = parsed.model_dump(exclude_unset=True)
    # A patch may leave any field out, but may not empty one a new record must have.
    nulls = {
        name: "must not be null"
        for name, value in sent.items()
        if value is None and not _nullable(spec.schema.model_fields.get(name))
    }
    if nulls:
        raise ValidationFailed(nulls)
    return sent


def _nullable(info: Any) -> bool:
    return info is None or info.annotation is None or type(None) in get_args(info.annotation)


_patch_schemas: dict[str, type[Any]] = {}


def patch_schema(spec: RecordType) -> type[Any]:
    """The type's schema with every field optional and a ``version``: what a change sends."""
    if spec.name not in _patch_schemas:
        assert spec.schema is not None
        _patch_schemas[spec.name] = partial(spec.schema, f"{spec.schema.__name__}Patch")
    return _patch_schemas[spec.name]


def field_errors(invalid: PydanticValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in invalid.errors():
        location = ".".join(str(part) for part in error.get("loc", ())) or "body"
        message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
        errors.setdefault(location, message)
    return errors


def resolve(
    spec: RecordType, access: ProductAccess, values: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """References become rows of the caller's product; people are found among its members.

    Returns the columns to set and the many-to-many sets, or names every reference
    that points at nothing the caller can see. Input that is not a declared field
    (a survey's questions) is left to the type's hooks.
    """
    columns: dict[str, Any] = {}
    many: dict[str, list[Any]] = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        if name not in spec.fields:
            continue
        model_field = spec.model._meta.get_field(name)
        if not model_field.is_relation:
            columns[name] = value
            continue
        related = model_field.related_model
        assert isinstance(related, type)
        if model_field.many_to_many:
            rows = list(_candidates(related, access).filter(pk__in=value or []))
            if len(rows) != len(set(value or [])):
                errors[name] = "names something that is not in this product"
            many[name] = rows
        elif value is None:
            columns[name] = None
        elif issubclass(related, User):
            person = _candidates(related, access).filter(email=str(value).lower()).first()
            if person is None:
                errors[name] = f"{value} is not a member of {access.product.key}"
            columns[name] = person
        else:
            row = _candidates(related, access).filter(pk=value).first()
            if row is None:
                errors[name] = f"no such {related._meta.verbose_name} in {access.product.key}"
            columns[name] = row
    if errors:
        raise ValidationFailed(errors)
    return columns, many


def _candidates(model: type[models.Model], access: ProductAccess) -> models.QuerySet[Any]:
    if issubclass(model, User):
        return User.objects.filter(memberships__product=access.product).distinct()
    try:
        return type_of(model).scoped(access)
    except LookupError:
        return model._default_manager.filter(product=access.product)


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
