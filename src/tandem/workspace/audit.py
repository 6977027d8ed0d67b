"""The audit trail every service writes to, inside the same transaction as the change."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from django.db import transaction

from .models import Event, Product, User

if TYPE_CHECKING:
    from .access import ProductAccess

Listener = Callable[[Sequence[Event]], None]
BulkListener = Callable[[int], None]
_listeners: list[Listener] = []
_bulk_listeners: list[BulkListener] = []


def subscribe(listener: Listener) -> None:
    """Hear of every audited product write once its transaction commits.

    Search indexing, webhooks and notifications subscribe here (from their app's
    ``ready``) instead of being called by every service; a rolled-back write is
    never announced. A listener should only queue work, not do it.
    """
    if listener not in _listeners:
        _listeners.append(listener)


def subscribe_bulk(listener: BulkListener) -> None:
    """Hear, by product id, that many of a product's rows were written at once.

    An import writes thousands of rows and their audit events in a few statements;
    announcing each event would queue a job per row. What a listener keeps per
    record (the search index, say) it rebuilds for the product instead.
    """
    if listener not in _bulk_listeners:
        _bulk_listeners.append(listener)


def announce_bulk(product: Product) -> None:
    """Tell bulk listeners, once the transaction commits, that ``product`` was bulk-written."""
    for listener in _bulk_listeners:
        transaction.on_commit(partial(listener, product.pk))


def _announce(events: Sequence[Event]) -> None:
    for listener in _listeners:
        transaction.on_commit(partial(listener, events))


def _event(
    product: Product | None,
    actor: User | None,
    verb: str,
    object_type: str,
    object_id: int,
    object_label: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """An unsaved event; one outside every product (a person's own account) has no tenant."""
    return Event(
        organization_id=product.organization_id if product is not None else None,
        product=product,
        actor=actor,
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:300],
        before=before,
        after=after,
    )


def record_event(
    *,
    actor: User | None,
    product: Product,
    verb: str,
    object_type: str,
    object_id: int,
    object_label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Keep only the fields that changed, so history reads as a list of edits."""
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    event = _event(product, actor, verb, object_type, object_id, object_label, before, after)
    event.save(force_insert=True)
    _announce([event])
    return event


class Stored(Protocol):
    """A saved row: a model instance, or what stands for one in a protocol."""

    pk: Any


def caller_event(
    access: ProductAccess,
    verb: str,
    object_id: int,
    label: str,
    *,
    object_type: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """The event of a write the caller made in their own product, about one object whose
    type is the verb's first word (``item.feedback_linked`` is about an ``item``) unless
    ``object_type`` says otherwise."""
    return record_event(
        actor=access.user,
        product=access.product,
        verb=verb,
        object_type=verb.partition(".")[0] if object_type is None else object_type,
        object_id=object_id,
        object_label=label,
        before=before,
        after=after,
    )


def record_write(
    access: ProductAccess,
    record: Stored,
    object_type: str,
    verb: str,
    *,
    label: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """The event ``<object_type>.<verb>`` of the caller's write to ``record`` in their product,
    labelled as the record reads (``str``) unless ``label`` says otherwise."""
    label = str(record) if label is None else label
    return caller_event(
        access, f"{object_type}.{verb}", record.pk, label, before=before, after=after
    )


def record_account_event(*, actor: User, verb: str, object_id: int, object_label: str) -> Event:
    """A change to a person's own account (an API token): audited, outside every product."""
    event = _event(None, actor, verb, verb.partition(".")[0], object_id, object_label)
    event.save(force_insert=True)
    return event


def record_events_alike(
    *,
    actor: User | None,
    product: Product,
    verb: str,
    object_type: str,
    objects: Sequence[tuple[int, str]],
    after: dict[str, Any] | None = None,
) -> list[Event]:
    """One event per object for a bulk change, written in one statement, not one per row."""
    events = Event.objects.bulk_create(
        _event(product, actor, verb, object_type, object_id, label, after=after)
        for object_id, label in objects
    )
    _announce(events)
    return events
