"""The demo's metrics tell one story: release 2.0 moved them, after a winning experiment."""

from __future__ import annotations

import datetime as dt
from statistics import mean

import pytest
from django.utils import timezone

from tandem.core.stats import Verdict
from tandem.metrics import selectors
from tandem.metrics.models import Experiment, Measurement, Metric
from tandem.web.demo.metrics import RELEASE_2_0_DAYS_AGO, release_2_0_date
from tandem.workspace.models import Proposal

pytestmark = pytest.mark.django_db


def _before_and_after(name: str) -> tuple[float, float]:
    release = release_2_0_date(timezone.localdate())
    rows = Measurement.objects.filter(metric__name=name)
    before = [m.value for m in rows if m.measured_on < release]
    after = [m.value for m in rows if m.measured_on > release + dt.timedelta(days=21)]
    return mean(before), mean(after)


def test_every_demo_metric_has_about_a_year_of_history(demo: str) -> None:
    today = timezone.localdate()
    for metric in Metric.objects.all():
        days = sorted(metric.measurements.values_list("measured_on", flat=True))
        assert (today - days[0]).days >= 330, metric.name
        assert (today - days[-1]).days <= 31, metric.name
    assert Metric.objects.count() == 6  # NPS, conversion, revenue, churn, engagement, CSAT


@pytest.mark.parametrize(
    ("name", "better"),
    [
        ("Pilot NPS", "up"),
        ("First flight within 7 days", "up"),
        ("Monthly revenue", "up"),
        ("Care+ churn", "down"),
        ("Weekly active pilots", "up"),
    ],
)
def test_each_metric_moves_the_right_way_after_release_2_0(
    demo: str, name: str, better: str
) -> None:
    before, after = _before_and_after(name)
    assert (after > before) == (better == "up")


def test_the_release_2_0_date_is_documented_relative_to_the_load_day() -> None:
    assert release_2_0_date(dt.date(2026, 5, 1)) == dt.date(2026, 5, 1) - dt.timedelta(
        days=RELEASE_2_0_DAYS_AGO
    )


def test_the_finished_experiment_is_a_clear_win_that_ended_before_the_release(
    demo: str,
) -> None:
    finished = Experiment.objects.get(name="Guided first flight")
    (comparison,) = selectors.experiment_comparisons(finished)
    assert comparison.result.verdict is Verdict.WIN
    assert comparison.result.p_value < 0.001
    assert finished.ended_on is not None
    assert finished.ended_on < release_2_0_date(timezone.localdate())
    assert selectors.experiment_stage(finished, today=timezone.localdate()) == "finished"


def test_the_demo_po_has_proposed_a_higher_first_flight_target(demo: str) -> None:
    proposal = Proposal.objects.get(record_type="metric")
    assert Metric.objects.get(pk=proposal.record_id).name == "First flight within 7 days"
    assert proposal.payload == {"target": 75.0}
    assert proposal.status == "pending"
