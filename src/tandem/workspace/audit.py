"""The audit trail every service writes to, inside the same transaction as the change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .models import Event, Product, User


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
    return Event.objects.create(
        organization_id=product.organization_id,
        product=product,
        actor=actor,
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:300],
        before=before,
        after=after,
    )


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
    return Event.objects.bulk_create(
        Event(
            organization_id=product.organization_id,
            product=product,
            actor=actor,
            verb=verb,
            object_type=object_type,
            object_id=object_id,
            object_label=label[:300],
            after=after,
        )
        for object_id, label in objects
    )
