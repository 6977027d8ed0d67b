"""Reads of the go-to-market records: the page, the API and the executive report share them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from .gtm_models import Message, Positioning, PricingPlan, Segment


@dataclass(frozen=True)
class SegmentView:
    segment: Segment
    messages: list[Message] = field(default_factory=list)


@dataclass(frozen=True)
class GoToMarket:
    """A product's live go-to-market records, in the order people read them."""

    currency: str
    positionings: list[Positioning]
    plans: list[PricingPlan]
    segments: list[SegmentView]

    @property
    def empty(self) -> bool:
        return not (self.positionings or self.plans or self.segments)

    def launches(self) -> list[tuple[dt.date, str]]:
        """(day, what launches) for every record with a launch date, in date order."""
        dated: list[tuple[dt.date, str]] = []
        for plan in self.plans:
            if plan.launch_on:
                dated.append((plan.launch_on, f"Pricing plan {plan.name}"))
        for positioning in self.positionings:
            if positioning.launch_on:
                dated.append((positioning.launch_on, str(positioning)))
        for view in self.segments:
            dated.extend(
                (message.launch_on, f"Message to {view.segment.name}")
                for message in view.messages
                if message.launch_on
            )
        return sorted(dated)


def go_to_market(*, access: ProductAccess) -> GoToMarket:
    """Positioning, plans and segments with their messages, in four queries."""
    access.require(Action.STRATEGY, Level.READ)
    live = {"product": access.product, "archived_at__isnull": True}
    segments = list(Segment.objects.filter(**live).order_by("name", "id"))
    messages: dict[int, list[Message]] = {s.pk: [] for s in segments}
    for message in Message.objects.filter(**live, segment__archived_at__isnull=True).order_by("id"):
        messages.setdefault(message.segment_id, []).append(message)
    return GoToMarket(
        currency=access.product.organization.currency,
        positionings=list(
            Positioning.objects.filter(**live).select_related("segment").order_by("id")
        ),
        plans=list(
            PricingPlan.objects.filter(**live).select_related("segment").order_by("price", "id")
        ),
        segments=[SegmentView(s, messages.get(s.pk, [])) for s in segments],
    )
