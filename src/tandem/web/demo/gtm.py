"""The demo product's go-to-market: segments, plans, positioning and messages.

Care+ Pro launches with release 2.2; the Product Owner's wish to cut the Basic
plan's price waits in the PM's queue as a proposal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tandem.workspace import writes

from .cast import Cast

SEGMENTS = (
    (
        "Wedding and event filmers",
        "Solo videographers and small studios filming weddings, concerts and corporate events.",
        4_800,
    ),
    (
        "Outdoor-sports clubs",
        "Clubs filming their own races and training: skiing, mountain biking, sailing.",
        2_300,
    ),
    (
        "Search and rescue",
        "Volunteer and public rescue teams searching in mountains and at sea.",
        650,
    ),
)

PLANS = (
    ("Care+ Basic", "9.00", "monthly", "Crash replacement once a year\nEmail support", 1),
    (
        "Care+ Pro",
        "19.00",
        "monthly",
        "Unlimited crash replacement\nNext-day spare drone\nPhone support",
        0,
    ),
    (
        "SkyLens Event Kit",
        "1899.00",
        "one_off",
        "Drone, three batteries and charging hub\nHard case\nOne year of Care+ Pro",
        0,
    ),
)

MESSAGES = (
    (0, "Film the whole day: swap a battery in ten seconds and never miss the first dance."),
    (0, "Fly near guests with confidence: SkyLens stops before it gets close."),
    (1, "Your race from the air, filmed by a drone that follows the riders by itself."),
    (2, "Search longer and see more: a full day in the air with thermal-ready mounts."),
)


def load(cast: Cast) -> dict[str, int]:
    """Create the demo's go-to-market records through the write path."""
    pm, po = cast.access["pm"], cast.access["po"]
    today = timezone.localdate()
    launch = (today + dt.timedelta(days=70)).isoformat()
    segments = [
        _create(pm, "segment", {"name": name, "description": text, "size": size})
        for name, text, size in SEGMENTS
    ]
    plans = []
    for index, (name, price, period, included, segment) in enumerate(PLANS):
        fields: dict[str, Any] = {
            "name": name,
            "price": price,
            "billing_period": period,
            "included": included,
            "segment": segments[segment].pk,
        }
        if index == 1:  # Care+ Pro goes out with release 2.2
            fields |= {"releases": "2.2", "launch_on": launch}
        plans.append(_create(pm, "pricing_plan", fields))
    _create(
        pm,
        "positioning",
        {
            "for_customer": "wedding and event videographers",
            "who_need": "need steady aerial footage of a whole day without risking a guest",
            "product_name": "SkyLens",
            "category": "a camera drone",
            "key_benefit": "flies all day on hot-swappable batteries and stops before it "
            "gets close to anyone",
            "unlike": "AirCam and other consumer drones",
            "differentiator": "is built and insured for filming among people",
            "segment": segments[0].pk,
            "releases": "2.0",
        },
    )
    for segment, text in MESSAGES:
        _create(pm, "message", {"segment": segments[segment].pk, "text": text})
    # The PO's wish: a cheaper entry plan, sent to the PM as a proposal.
    writes.record_update(
        access=po,
        kind="pricing_plan",
        record_id=plans[0].pk,
        changes={"price": "7.00"},
        expected_version=1,
    )
    return {"segments": len(segments), "pricing plans": len(plans), "messages": len(MESSAGES)}


def _create(access: Any, kind: str, fields: dict[str, Any]) -> Any:
    record = writes.record_create(access=access, kind=kind, fields=fields).record
    assert record is not None, f"the demo's {kind} became a proposal"
    return record
