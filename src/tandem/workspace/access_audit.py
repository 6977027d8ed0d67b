"""The audit event for a write someone made in their own product.

Most services record their events as the caller, in the caller's product, about one object
whose type is the verb's first word (``item.feedback_linked`` is about an ``item``).
"""

from __future__ import annotations

from typing import Any

from .access import ProductAccess
from .audit import record_event
from .models import Event


def caller_event(
    access: ProductAccess,
    verb: str,
    object_id: int,
    label: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    return record_event(
        actor=access.user,
        product=access.product,
        verb=verb,
        object_type=verb.partition(".")[0],
        object_id=object_id,
        object_label=label,
        before=before,
        after=after,
    )
