"""Demand on items: how much feedback argues for each, from how many customers, worth what."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from tandem.workspace.access import ProductAccess

from ..models import FeedbackLink, FeedbackState


@dataclass
class Demand:
    """``people`` counts each customer once and each piece of feedback without one as one."""

    feedback: int = 0
    weighted: int = 0  # the sum of the links' importance (1–3)
    customers: int = 0
    people: int = 0
    mrr: Decimal = Decimal("0")
    customer_ids: set[int] = field(default_factory=set)

    @property
    def arr(self) -> Decimal:
        return self.mrr * 12


def live_links(access: ProductAccess):  # type: ignore[no-untyped-def]
    """Links of live feedback that counts: duplicates and archived feedback do not."""
    return FeedbackLink.objects.filter(
        feedback__product=access.product,
        archived_at__isnull=True,
        feedback__archived_at__isnull=True,
    ).exclude(feedback__state=FeedbackState.DUPLICATE)


def demand_of_items(
    *, access: ProductAccess, item_ids: Iterable[int] | None = None
) -> dict[int, Demand]:
    """Demand per item id, for the given items or every item with feedback, in one query."""
    links = live_links(access).filter(item__isnull=False)
    if item_ids is not None:
        links = links.filter(item_id__in=list(item_ids))
    rows = links.values_list(
        "item_id",
        "importance",
        "feedback__customer_id",
        "feedback__customer__mrr",
        "feedback__customer__archived_at",
    )
    demand: dict[int, Demand] = {}
    for item_id, importance, customer_id, mrr, customer_archived in rows:
        d = demand.setdefault(item_id, Demand())
        d.feedback += 1
        d.weighted += importance
        if customer_id is None or customer_archived is not None:
            d.people += 1
        elif customer_id not in d.customer_ids:
            d.customer_ids.add(customer_id)
            d.customers += 1
            d.people += 1
            d.mrr += mrr or Decimal("0")
    return demand
