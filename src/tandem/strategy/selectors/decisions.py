"""Decisions and the strategy proposals waiting for a decider."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from tandem.workspace import proposals as proposal_queue
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Product

from ..models import (
    Decision,
    DecisionStatus,
)
from .records import strategy_types

# --- decisions and proposals -------------------------------------------------------------------


def open_decisions(*, access: ProductAccess) -> QuerySet[Decision]:
    """Questions waiting for the Product Manager (escalated tactical ones included)."""
    return (
        Decision.objects.filter(
            product=access.product, status=DecisionStatus.OPEN, archived_at__isnull=True
        )
        .select_related("escalated_by", "created_by")
        .order_by("created_at", "id")
    )


def pending_proposals(*, access: ProductAccess) -> list[proposal_queue.DescribedProposal]:
    """The strategy proposals waiting for the caller's decision, as people read them."""
    names = [t.name for t in strategy_types()]
    return [
        proposal_queue.described(p)
        for p in proposal_queue.queue(access, record_types=names).select_related("product")
    ]


def pending_proposal_count(*, access: ProductAccess) -> int:
    """How many strategy proposals wait for the caller's decision: one query."""
    names = [t.name for t in strategy_types()]
    return proposal_queue.queue(access, record_types=names).count()


def decisions_between(
    *, access: ProductAccess, since: dt.date, until: dt.date
) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(
            product=access.product,
            archived_at__isnull=True,
            status=DecisionStatus.DECIDED,
            decided_on__gte=since,
            decided_on__lte=until,
        )
        .select_related("decided_by", "initiative")
        .order_by("decided_on", "id")
    )


def decisions_for_item(*, product: Product, key: str) -> list[Decision]:
    """Live decisions that name this backlog item among their links."""
    rows = (
        Decision.objects.filter(product=product, archived_at__isnull=True, item_keys__icontains=key)
        .select_related("decided_by")
        .order_by("-created_at")
    )
    return [d for d in rows if key in d.item_keys.split()]
