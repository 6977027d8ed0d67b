"""Strategy writes × roles: the PM decides, the PO proposes, others read, strangers see nothing."""

from __future__ import annotations

import pytest

from tandem.strategy import selectors, services
from tandem.strategy.models import (
    Decision,
    DecisionStatus,
    Initiative,
    Objective,
)
from tandem.workspace import proposals, writes
from tandem.workspace.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event, Proposal, ProposalStatus
from tandem.workspace.selectors import product_access
from tests.conftest import Team

pytestmark = pytest.mark.django_db

PM, PO, TEAM, HOLDER, VIEWER = (
    "product_manager",
    "product_owner",
    "team_member",
    "stakeholder",
    "viewer",
)


def _initiative(team: Team, **fields: object) -> Initiative:
    record = writes.record_create(
        access=team.access(PM), kind="initiative", fields={"title": "Longer flights", **fields}
    ).record
    assert isinstance(record, Initiative)
    return record


def test_the_product_manager_creates_an_objective_with_an_audit_event(team: Team) -> None:
    outcome = writes.record_create(
        access=team.access(PM), kind="objective", fields={"title": "Win event filmers"}
    )
    assert outcome.applied
    objective = Objective.objects.get()
    assert objective.title == "Win event filmers"
    event = Event.objects.get(verb="objective.created")
    assert event.after == {
        "title": "Win event filmers",
        "description": "",
        "starts_on": None,
        "ends_on": None,
    }


def test_the_product_owner_proposes_an_objective_instead_of_creating_it(team: Team) -> None:
    outcome = writes.record_create(
        access=team.access(PO), kind="objective", fields={"title": "Win event filmers"}
    )
    assert outcome.record is None
    assert outcome.proposal is not None
    assert not Objective.objects.exists()
    proposals.proposal_accept(access=team.access(PM), proposal_id=outcome.proposal.pk)
    assert Objective.objects.get().title == "Win event filmers"
    assert Proposal.objects.get().status == ProposalStatus.ACCEPTED


def test_the_product_manager_declines_a_proposed_change_and_nothing_changes(team: Team) -> None:
    initiative = _initiative(team)
    outcome = writes.record_update(
        access=team.access(PO),
        kind="initiative",
        record_id=initiative.pk,
        changes={"title": "Shorter flights"},
        expected_version=1,
    )
    assert outcome.proposal is not None
    proposals.proposal_decline(
        access=team.access(PM), proposal_id=outcome.proposal.pk, reason="Not now"
    )
    initiative.refresh_from_db()
    assert initiative.title == "Longer flights"
    outcome.proposal.refresh_from_db()
    assert outcome.proposal.status == ProposalStatus.DECLINED


def test_the_product_owner_cannot_accept_a_strategy_proposal(team: Team) -> None:
    outcome = writes.record_create(
        access=team.access(PO), kind="initiative", fields={"title": "Spotlight"}
    )
    assert outcome.proposal is not None
    with pytest.raises(PermissionDenied):
        proposals.proposal_accept(access=team.access(PO), proposal_id=outcome.proposal.pk)


@pytest.mark.parametrize("role", [TEAM, HOLDER, VIEWER])
def test_readers_cannot_change_the_roadmap(team: Team, role: str) -> None:
    initiative = _initiative(team)
    with pytest.raises(PermissionDenied):
        writes.record_update(
            access=team.access(role),
            kind="initiative",
            record_id=initiative.pk,
            changes={"title": "Mine"},
            expected_version=1,
        )
    with pytest.raises(PermissionDenied):
        services.initiative_move(
            access=team.access(role), initiative_id=initiative.pk, horizon="now"
        )


@pytest.mark.parametrize("role", [PM, PO, TEAM, HOLDER, VIEWER])
def test_every_member_reads_the_roadmap(team: Team, role: str) -> None:
    _initiative(team)
    columns = selectors.roadmap_columns(access=team.access(role))
    assert [c.initiative.title for c in columns["later"]] == ["Longer flights"]


