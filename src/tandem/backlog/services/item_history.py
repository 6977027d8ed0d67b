"""An item's history: the audit events on it, and the versions its content went through.

Comments, criteria, moves and proposals are all told on the item's page, so every
backlog write names the item as the object of its event. A write that changes the
item's content makes a new version: it bumps ``version`` and ``updated_at`` in the
same save, and notes in ``ItemRevision`` which event made that version.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from tandem.backlog.models import Item
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import caller_event
from tandem.workspace.models import Event

from .merging import record_revision


def item_event(
    access: ProductAccess,
    item_id: int,
    verb: str,
    label: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Record ``verb`` by the caller on the item ``item_id``, labelled ``label``."""
    return caller_event(
        access, verb, item_id, label, object_type="item", before=before, after=after
    )


def save_new_version(
    access: ProductAccess,
    item: Item,
    verb: str,
    *,
    label: str | None = None,
    update_fields: Sequence[str] | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Save the item as its next version, audit it, and note which event made the version.

    ``update_fields`` names the columns the caller set (the version and ``updated_at``
    are added); without it the whole row is saved. ``label`` defaults to the item.
    """
    item.version += 1
    item.updated_at = timezone.now()
    fields = None if update_fields is None else [*update_fields, "version", "updated_at"]
    item.save(update_fields=fields)
    event = item_event(
        access, item.pk, verb, str(item) if label is None else label, before=before, after=after
    )
    record_revision(item, event)
