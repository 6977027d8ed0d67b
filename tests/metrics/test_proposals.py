"""A Product Owner proposes a new target; the Product Manager accepts or declines it.

Metric proposals are the one queue's (workspace ``Proposal``); the metrics pages
and API read it for the metrics kinds.
"""

from __future__ import annotations

import pytest

from tandem.metrics import selectors, services
from tandem.metrics.models import Metric
from tandem.workspace import proposals, writes
from tandem.workspace.errors import Conflict, NotFound, ValidationFailed
from tandem.workspace.models import Event, Proposal, ProposalStatus

from .helpers import api, metric

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _propose(team, m, **changes):  # type: ignore[no-untyped-def]
    return services.metric_propose(
        access=team.access("product_owner"),
        metric_id=m.pk,
        changes=changes or {"target": 4.5},
        reason="Guided flight lifted it by seven points",
    )


def test_a_proposal_leaves_the_metric_alone_until_the_pm_accepts_it(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    proposal = _propose(team, m, target=4.5)
    assert Metric.objects.get().target == 4.0
    assert Event.objects.filter(verb="metric.change_proposed").count() == 1
    assert (proposal.record_type, proposal.operation, proposal.base_version) == (
        "metric",
        "update",
        1,
    )
    assert proposal.note == "Guided flight lifted it by seven points"
    services.metric_proposal_accept(access=team.access("product_manager"), proposal_id=proposal.pk)
    fresh = Metric.objects.get()
    assert (fresh.target, fresh.version) == (4.5, 2)
    assert Proposal.objects.get().status == ProposalStatus.ACCEPTED
    verbs = list(Event.objects.order_by("id").values_list("verb", flat=True))
    assert verbs[-2:] == ["metric.updated", "proposal.accepted"]


def test_a_declined_proposal_keeps_the_target_and_tells_the_proposer_why(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    proposal = _propose(team, m)
    pm = team.access("product_manager")
    with pytest.raises(ValidationFailed) as failed:
        services.metric_proposal_decline(access=pm, proposal_id=proposal.pk, answer=" ")
    assert "say why" in failed.value.errors["answer"]
    services.metric_proposal_decline(access=pm, proposal_id=proposal.pk, answer="Too early")
    declined = Proposal.objects.get()
    assert (declined.status, declined.reason, declined.decided_by) == (
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


def test_a_proposal_is_checked_like_the_change_it_asks_for(team) -> None:  # type: ignore[no-untyped-def]
    metric(team, name="Churn")
    with pytest.raises(ValidationFailed) as failed:
        _propose(team, metric(team), target=float("inf"))
    assert set(failed.value.errors) == {"target"}
    with pytest.raises(ValidationFailed) as taken:
        _propose(team, Metric.objects.get(name="Conversion"), name="churn")
    assert taken.value.errors == {"name": "DRN already has a metric named 'churn'"}
    assert not Proposal.objects.exists()


def test_an_edit_after_the_proposal_is_flagged_for_the_decider(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    proposal = _propose(team, m, target=4.5)
    writes.record_update(
        access=team.access("product_manager"),
        kind="metric",
        record_id=m.pk,
        changes={"unit": "pct"},
        expected_version=1,
    )
    (row,) = selectors.metric_proposals(access=team.access("product_manager"))
    assert (row.pk, row.changed_since, row.conflicts) == (proposal.pk, True, [])


def test_a_proposal_over_a_newer_target_must_be_confirmed_against_it(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    proposal = _propose(team, m, target=4.5)
    pm = team.access("product_manager")
    writes.record_update(
        access=pm, kind="metric", record_id=m.pk, changes={"target": 5.0}, expected_version=1
    )
    (row,) = selectors.metric_proposals(access=pm)
    assert row.conflicts == ["target"]
    with pytest.raises(Conflict) as outdated:
        services.metric_proposal_accept(access=pm, proposal_id=proposal.pk)
    assert outdated.value.current["target"] == 5.0
    assert Metric.objects.get().target == 5.0
    services.metric_proposal_accept(access=pm, proposal_id=proposal.pk, confirmed_version=2)
    assert Metric.objects.get().target == 4.5


def test_the_metrics_endpoints_decide_only_metric_proposals(team) -> None:  # type: ignore[no-untyped-def]
    outcome = writes.record_create(
        access=team.access("product_owner"), kind="objective", fields={"title": "Grow"}
    )
    assert outcome.proposal is not None
    with pytest.raises(NotFound):
        services.metric_proposal_accept(
            access=team.access("product_manager"), proposal_id=outcome.proposal.pk
        )
    assert proposals.proposal_of(team.access("product_manager"), outcome.proposal.pk).is_pending


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
    assert made.json()["reason"] == "Competitors reach 5%"
    waiting = pm.get("/api/v1/products/DRN/metric-proposals").json()
    assert [(p["id"], p["status"]) for p in waiting] == [(made.json()["id"], "pending")]
    queue = pm.get("/api/v1/products/DRN/queue").json()
    assert [p["id"] for p in queue] == [made.json()["id"]]
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
    assert (accepted.json()["status"], accepted.json()["answer"]) == ("accepted", "Agreed")
    assert pm.get("/api/v1/products/DRN/metric-proposals").json() == []
    assert len(pm.get("/api/v1/products/DRN/metric-proposals?status=all").json()) == 1


def test_the_api_refuses_a_proposal_from_a_stale_version(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    writes.record_update(
        access=team.access("product_manager"),
        kind="metric",
        record_id=m.pk,
        changes={"unit": "pct"},
        expected_version=1,
    )
    stale = api(team, "product_owner").post(
        f"/api/v1/products/DRN/metrics/{m.pk}/proposals",
        {"target": 5, "reason": "Competitors reach 5%"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["unit"] == "pct"
    assert not Proposal.objects.exists()


def test_the_api_accepts_an_outdated_proposal_only_when_confirmed(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    proposal = _propose(team, m, target=4.5)
    writes.record_update(
        access=team.access("product_manager"),
        kind="metric",
        record_id=m.pk,
        changes={"target": 5.0},
        expected_version=1,
    )
    pm = api(team)
    (listed,) = pm.get("/api/v1/products/DRN/metric-proposals").json()
    assert (listed["outdated"], listed["current_version"]) == (True, 2)
    path = f"/api/v1/products/DRN/metric-proposals/{proposal.pk}/accept"
    refused = pm.post(path, {}, content_type="application/json")
    assert refused.status_code == 409
    confirmed = pm.post(path, {"confirmed_version": 2}, content_type="application/json")
    assert confirmed.json()["status"] == "accepted"
    assert Metric.objects.get().target == 4.5


def test_the_po_proposes_from_the_metric_page_and_the_pm_sees_it_waiting(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    client = signed_in(team.po)
    page = client.get(f"/p/DRN/metrics/{m.pk}/").content.decode()
    assert 'id="metric-propose"' in page
    answer = client.post(
        f"/p/DRN/metrics/{m.pk}/propose/",
        {"target": "4.5", "direction": "up", "reason": "We beat 4% already", "version": "1"},
        headers=HTMX,
    )
    assert answer["HX-Redirect"] == f"/p/DRN/metrics/{m.pk}/"
    client.force_login(team.pm)
    home = client.get("/p/DRN/").content.decode()
    assert "1 proposed change to metric targets waiting for you" in home
    listing = client.get("/p/DRN/metrics/").content.decode()
    assert "target 4% → <strong>4.5%</strong>" in listing
    proposal = Proposal.objects.get()
    assert proposal.payload == {"target": 4.5}
    client.post(f"/p/DRN/metric-proposals/{proposal.pk}/accept/", {"answer": ""})
    assert Metric.objects.get().target == 4.5


def test_the_metric_page_shows_a_proposal_changed_since_and_confirms_it(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    proposal = _propose(team, m, target=4.5)
    writes.record_update(
        access=team.access("product_manager"),
        kind="metric",
        record_id=m.pk,
        changes={"target": 5.0},
        expected_version=1,
    )
    client = signed_in(team.pm)
    page = client.get(f"/p/DRN/metrics/{m.pk}/").content.decode()
    assert "Changed since proposed" in page
    assert "Accept over the newer change" in page
    assert 'name="confirmed_version" value="2"' in page
    url = f"/p/DRN/metric-proposals/{proposal.pk}/accept/"
    refused = client.post(url, {"answer": ""}, headers=HTMX)
    assert refused.status_code == 409
    assert Metric.objects.get().target == 5.0
    client.post(url, {"answer": "", "confirmed_version": "2"})
    assert Metric.objects.get().target == 4.5
