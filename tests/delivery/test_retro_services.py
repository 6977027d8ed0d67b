"""Retrospectives: notes and votes, actions that become backlog tasks and are followed up."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.backlog.models import Kind, Status
from tandem.delivery import selectors, services
from tandem.workspace.errors import PermissionDenied, ValidationFailed
from tests.conftest import Team

from .sprint_data import PO, TEAM, new_sprint, ready_story, set_status, started_sprint

pytestmark = pytest.mark.django_db


def test_an_action_becomes_a_backlog_task_labelled_retro(team: Team) -> None:
    sprint = started_sprint(team, ready_story(team, "A"))
    retro = services.retro_open(access=team.access(TEAM), sprint=sprint)
    action = services.retro_action_add(
        access=team.access(TEAM), retro=retro, text="Pair on flaky tests", owner=team.dev
    )
    assert action.item is not None
    assert action.item.kind == Kind.TASK
    assert action.item.label_names == ["retro"]
    assert action.item.assignee == team.dev


def test_a_vote_toggles(team: Team) -> None:
    sprint = started_sprint(team, ready_story(team, "A"))
    retro = services.retro_open(access=team.access(TEAM), sprint=sprint)
    note = services.retro_note_add(
        access=team.access(TEAM), retro=retro, kind="to_improve", text="CI is slow"
    )
    assert services.retro_note_vote(access=team.access(TEAM), note=note) is True
    assert services.retro_note_vote(access=team.access(PO), note=note) is True
    view = selectors.retro_view(access=team.access(TEAM), sprint=sprint)
    assert view.notes["to_improve"][0].vote_count == 2  # type: ignore[attr-defined]
    assert services.retro_note_vote(access=team.access(TEAM), note=note) is False


def test_the_next_retrospective_opens_with_the_previous_actions_and_their_state(team: Team) -> None:
    first = started_sprint(team, ready_story(team, "A"), name="One", starts_on=dt.date(2026, 1, 5))
    retro = services.retro_open(access=team.access(TEAM), sprint=first)
    done = services.retro_action_add(access=team.access(TEAM), retro=retro, text="Fix CI")
    services.retro_action_add(access=team.access(TEAM), retro=retro, text="Write a runbook")
    assert done.item is not None
    set_status(team, done.item, Status.DONE)
    first.refresh_from_db()
    services.sprint_close(access=team.access(PO), sprint=first, expected_version=first.version)
    second = new_sprint(team, name="Two", starts_on=dt.date(2026, 1, 19))
    view = selectors.retro_view(access=team.access(TEAM), sprint=second)
    assert view.previous_sprint == first
    assert [(a.text, a.item.status) for a in view.previous_actions if a.item] == [
        ("Fix CI", Status.DONE),
        ("Write a runbook", Status.NEW),
    ]


def test_a_planned_sprint_has_no_retrospective_yet(team: Team) -> None:
    with pytest.raises(ValidationFailed):
        services.retro_open(access=team.access(TEAM), sprint=new_sprint(team))


@pytest.mark.parametrize("role", ["stakeholder", "viewer"])
def test_readers_cannot_add_notes(team: Team, role: str) -> None:
    sprint = started_sprint(team, ready_story(team, "A"))
    retro = services.retro_open(access=team.access(TEAM), sprint=sprint)
    with pytest.raises(PermissionDenied):
        services.retro_note_add(access=team.access(role), retro=retro, kind="idea", text="x")
