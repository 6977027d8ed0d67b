"""A Product Owner proposes a new target; the Product Manager accepts or declines it."""

from __future__ import annotations

import pytest

from tandem.metrics import services
from tandem.metrics.models import Metric, MetricProposal, ProposalStatus
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Event

from .helpers import api, metric

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _propose(team, m, **changes):  # type: ignore[no-untyped-def]
    return services.metric_propose(
        access=team.access("product_owner"),
        metric=m,
        changes=changes or {"target": 4.5},
        reason="Guided flight lifted it by seven points",
    )


def test_a_proposal_leaves_the_metric_alone_until_the_pm_accepts_it(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    proposal = _propose(team, m, target=4.5)
    assert Metric.objects.get().target == 4.0
    assert Event.objects.filter(verb="metric.change_proposed").count() == 1
    services.metric_proposal_accept(access=team.access("product_manager"), proposal_id=proposal.pk)
    fresh = Metric.objects.get()
    assert (fresh.target, fresh.version) == (4.5, 2)
    assert MetricProposal.objects.get().status == ProposalStatus.ACCEPTED
    verbs = list(Event.objects.order_by("id").values_list("verb", flat=True))
    assert verbs[-2:] == ["metric.updated", "metric.proposal_accepted"]


def test_a_declined_proposal_keeps_the_target_and_tells_the_proposer_why(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    proposal = _propose(team, m)
    pm = team.access("product_manager")
    with pytest.raises(ValidationFailed) as failed:
        services.metric_proposal_decline(access=pm, proposal_id=proposal.pk, answer=" ")
    assert "say why" in failed.value.errors["answer"]
    services.metric_proposal_decline(access=pm, proposal_id=proposal.pk, answer="Too early")
    declined = MetricProposal.objects.get()
    assert (declined.status, declined.answer, declined.decided_by) == (
        ProposalStatus.DECLINED,
        "Too early",
        team.pm,
    )
    assert Metric.objects.get().target == 4.0


def test_a_proposal_is_decided_once(team) -> None:  # type: ignore[no-untyped-def]
    proposal = _propose(team, metric(team))
    pm = team.access("product_manager")
    services.metric_proposal_decline(access=pm, proposal_id=proposal.pk, answer="No")
    with pytest.raises(ValidationFailed, match="already declined"):
        services.metric_proposal_accept(access=pm, proposal_id=proposal.pk)


def test_a_proposal_must_change_something(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as failed:
        _propose(team, metric(team), target=4.0)
    assert "different from today's" in failed.value.errors["changes"]


def test_an_edit_after_the_proposal_is_flagged_for_the_decider(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    proposal = _propose(team, m, target=4.5)
    services.metric_update(
        access=team.access("product_manager"),
        metric=m,
        changes={"unit": "pct"},
        expected_version=1,
    )
    assert MetricProposal.objects.get(pk=proposal.pk).metric_changed_since


def test_the_api_proposes_lists_and_accepts(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    po, pm = api(team, "product_owner"), api(team, "product_manager")
    made = po.post(
        f"/api/v1/products/DRN/metrics/{m.pk}/proposals",
        {"target": 5, "reason": "Competitors reach 5%"},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["changes"] == {"target": 5.0}
    waiting = pm.get("/api/v1/products/DRN/metric-proposals").json()
    assert [(p["id"], p["status"]) for p in waiting] == [(made.json()["id"], "pending")]
    refused = po.post(
        f"/api/v1/products/DRN/metric-proposals/{made.json()['id']}/accept",
        {},
        content_type="application/json",
    )
    assert refused.status_code == 403
    accepted = pm.post(
        f"/api/v1/products/DRN/metric-proposals/{made.json()['id']}/accept",
        {"answer": "Agreed"},
        content_type="application/json",
    )
    assert accepted.json()["status"] == "accepted"
    assert pm.get("/api/v1/products/DRN/metric-proposals").json() == []
    assert len(pm.get("/api/v1/products/DRN/metric-proposals?status=all").json()) == 1


def test_the_po_proposes_from_the_metric_page_and_the_pm_sees_it_waiting(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    client = signed_in(team.po)
    page = client.get(f"/p/DRN/metrics/{m.pk}/").content.decode()
    assert 'id="metric-propose"' in page
    answer = client.post(
        f"/p/DRN/metrics/{m.pk}/propose/",
        {"target": "4.5", "direction": "up", "reason": "We beat 4% already"},
        headers=HTMX,
    )
    assert answer["HX-Redirect"] == f"/p/DRN/metrics/{m.pk}/"
    client.force_login(team.pm)
    home = client.get("/p/DRN/").content.decode()
    assert "1 proposed change to metric targets waiting for you" in home
    listing = client.get("/p/DRN/metrics/").content.decode()
    assert "target 4% → <strong>4.5%</strong>" in listing
    proposal = MetricProposal.objects.get()
    client.post(f"/p/DRN/metric-proposals/{proposal.pk}/accept/", {"answer": ""})
    assert Metric.objects.get().target == 4.5
