"""Building metrics records through the services, as people would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from tandem.metrics import services
from tandem.metrics.models import Experiment, Metric
from tandem.workspace import writes
from tests.conftest import Team

TODAY = dt.date(2025, 6, 30)


def metric(team: Team, **fields: Any) -> Metric:
    values = {"name": "Conversion", "kind": "conversion", "unit": "%", "target": 4.0} | fields
    made = writes.record_create(access=team.access("product_manager"), kind="metric", fields=values)
    assert isinstance(made.record, Metric)
    return made.record


def series(team: Team, m: Metric, values: dict[str, float]) -> None:
    services.measurements_record_batch(
        access=team.access("product_owner"),
        metric_id=m.pk,
        rows=[{"measured_on": day, "value": value} for day, value in values.items()],
        today=TODAY,
    )


def experiment(team: Team, m: Metric, **fields: Any) -> Experiment:
    values: dict[str, Any] = {
        "name": "Bigger sign-up button",
        "hypothesis": "A bigger button gets more sign-ups.",
        "metric": m.pk,
        "started_on": "2025-05-01",
        "ended_on": "2025-05-31",
        "variants": [
            {"name": "Control", "exposures": 1000, "conversions": 100},
            {"name": "Big button", "exposures": 1000, "conversions": 130},
        ],
    } | fields
    made = writes.record_create(
        access=team.access("product_manager"), kind="experiment", fields=values
    )
    assert isinstance(made.record, Experiment)
    return made.record


def api(team: Team, role: str = "product_manager") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")
