"""What the record-type contract needs to know of each kind: a valid new record.

Every registered type with API routes must have an entry here; a test fails
when one is missing, so a new kind cannot skip the contract. An example takes
the product's decider access and returns the JSON a client would POST,
creating anything it refers to through the services first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tandem.workspace import writes
from tandem.workspace.access import ProductAccess

Example = Callable[[ProductAccess], dict[str, Any]]


def _made(access: ProductAccess, kind: str, fields: dict[str, Any]) -> int:
    """A record made by the services, for another kind to refer to."""
    record = writes.record_create(access=access, kind=kind, fields=fields).record
    assert record is not None, f"{kind} became a proposal: make it as its decider"
    return int(record.pk)


EXAMPLES: dict[str, Example] = {
    "vision": lambda a: {"statement": "Film anything from the air", "needs": "Longer flights"},
    "objective": lambda a: {"title": "Win event filmers", "starts_on": "2026-01-01"},
    "key_result": lambda a: {
        "objective": _made(a, "objective", {"title": "Grow"}),
        "title": "Flight time",
        "target": 40,
    },
    "initiative": lambda a: {"title": "Longer flights", "horizon": "now", "budget": "1200.00"},
    "market_note": lambda a: {"title": "Batteries get denser", "kind": "trend"},
    "competitor": lambda a: {"name": "AirCam", "website": "https://aircam.example"},
    "capability": lambda a: {"name": "Obstacle avoidance", "ours": "partial"},
    "cost_line": lambda a: {
        "initiative": _made(a, "initiative", {"title": "Lidar"}),
        "category": "parts",
        "period": "2026-03",
        "planned": "500.00",
    },
    "decision": lambda a: {"title": "Ship without the case", "level": "tactical"},
    "segment": lambda a: {"name": "Event filmers", "size": 1200},
    "pricing_plan": lambda a: {
        "name": "Pro",
        "price": "49.00",
        "billing_period": "monthly",
        "included": "Obstacle avoidance\nCloud storage",
        "launch_on": "2026-09-01",
    },
    "positioning": lambda a: {
        "for_customer": "event filmers",
        "who_need": "need steady aerial shots",
        "product_name": "Drone",
        "category": "a camera drone",
        "key_benefit": "flies for 40 minutes",
        "unlike": "AirCam",
        "differentiator": "never hits a guest",
    },
    "message": lambda a: {
        "segment": _made(a, "segment", {"name": "Rescue teams"}),
        "text": "Find people faster, in any weather.",
    },
    "metric": lambda a: {"name": "Pilot NPS", "kind": "nps", "direction": "up", "target": 50},
    "measurement": lambda a: {
        "metric": _made(a, "metric", {"name": "Flights per week", "unit": "flights"}),
        "measured_on": "2025-06-01",
        "value": 1250,
    },
    "experiment": lambda a: {
        "name": "Guided first flight",
        "metric": _made(a, "metric", {"name": "First flight within 7 days", "unit": "%"}),
        "started_on": "2025-05-01",
        "variants": [
            {"name": "Current onboarding", "exposures": 2400, "conversions": 1250},
            {"name": "Guided", "exposures": 2390, "conversions": 1410},
        ],
    },
    "stakeholder": lambda a: {"name": "Dana Ortiz", "influence": 5, "interest": 2},
    "customer": lambda a: {"name": "Alpine Rescue", "mrr": "1200.00", "segment": "Public"},
    "customer_person": lambda a: {
        "customer": _made(a, "customer", {"name": "Harbor Films"}),
        "name": "Kim Lee",
        "email": "kim@harbor.example",
    },
    "feedback": lambda a: {
        "text": "The map goes grey in the mountains",
        "source": "interview",
        "customer": _made(a, "customer", {"name": "Peak Survey"}),
    },
    "idea": lambda a: {"title": "Tethered mode", "description": "Hover for hours"},
    "survey": lambda a: {
        "title": "Pilot survey",
        "questions": [{"kind": "nps", "prompt": "How likely are you to recommend us?"}],
    },
    "wiki_page": lambda a: {
        "title": "Flight time PRD",
        "template": "prd",
        "parent": _made(a, "wiki_page", {"title": "Product requirements"}),
    },
    "map_activity": lambda a: {"name": "Find a flight"},
    "map_step": lambda a: {
        "activity": _made(a, "map_activity", {"name": "Plan a trip"}),
        "name": "Compare prices",
    },
    "map_slice": lambda a: {"name": "Walking skeleton", "is_skeleton": True},
}

# A field each kind's contract changes with PATCH, and the value it sends.
CHANGES: dict[str, tuple[str, Any]] = {
    "vision": ("needs", "All-day flights"),
    "objective": ("title", "Win rental fleets"),
    "key_result": ("title", "Minutes in the air"),
    "initiative": ("title", "All-day flying"),
    "market_note": ("title", "Batteries get cheaper"),
    "competitor": ("name", "AirCam Pro"),
    "capability": ("name", "Follow me"),
    "cost_line": ("description", "Lidar samples"),
    "decision": ("title", "Ship the case later"),
    "segment": ("description", "Wedding and concert filmers"),
    "pricing_plan": ("name", "Pro yearly"),
    "positioning": ("key_benefit", "flies for 45 minutes"),
    "message": ("text", "Find people faster, day and night."),
    "metric": ("name", "Pilot satisfaction"),
    "measurement": ("note", "Recounted from the flight logs"),
    "experiment": ("name", "Guided first flight, second run"),
    "stakeholder": ("name", "Dana Ortiz-Lee"),
    "customer": ("name", "Alpine Rescue Network"),
    "customer_person": ("title", "Chief pilot"),
    "feedback": ("text", "The map goes grey above 2,000 m"),
    "idea": ("title", "Tethered mode for inspections"),
    "survey": ("title", "Pilot survey, spring"),
    "wiki_page": ("body", "Longer flights, see @po and DRN-1."),
    "map_activity": ("name", "Find and book a flight"),
    "map_step": ("name", "Compare prices and times"),
    "map_slice": ("name", "MVP"),
}