def test_a_foreign_organization_gets_not_found(team: Team) -> None:
    initiative = _initiative(team)
    with pytest.raises(NotFound):
        product_access(user=team.outsider, product_key="DRN")
    stranger = product_access(user=team.outsider, product_key="OUT")
    with pytest.raises(NotFound):
        selectors.record_of(access=stranger, kind="initiative", record_id=initiative.pk)
    with pytest.raises(NotFound):
        writes.record_update(
            access=stranger,
            kind="initiative",
            record_id=initiative.pk,
            changes={"title": "Hijacked"},
            expected_version=1,
        )


def test_a_stale_version_is_refused_with_the_current_state(team: Team) -> None:
    initiative = _initiative(team)
    pm = team.access(PM)
    writes.record_update(
        access=pm,
        kind="initiative",
        record_id=initiative.pk,
        changes={"title": "A"},
        expected_version=1,
    )
    with pytest.raises(Conflict) as conflict:
        writes.record_update(
            access=pm,
            kind="initiative",
            record_id=initiative.pk,
            changes={"title": "B"},
            expected_version=1,
        )
    assert conflict.value.current["title"] == "A"
    assert conflict.value.current["version"] == 2


def test_invalid_fields_are_named(team: Team) -> None:
    with pytest.raises(ValidationFailed) as failed:
        writes.record_create(
            access=team.access(PM),
            kind="initiative",
            fields={"title": "", "horizon": "someday", "confidence": 140, "colour": "red"},
        )
    assert set(failed.value.errors) == {"title", "horizon", "confidence", "colour"}


def test_the_product_manager_moves_an_initiative_from_next_to_now(team: Team) -> None:
    first = _initiative(team, horizon="now")
    moving = _initiative(team, title="Obstacle sensing", horizon="next")
    services.initiative_move(
        access=team.access(PM), initiative_id=moving.pk, horizon="now", before_id=first.pk
    )
    columns = selectors.roadmap_columns(access=team.access(VIEWER))
    assert [c.initiative.pk for c in columns["now"]] == [moving.pk, first.pk]
    assert columns["next"] == []


def test_the_product_owners_move_becomes_a_proposal_the_pm_accepts(team: Team) -> None:
    moving = _initiative(team, horizon="next")
    outcome = services.initiative_move(
        access=team.access(PO), initiative_id=moving.pk, horizon="now"
    )
    assert outcome.proposal is not None
    moving.refresh_from_db()
    assert moving.horizon == "next"
    proposals.proposal_accept(access=team.access(PM), proposal_id=outcome.proposal.pk)
    moving.refresh_from_db()
    assert moving.horizon == "now"


def test_archive_and_restore_keep_the_record_and_its_history(team: Team) -> None:
    initiative = _initiative(team)
    pm = team.access(PM)
    writes.record_archive(access=pm, kind="initiative", record_id=initiative.pk)
    assert not selectors.records_of(access=pm, kind="initiative").exists()
    writes.record_restore(access=pm, kind="initiative", record_id=initiative.pk)
    assert selectors.records_of(access=pm, kind="initiative").get() == initiative
    verbs = list(
        selectors.history_of(
            access=pm, kind=selectors.kind_named("initiative"), record_id=initiative.pk
        ).values_list("verb", flat=True)
    )
    assert verbs == ["initiative.restored", "initiative.archived", "initiative.created"]


def test_a_po_records_a_tactical_decision_but_only_proposes_a_strategic_one(team: Team) -> None:
    po = team.access(PO)
    tactical = writes.record_create(
        access=po, kind="decision", fields={"title": "Split the story", "level": "tactical"}
    )
    assert tactical.applied
    decision = tactical.record
    assert isinstance(decision, Decision)
    assert decision.decided_by == team.po
    strategic = writes.record_create(
        access=po, kind="decision", fields={"title": "Enter the US", "level": "strategic"}
    )
    assert strategic.proposal is not None
    assert Decision.objects.count() == 1


def test_an_escalated_question_waits_in_the_pms_queue_until_decided(team: Team) -> None:
    question = services.escalate_decision(
        access=team.access(PO), title="Cut the spotlight to keep the date?"
    )
    assert list(selectors.open_decisions(access=team.access(PM))) == [question]
    with pytest.raises(PermissionDenied):
        services.decision_decide(access=team.access(PO), decision_id=question.pk, outcome="Cut")
    services.decision_decide(
        access=team.access(PM),
        decision_id=question.pk,
        outcome="Cut it; ship in 2.1",
        expected_version=question.version,
    )
    question.refresh_from_db()
    assert question.status == DecisionStatus.DECIDED
    assert question.decided_by == team.pm
    assert not selectors.open_decisions(access=team.access(PM)).exists()


