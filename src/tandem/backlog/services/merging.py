"""Field-level merge of a stale edit: only a change to the same field is a conflict.

Each write that makes a new version of an item names its audit event in
``ItemRevision``. An edit made from an older version reads the events since that
version: when none of them changed a field the edit writes, the edit applies as
if it were fresh. A field the edit sends unchanged (a whole form posted back) is
dropped rather than written over the other person's change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tandem.backlog.models import Item, ItemRevision
from tandem.workspace.errors import Conflict
from tandem.workspace.models import Event, User

from .snapshots import item_snapshot

_UNKNOWN = object()  # a value no event told us (a bulk change records only the new value)
_EVERYTHING = "*"  # a version whose change is not known: it conflicts with any edit

# What each verb changed, when its event does not list fields itself.
_VERB_FIELDS = {
    "item.archived": "archived",
    "item.restored": "archived",
    "criterion.added": "criteria",
    "criterion.updated": "criteria",
    "criterion.removed": "criteria",
}


def record_revision(item: Item, event: Event | None) -> None:
    """Note that ``event`` made the item's current version (call after bumping it)."""
    ItemRevision.objects.create(item_id=item.pk, version=item.version, event=event)


def record_revisions(items: Sequence[Item], events: Sequence[Event]) -> None:
    """The same for a bulk change: one event per item, in the same order."""
    ItemRevision.objects.bulk_create(
        ItemRevision(item_id=item.pk, version=item.version, event=event)
        for item, event in zip(items, events, strict=True)
    )


def snapshot_value(field: str, value: Any) -> Any:
    """A cleaned value as the audit log writes it (people by e-mail, items by key)."""
    if isinstance(value, User):
        return value.email
    if isinstance(value, Item):
        return value.key
    if field == "initiative":
        return value.pk if value is not None else None
    if field == "labels":
        return sorted(value)
    return value


def changed_since(item: Item, version: int) -> dict[str, Any]:
    """Each field changed after ``version``, with the value it had at that version.

    A version with no known event (written before revisions were kept, or by an
    import) makes the answer ``{"*": …}``: everything may have changed.
    """
    revisions = list(
        ItemRevision.objects.filter(item=item, version__gt=version, version__lte=item.version)
        .select_related("event")
        .order_by("version")
    )
    if len(revisions) != item.version - version or any(r.event is None for r in revisions):
        return {_EVERYTHING: _UNKNOWN}
    changed: dict[str, Any] = {}
    for revision in revisions:
        event = revision.event
        assert event is not None
        for field, before in _fields_of(event).items():
            changed.setdefault(field, before)
    return changed


def _fields_of(event: Event) -> dict[str, Any]:
    if event.verb in _VERB_FIELDS:
        return {_VERB_FIELDS[event.verb]: _UNKNOWN}
    if event.verb != "item.updated" or not event.after:
        return {_EVERYTHING: _UNKNOWN}
    before = event.before or {}
    return {field: before.get(field, _UNKNOWN) for field in event.after}


def merged_fields(item: Item, expected_version: int, clean: Mapping[str, Any]) -> list[str]:
    """The fields of a stale edit still to write, or a :class:`Conflict` naming the clash.

    A field nobody else changed is written. A field someone else changed is left
    alone when the edit sends the value it read (it did not touch it) or the value
    now stored (both wanted the same); any other value is a real conflict.
    """
    changed = changed_since(item, expected_version)
    current = item_snapshot(item)
    if _EVERYTHING in changed:
        raise Conflict(
            f"{item.key} was changed by someone else (you edited version {expected_version}, "
            f"it is now at version {item.version}).",
            current=current | {"key": item.key, "version": item.version},
        )
    to_write: list[str] = []
    conflicts: list[str] = []
    for field, value in clean.items():
        written = snapshot_value(field, value)
        if field not in changed:
            to_write.append(field)
        elif written == current.get(field) or written == changed[field]:
            continue
        else:
            conflicts.append(field)
    if conflicts:
        raise _conflict(item, expected_version, sorted(conflicts), current)
    return to_write


def _conflict(
    item: Item, expected_version: int, fields: list[str], current: dict[str, Any]
) -> Conflict:
    named = ", ".join(fields)
    return Conflict(
        f"{item.key} was changed by someone else (you edited version {expected_version}, "
        f"it is now at version {item.version}); both changed: {named}.",
        current=current | {"key": item.key, "version": item.version},
        fields=fields,
    )
