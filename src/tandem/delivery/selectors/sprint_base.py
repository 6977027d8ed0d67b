"""What the sprint-side reads share: finished statuses, the blocked flag, a sprint's items."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from tandem.backlog.models import Item, Status
from tandem.delivery.models import (
    Impediment,
    ImpedimentKind,
    Sprint,
)
from tandem.workspace.access import ProductAccess

__all__ = ["FINISHED", "blocked", "items_in_sprint", "local_day"]

FINISHED = (Status.DONE, Status.ACCEPTED)


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def blocked() -> Exists:
    """True on an item an open blocker names: for ``annotate(is_blocked=blocked())``."""
    return Exists(
        Impediment.objects.filter(
            items=OuterRef("pk"),
            kind=ImpedimentKind.BLOCKER,
            resolved_at__isnull=True,
            archived_at__isnull=True,
        )
    )


def items_in_sprint(access: ProductAccess, sprint: Sprint) -> QuerySet[Item]:
    return Item.objects.filter(
        product=access.product,
        sprint_entries__sprint=sprint,
        sprint_entries__removed_at__isnull=True,
    )