def test_a_check_in_sets_the_key_results_current_value(team: Team) -> None:
    pm = team.access(PM)
    objective = writes.record_create(access=pm, kind="objective", fields={"title": "O"}).record
    assert objective is not None
    kr = writes.record_create(
        access=pm,
        kind="key_result",
        fields={"objective": objective.pk, "title": "Flight time", "baseline": 20, "target": 40},
    ).record
    assert kr is not None
    services.key_result_check_in(access=team.access(PO), key_result_id=kr.pk, value=30)
    [view] = selectors.objectives_overview(access=pm)
    assert view.key_results[0].current == 30
    assert view.key_results[0].percent == 50
    with pytest.raises(PermissionDenied):
        services.key_result_check_in(access=team.access(HOLDER), key_result_id=kr.pk, value=31)


def test_the_vision_is_versioned_and_one_per_product(team: Team) -> None:
    pm = team.access(PM)
    services.vision_save(access=pm, changes={"statement": "Film anything"}, expected_version=None)
    outcome = services.vision_save(
        access=pm, changes={"statement": "Film everything"}, expected_version=1
    )
    vision = selectors.vision_of(team.product)
    assert vision is not None
    assert vision.statement == "Film everything"
    assert vision.version == 2
    assert outcome.applied
    proposal = services.vision_save(
        access=team.access(PO), changes={"statement": "Mine"}, expected_version=2
    ).proposal
    assert proposal is not None


def test_create_initiative_keeps_its_contract_for_the_apps_above(team: Team) -> None:
    initiative = services.create_initiative(
        access=team.access(PM), fields={"title": "From an idea", "problem": "Pilots ask"}
    )
    assert initiative.horizon == "later"
    with pytest.raises(PermissionDenied):
        services.create_initiative(access=team.access(PO), fields={"title": "No"})


def test_a_share_link_reads_as_a_viewer_until_revoked(team: Team) -> None:
    pm = team.access(PM)
    share, secret = services.share_create(access=pm, label="Board")
    assert len(secret) >= 40
    assert share.digest == services.share_digest(secret)
    assert secret not in share.digest
    assert selectors.shared_access(token=secret).product == team.product
    with pytest.raises(NotFound):  # the stored digest is not a key to the roadmap
        selectors.shared_access(token=share.digest)
    assert list(selectors.shares_of(access=pm)) == [share]
    for role in (PO, "team_member", "stakeholder", "viewer"):
        assert list(selectors.shares_of(access=team.access(role))) == []
    services.share_revoke(access=pm, share_id=share.pk)
    with pytest.raises(NotFound):
        selectors.shared_access(token=secret)
    with pytest.raises(PermissionDenied):
        services.share_create(access=team.access(PO))


def test_a_decision_names_only_item_keys_of_its_product(team: Team) -> None:
    po = team.access(PO)
    decision = writes.record_create(
        access=po, kind="decision", fields={"title": "T", "item_keys": "drn-4, DRN-9 DRN-4"}
    ).record
    assert isinstance(decision, Decision)
    assert decision.item_keys == "DRN-4 DRN-9"
    with pytest.raises(ValidationFailed) as failed:
        writes.record_create(
            access=po, kind="decision", fields={"title": "T", "item_keys": "OUT-1"}
        )
    assert set(failed.value.errors) == {"item_keys"}


def test_a_key_result_bound_to_a_metric_follows_its_latest_measurement(team: Team) -> None:
    from tandem.metrics.models import Measurement, Metric

    pm = team.access(PM)
    metric = Metric.objects.create(product=team.product, name="Event share", unit="%")
    Measurement.objects.create(metric=metric, measured_on="2026-01-01", value=12)
    Measurement.objects.create(metric=metric, measured_on="2026-02-01", value=20)
    objective = writes.record_create(access=pm, kind="objective", fields={"title": "O"}).record
    assert objective is not None
    kr = writes.record_create(
        access=pm,
        kind="key_result",
        fields={
            "objective": objective.pk,
            "title": "Share",
            "baseline": 10,
            "target": 30,
            "metric": metric.pk,
        },
    ).record
    assert kr is not None
    [view] = selectors.objectives_overview(access=pm)
    assert view.key_results[0].current == 20
    assert view.key_results[0].percent == 50
    with pytest.raises(ValidationFailed):
        services.key_result_check_in(access=pm, key_result_id=kr.pk, value=25)


