"""The demo product's strategy records: vision, OKRs, roadmap, market, decisions, costs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tandem.backlog import services as backlog_services
from tandem.metrics.models import Metric
from tandem.strategy import services
from tandem.strategy.models import Initiative
from tandem.workspace import writes

from .cast import Cast

VISION = {
    "statement": (
        "Every event filmer can capture a whole day "
        "from the air, safely, without a pilot's licence."
    ),
    "target_group": (
        "Wedding and event videographers; outdoor-sports clubs filming their own events."
    ),
    "needs": "Long, stable footage; no crashes near guests; setup in minutes; legal to fly.",
    "offering": (
        "SkyLens: a camera drone with a full-day battery swap, "
        "obstacle sensing and an app that plans the shots."
    ),
    "business_goals": "Lead the prosumer event segment in Europe; 30% gross margin on hardware.",
}

# (title, horizon, status, epics, objective indexes, start offset days, length days, budget)
INITIATIVES: list[tuple[str, str, str, tuple[str, ...], tuple[int, ...], int, int, int]] = [
    ("All-day flying", "now", "in_progress", ("flight",), (0,), -45, 120, 60_000),
    ("Never hit a guest", "now", "in_progress", ("avoid", "safety"), (0, 1), -30, 150, 90_000),
    ("Cinema-grade camera", "next", "planned", ("camera",), (0,), 60, 120, 40_000),
    ("Ten-minute onboarding", "next", "planned", ("onboard", "app"), (1,), 90, 90, 25_000),
    ("Rental fleets", "later", "proposed", (), (), 200, 120, 0),
]

# The PM's estimate of what each initiative brings in over its first two years.
BENEFITS = {
    "All-day flying": 210_000,
    "Never hit a guest": 150_000,
    "Cinema-grade camera": 95_000,
    "Ten-minute onboarding": 60_000,
}


def load(cast: Cast) -> dict[str, int]:
    """Create the demo's strategy records through the services; returns counts by kind."""
    pm, po = cast.access["pm"], cast.access["po"]
    today = timezone.localdate()
    quarter = today.replace(day=1) - dt.timedelta(days=40)
    services.vision_save(access=pm, changes=VISION, expected_version=None)
    objectives = [
        _create(
            pm,
            "objective",
            {
                "title": "Win the event filmers",
                "description": "Be the drone event videographers recommend to each other.",
                "starts_on": quarter.isoformat(),
                "ends_on": (quarter + dt.timedelta(days=180)).isoformat(),
            },
        ),
        _create(
            pm,
            "objective",
            {
                "title": "Fly safely and legally everywhere we sell",
                "starts_on": quarter.isoformat(),
                "ends_on": (quarter + dt.timedelta(days=270)).isoformat(),
            },
        ),
    ]
    metric = Metric.objects.filter(
        product=cast.product, kind="nps", archived_at__isnull=True
    ).first()
    krs = [
        _create(
            pm,
            "key_result",
            {
                "objective": objectives[0].pk,
                "title": "Flight time per battery",
                "unit": " min",
                "baseline": 24,
                "target": 40,
            },
        ),
        _create(
            pm,
            "key_result",
            {
                "objective": objectives[0].pk,
                "title": "Pilot NPS",
                "unit": metric.unit if metric else "",
                "baseline": 23,
                "target": 40,
                **({"metric": metric.pk} if metric else {}),
            },
        ),
        _create(
            pm,
            "key_result",
            {
                "objective": objectives[1].pk,
                "title": "Crashes per 1,000 flight hours",
                "baseline": 4,
                "target": 0.5,
            },
        ),
    ]
    for kr, value, note in ((krs[0], 29, "Battery B2 prototype"), (krs[2], 2.5, "Beta fleet")):
        services.key_result_check_in(access=pm, key_result_id=kr.pk, value=value, note=note)
    if metric is None:
        services.key_result_check_in(access=pm, key_result_id=krs[1].pk, value=26)
    initiatives: list[Initiative] = []
    for title, horizon, status, epics, served, start, length, budget in INITIATIVES:
        fields: dict[str, Any] = {
            "title": title,
            "horizon": horizon,
            "status": status,
            "objectives": [objectives[i].pk for i in served],
            "owner": cast.people["pm"].email,
            "confidence": 80 if horizon == "now" else 50,
            "starts_on": (today + dt.timedelta(days=start)).isoformat(),
            "ends_on": (today + dt.timedelta(days=start + length)).isoformat(),
        }
        if budget:
            fields["budget"] = budget
        if title in BENEFITS:
            fields["benefit_estimate"] = BENEFITS[title]
        initiative = _create(pm, "initiative", fields)
        assert isinstance(initiative, Initiative)
        initiatives.append(initiative)
        for code in epics:
            epic = cast.epics[code]
            epic.refresh_from_db()
            backlog_services.item_update(
                access=po,
                item=epic,
                changes={"initiative": initiative.pk},
                expected_version=epic.version,
            )
    competitors = [
        _create(
            pm,
            "competitor",
            {
                "name": "AeroCam Pro",
                "positioning": "The prosumer default; strong brand.",
                "pricing": "1,499 (kit 1,899)",
                "strengths": "Camera, ecosystem",
                "weaknesses": "31-minute flights; no side sensors",
            },
        ),
        _create(
            pm,
            "competitor",
            {
                "name": "Falcon Lite",
                "positioning": "Cheapest foldable drone for hobbyists.",
                "pricing": "699",
                "strengths": "Price, weight under 250 g",
                "weaknesses": "Weak in wind; 1080p only",
            },
        ),
        _create(
            pm,
            "competitor",
            {
                "name": "Orbit X",
                "positioning": "Safety-first drone for rental fleets.",
                "pricing": "2,100 or 90/month lease",
                "strengths": "Obstacle avoidance, fleet app",
                "weaknesses": "Heavy; slow to set up",
            },
        ),
    ]
    a, f, o = (str(c.pk) for c in competitors)
    for name, ours, ratings, initiative in (
        ("Flight time over 35 minutes", "planned", {a: "missing", f: "missing", o: "partial"}, 0),
        ("4K/60 camera with 1-inch sensor", "partial", {a: "have", f: "missing", o: "partial"}, 2),
        ("Obstacle avoidance all round", "partial", {a: "partial", f: "missing", o: "have"}, 1),
        ("Price under 1,200", "have", {a: "missing", f: "have", o: "missing"}, None),
    ):
        _create(
            pm,
            "capability",
            {
                "name": name,
                "ours": ours,
                "ratings": ratings,
                "initiative": initiatives[initiative].pk if initiative is not None else None,
            },
        )
    _create(
        pm,
        "market_note",
        {
            "title": "EU drone rules tighten for flights near people",
            "kind": "regulation",
            "body": "From next year, C1-class drones need remote ID and a geo-awareness system.",
            "sources": "https://www.easa.europa.eu/en/domains/civil-drones",
        },
    )
    _create(
        pm,
        "market_note",
        {
            "title": "Event videographers hire drones by the day",
            "kind": "research",
            "body": (
                "Seven of twelve interviewed filmers rent rather "
                "than own; battery life is the top complaint."
            ),
            "sources": "Customer interviews, spring round",
        },
    )
    _create(
        pm,
        "decision",
        {
            "title": "Cut the spotlight mode from 2.0 to keep the launch date",
            "level": "strategic",
            "context": (
                "The launch date is tied to the trade fair; spotlight mode needs two more sprints."
            ),
            "options": "Slip the launch by a month\nCut spotlight mode to 2.1\nShip it as beta",
            "outcome": "Cut to 2.1; the launch date holds.",
            "initiative": initiatives[2].pk,
            "evidence": "https://example.org/fair-dates",
            "item_keys": cast.items["Spotlight mode"].key,
        },
    )
    _create(
        po,
        "decision",
        {
            "title": "Split the logbook story into export and view",
            "level": "tactical",
            "item_keys": cast.items["Pilot logbook"].key,
            "outcome": "Two stories; export first.",
        },
    )
    services.escalate_decision(
        access=po,
        title="Use the cheaper lidar supplier for obstacle sensing?",
        context="The usual supplier raised prices 30%; the cheaper one has a longer lead time.",
        options="Stay with the usual supplier\nSwitch to the cheaper one\nDual-source",
    )
    month = today.replace(day=1)
    last = (month - dt.timedelta(days=1)).replace(day=1)
    costs = [
        (0, "people", last, "Battery team", 20_000, 21_000),
        (0, "parts", last, "Battery cells", 8_000, 8_400),
        (1, "people", last, "Sensing team", 25_000, 24_000),
        # The imported lidar module whose price rose: actual well above plan.
        (1, "parts", last, "Imported lidar modules", 30_000, 52_000),
        (1, "parts", month, "Imported lidar modules", 30_000, 48_500),
        (1, "infrastructure", month, "Test range rental", 4_000, None),
        (2, "suppliers", month, "Lens design studio", 12_000, None),
    ]
    for index, category, period, description, planned, actual in costs:
        _create(
            pm,
            "cost_line",
            {
                "initiative": initiatives[index].pk,
                "category": category,
                "period": period.isoformat(),
                "description": description,
                "planned": planned,
                "actual": actual,
            },
        )
    services.initiative_move(
        access=po, initiative_id=initiatives[4].pk, horizon="next"
    )  # the PO's wish: a proposal in the PM's queue
    return {
        "objectives": len(objectives),
        "initiatives": len(initiatives),
        "competitors": len(competitors),
        "decisions": 3,
        "cost lines": len(costs),
    }


def _create(access: Any, kind: str, fields: dict[str, Any]) -> Any:
    record = writes.record_create(access=access, kind=kind, fields=fields).record
    assert record is not None, f"the demo's {kind} became a proposal"
    return record
