"""The demo product's metrics: a year of history that moves after release 2.0 ships.

Release 2.0 ("guided first flight", Smart RTH, Care+ in the app) ships
``RELEASE_2_0_DAYS_AGO`` days before the demo is loaded; the delivery part of
the demo creates that release on :func:`release_2_0_date`, so its marker falls
where the lines bend. The guided first flight was tried first as an A/B test,
which ended with a clear win a few weeks before the release.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from tandem.metrics import services
from tandem.metrics.models import Metric
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess

from .cast import Cast

RELEASE_2_0_VERSION = "2.0"
RELEASE_2_0_DAYS_AGO = 56
HISTORY_DAYS = 365
RAMP_DAYS = 21  # how long the release takes to show fully: people update gradually
_SEED = 20_250_401


def release_2_0_date(today: dt.date) -> dt.date:
    """The day release 2.0 shipped, for a demo loaded on ``today``."""
    return today - dt.timedelta(days=RELEASE_2_0_DAYS_AGO)


@dataclass(frozen=True)
class DemoMetric:
    name: str
    kind: str
    unit: str
    direction: str
    target: float
    description: str
    every: str  # "week" or "month"
    value: Callable[[float, float], float]  # (years since the start, release effect 0..1)
    noise: float
    digits: int


METRICS = (
    DemoMetric(
        "Pilot NPS",
        "nps",
        "",
        "up",
        40,
        "Net Promoter Score of the in-app survey sent 30 days after the first flight.",
        "month",
        lambda years, shipped: 23 + 3 * years + 12 * shipped,
        1.5,
        0,
    ),
    DemoMetric(
        "First flight within 7 days",
        "conversion",
        "%",
        "up",
        70,
        "Share of new pilots who complete a first flight within 7 days of pairing "
        "the drone. The onboarding epic's outcome.",
        "week",
        lambda years, shipped: 51.5 + 1.5 * years + 10 * shipped,
        0.9,
        1,
    ),
    DemoMetric(
        "Monthly revenue",
        "revenue",
        "EUR",
        "up",
        1_600_000,
        "Drones, accessories and Care+ subscriptions, net of returns, per calendar month.",
        "month",
        lambda years, shipped: 1_150_000 * (1 + 0.12 * years) + 210_000 * shipped,
        18_000,
        -3,
    ),
    DemoMetric(
        "Care+ churn",
        "churn",
        "%",
        "down",
        2.5,
        "Share of Care+ subscribers who cancel in the month.",
        "month",
        lambda years, shipped: 3.7 - 0.1 * years - 0.8 * shipped,
        0.08,
        2,
    ),
    DemoMetric(
        "Weekly active pilots",
        "engagement",
        "pilots",
        "up",
        25_000,
        "Pilots who flew at least once in the week, counted from app logbooks.",
        "week",
        lambda years, shipped: 16_800 + 1_900 * years + 3_600 * shipped,
        260,
        0,
    ),
    DemoMetric(
        "Support CSAT",
        "csat",
        "%",
        "up",
        90,
        "Share of support conversations rated satisfied or very satisfied.",
        "month",
        lambda years, shipped: 83 + 2 * years + 4 * shipped,
        0.6,
        1,
    ),
)


def _days(every: str, today: dt.date) -> list[dt.date]:
    start = today - dt.timedelta(days=HISTORY_DAYS)
    if every == "week":
        monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
        return [monday + dt.timedelta(weeks=n) for n in range((today - monday).days // 7 + 1)]
    days = []
    month = dt.date(start.year, start.month, 1)
    while month <= today:
        if month >= start:
            days.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return days


def _shipped(day: dt.date, release: dt.date) -> float:
    """How much of the release's effect shows on ``day``: 0 before, 1 once everyone updated."""
    return min(1.0, max(0.0, (day - release).days / RAMP_DAYS))


def load(cast: Cast) -> dict[str, int]:
    """Create the demo's metrics records through the services; returns counts by kind."""
    pm, po = cast.access["pm"], cast.access["po"]
    today = timezone.localdate()
    release = release_2_0_date(today)
    noise = random.Random(_SEED)
    made: dict[str, Metric] = {}
    measurements = 0
    for spec in METRICS:
        metric = writes.record_create(
            access=pm,
            kind="metric",
            fields={
                "name": spec.name,
                "kind": spec.kind,
                "unit": spec.unit,
                "direction": spec.direction,
                "target": spec.target,
                "description": spec.description,
            },
        ).record
        assert isinstance(metric, Metric)
        days = _days(spec.every, today)
        first = days[0]
        rows = [
            {
                "measured_on": day,
                "value": round(
                    spec.value((day - first).days / 365, _shipped(day, release))
                    + noise.gauss(0, spec.noise),
                    spec.digits,
                ),
            }
            for day in days
        ]
        services.measurements_record_batch(access=po, metric_id=metric.pk, rows=rows, today=today)
        made[spec.kind] = metric
        measurements += len(rows)
    experiments = _experiments(pm, made, today, release)
    # The Product Owner asks for a higher bar now that release 2.0 moved first flights.
    services.metric_propose(
        access=po,
        metric_id=made["conversion"].pk,
        changes={"target": 75.0},
        reason=(
            "Release 2.0 took first flights from 52% to 63% in a month; the guided flight "
            "test says there is more. 75% would keep the onboarding epic honest."
        ),
    )
    return {"metrics": len(made), "measurements": measurements, "experiments": experiments}


def _experiments(
    pm: ProductAccess, metrics: dict[str, Metric], today: dt.date, release: dt.date
) -> int:
    writes.record_create(
        access=pm,
        kind="experiment",
        fields={
            "name": "Guided first flight",
            "hypothesis": (
                "We believe a guided first flight (hover, a square, land, in the app) will "
                "get more new pilots flying in their first week, because a third of returns "
                "say the drone was too hard to fly. We will know when first flights within "
                "7 days rise by at least 5 points."
            ),
            "metric": metrics["conversion"].pk,
            "started_on": release - dt.timedelta(days=70),
            "ended_on": release - dt.timedelta(days=42),
            "variants": [
                {"name": "Current onboarding", "exposures": 2_412, "conversions": 1_254},
                {"name": "Guided first flight", "exposures": 2_388, "conversions": 1_409},
            ],
        },
    )
    writes.record_create(
        access=pm,
        kind="experiment",
        fields={
            "name": "Care+ trial at checkout",
            "hypothesis": (
                "Offering a free first month of Care+ at checkout will lift Care+ sign-ups "
                "without raising churn after the trial."
            ),
            "metric": metrics["revenue"].pk,
            "started_on": today - dt.timedelta(days=18),
            "variants": [
                {"name": "No offer", "exposures": 1_204, "conversions": 61},
                {"name": "First month free", "exposures": 1_198, "conversions": 70},
            ],
        },
    )
    return 2