def test_a_key_result_bound_to_a_metric_counts_in_the_metrics_unit(team: Team) -> None:
    from tandem.metrics.models import Metric

    pm = team.access(PM)
    nps = Metric.objects.create(product=team.product, name="Pilot NPS", kind="nps", unit="")
    share = Metric.objects.create(product=team.product, name="Event share", unit="%")
    objective = writes.record_create(access=pm, kind="objective", fields={"title": "O"}).record
    assert objective is not None
    fields = {"objective": objective.pk, "title": "Event filmers", "unit": "%", "target": 35}

    with pytest.raises(ValidationFailed) as refused:
        writes.record_create(access=pm, kind="key_result", fields=fields | {"metric": nps.pk})
    assert "Pilot NPS counts in no unit" in refused.value.errors["metric"]

    bound = writes.record_create(
        access=pm, kind="key_result", fields=fields | {"metric": share.pk}
    ).record
    assert bound is not None
    # Without a unit of its own, a bound key result takes the metric's.
    taken = writes.record_create(
        access=pm,
        kind="key_result",
        fields={"objective": objective.pk, "title": "Share", "target": 30, "metric": share.pk},
    ).record
    assert taken is not None
    assert taken.unit == "%"
    with pytest.raises(ValidationFailed):
        writes.record_update(
            access=pm,
            kind="key_result",
            record_id=bound.pk,
            changes={"metric": nps.pk},
            expected_version=bound.version,
        )


def test_the_timeline_draws_dated_initiatives_by_objective_and_release_milestones(
    team: Team,
) -> None:
    import datetime as dt

    from tandem.strategy import extensions

    pm = team.access(PM)
    objective = writes.record_create(access=pm, kind="objective", fields={"title": "Fly"}).record
    assert objective is not None
    _initiative(
        team,
        title="Dated",
        starts_on="2026-01-01",
        ends_on="2026-03-31",
        objectives=[objective.pk],
    )
    _initiative(team, title="Undated")

    def releases(access: object) -> list[tuple[dt.date, str]]:
        return [(dt.date(2026, 2, 15), "2.0"), (dt.date(2030, 1, 1), "far away")]

    extensions.register_milestones(releases)
    try:
        timeline = selectors.timeline(access=pm)
    finally:
        extensions._marker_sources.remove(releases)
    assert timeline is not None
    [(group, [bar])] = timeline.groups
    assert group == "Fly"
    assert bar.initiative.title == "Dated"
    assert bar.left == 0
    assert [label for _, _, label in timeline.milestones] == ["2.0"]
    assert [i.title for i in timeline.undated] == ["Undated"]


def test_a_proposed_first_vision_becomes_an_edit_when_the_pm_wrote_one_since(team: Team) -> None:
    proposal = services.vision_save(
        access=team.access(PO), changes={"needs": "Longer flights"}, expected_version=None
    ).proposal
    assert proposal is not None
    pm = team.access(PM)
    services.vision_save(access=pm, changes={"statement": "Film anything"}, expected_version=None)
    proposals.proposal_accept(access=pm, proposal_id=proposal.pk)
    vision = selectors.vision_of(team.product)
    assert vision is not None
    assert (vision.statement, vision.needs, vision.version) == (
        "Film anything",
        "Longer flights",
        2,
    )


def test_roadmap_changes_read_as_sentences(team: Team) -> None:
    moving = _initiative(team, horizon="next")
    pm = team.access(PM)
    services.initiative_move(access=pm, initiative_id=moving.pk, horizon="now")
    writes.record_update(
        access=pm,
        kind="initiative",
        record_id=moving.pk,
        changes={"status": "in_progress"},
        expected_version=2,
    )
    phrases = [
        selectors.roadmap_change_phrase(e)
        for e in selectors.roadmap_changes(access=pm, since=moving.created_at)
    ]
    assert phrases == [
        "changed status proposed → in_progress",
        "moved from Next to Now",
        "added to Next",
    ]
