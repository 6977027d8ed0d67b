"""The planning proposal: ready items, the PO's score, capacity and dependencies."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.backlog.models import Status
from tandem.delivery import selectors, services
from tandem.workspace.errors import PermissionDenied
from tests.conftest import Team

from .sprint_data import PO, TEAM, new_sprint, ready_story, set_status

pytestmark = pytest.mark.django_db


def test_the_proposal_never_exceeds_the_free_capacity(team: Team) -> None:
    for n in range(8):
        ready_story(team, f"S{n}", points=5, value=1 + n)
    sprint = new_sprint(team, capacity=12)
    proposal = selectors.planning_proposal(access=team.access(PO), sprint=sprint)
    assert proposal.comparison.optimal.points <= 12
    assert proposal.comparison.optimal.value >= proposal.comparison.greedy.value


def test_items_already_in_the_sprint_use_capacity(team: Team) -> None:
    big = ready_story(team, "Big", points=8)
    ready_story(team, "Small", points=5)
    sprint = new_sprint(team, capacity=10)
    services.sprint_items_add(access=team.access(PO), sprint=sprint, items=[big])
    proposal = selectors.planning_proposal(access=team.access(PO), sprint=sprint)
    assert proposal.capacity_left == 2
    assert proposal.comparison.optimal.chosen == ()


def test_an_item_never_enters_before_what_it_waits_on(team: Team) -> None:
    base = ready_story(team, "Base", points=8, value=1)
    top = ready_story(team, "Top", points=2, value=10)
    services.dependency_add(access=team.access(TEAM), item=top, blocked_by=base)
    sprint = new_sprint(team, capacity=5)
    proposal = selectors.planning_proposal(access=team.access(PO), sprint=sprint)
    assert top.pk not in proposal.comparison.optimal.chosen


def test_a_dependency_on_done_work_does_not_hold_an_item_back(team: Team) -> None:
    base = ready_story(team, "Base", points=8, value=1)
    top = ready_story(team, "Top", points=2, value=10)
    services.dependency_add(access=team.access(TEAM), item=top, blocked_by=base)
    set_status(team, base, Status.DONE)
    sprint = new_sprint(team, capacity=5)
    proposal = selectors.planning_proposal(access=team.access(PO), sprint=sprint)
    assert proposal.comparison.optimal.chosen == (top.pk,)


def test_the_blocker_and_its_dependent_enter_together_when_both_fit(team: Team) -> None:
    base = ready_story(team, "Base", points=3, value=1)
    top = ready_story(team, "Top", points=2, value=10)
    services.dependency_add(access=team.access(TEAM), item=top, blocked_by=base)
    sprint = new_sprint(team, capacity=5)
    proposal = selectors.planning_proposal(access=team.access(PO), sprint=sprint)
    assert set(proposal.comparison.optimal.chosen) == {base.pk, top.pk}


def test_equal_value_goes_to_the_higher_ranked_item(team: Team) -> None:
    first = ready_story(team, "First", points=3, value=5)
    ready_story(team, "Second", points=3, value=5)
    sprint = new_sprint(team, capacity=3)
    proposal = selectors.planning_proposal(access=team.access(PO), sprint=sprint)
    assert proposal.comparison.optimal.chosen == (first.pk,)


def test_the_po_picks_the_score_that_counts_as_value(team: Team) -> None:
    cheap_rice = ready_story(
        team, "Reach", points=3, value=1, reach=10_000, impact=3, confidence=100, rice_effort=1
    )
    ready_story(team, "Valuable", points=3, value=10)
    sprint = new_sprint(team, capacity=3)
    by_rice = selectors.planning_proposal(access=team.access(PO), sprint=sprint, score="rice")
    assert by_rice.comparison.optimal.chosen == (cheap_rice.pk,)


def test_new_items_without_readiness_are_not_proposed(team: Team) -> None:
    ready_story(team, "Not ready", points=3, status=Status.NEW)
    sprint = new_sprint(team, capacity=10)
    proposal = selectors.planning_proposal(access=team.access(PO), sprint=sprint)
    assert proposal.candidates == 0


def test_the_teams_availability_adds_up_to_a_capacity_the_po_can_take(team: Team) -> None:
    sprint = new_sprint(team, capacity=None, starts_on=dt.date(2026, 3, 2), days=12)
    services.sprint_member_set(
        access=team.access(TEAM), sprint=sprint, user=team.dev, points=20, days_off=5
    )
    capacity = selectors.sprint_capacity_of(access=team.access(PO), sprint=sprint)
    assert capacity.working_days == 10
    assert capacity.total == 10
    with pytest.raises(PermissionDenied):
        services.sprint_member_set(
            access=team.access("stakeholder"), sprint=sprint, user=team.dev, points=1, days_off=0
        )
