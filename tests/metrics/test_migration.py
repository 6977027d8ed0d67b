"""Metric proposals and experiment variants move onto the record spine with their data."""

from __future__ import annotations

import pytest

from tandem.metrics.models import Experiment
from tandem.workspace import proposals
from tandem.workspace.models import Proposal
from tests.conftest import Migrate, Team

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("metrics", "0001_initial")]
AFTER = [("metrics", "0002_on_the_record_spine")]


def test_the_old_rows_become_queue_proposals_and_variant_lists(
    team: Team, migrate: Migrate
) -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    metric_model = old.get_model("metrics", "Metric")
    proposal_model = old.get_model("metrics", "MetricProposal")
    conversion = metric_model.objects.create(
        product_id=team.product.pk, name="Conversion", unit="%", target=4.0, version=2
    )
    churn = metric_model.objects.create(product_id=team.product.pk, name="Churn", target=2.0)
    proposal_model.objects.create(  # made from version 1: the metric changed since
        metric=conversion,
        changes={"target": 4.5},
        reason="We beat 4% already",
        metric_version=1,
        proposed_by_id=team.po.pk,
    )
    proposal_model.objects.create(
        metric=churn,
        changes={"target": 1.5},
        reason="Care+ keeps pilots",
        metric_version=1,
        proposed_by_id=team.po.pk,
        status="declined",
        decided_by_id=team.pm.pk,
        answer="Not before the price change",
    )
    experiment = old.get_model("metrics", "Experiment").objects.create(
        product_id=team.product.pk, metric=conversion, name="Big button"
    )
    variant_model = old.get_model("metrics", "Variant")
    variant_model.objects.create(experiment=experiment, position=1, name="B", exposures=9)
    variant_model.objects.create(experiment=experiment, position=0, name="A", exposures=10)

    migrate(AFTER)

    moved = {p.record_label: p for p in Proposal.objects.all()}
    pending, declined = moved["Conversion"], moved["Churn"]
    assert (pending.record_type, pending.operation, pending.action) == (
        "metric",
        "update",
        "roadmap",
    )
    assert (pending.payload, pending.note, pending.base_version) == (
        {"target": 4.5},
        "We beat 4% already",
        1,
    )
    assert pending.base_values == {}  # any change since must be looked at again
    assert proposals.is_outdated(pending)
    assert (declined.status, declined.reason, declined.decided_by_id) == (
        "declined",
        "Not before the price change",
        team.pm.pk,
    )
    assert declined.base_values == {"target": 2.0}
    assert [(v["name"], v["exposures"]) for v in Experiment.objects.get().variants] == [
        ("A", 10),
        ("B", 9),
    ]
