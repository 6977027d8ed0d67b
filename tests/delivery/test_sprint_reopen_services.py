"""Starting with the numbers in view, and the Product Owner taking a close back."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.backlog.models import Item, Status
from tandem.delivery import services
from tandem.delivery.models import Sprint, SprintItem, SprintState
from tandem.workspace.errors import Conflict, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event
from tests.conftest import Team

from .sprint_data import PO, new_sprint, ready_story, set_status, started_sprint

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def _close(team: Team, sprint: Sprint, **carry: str) -> Sprint:
    sprint.refresh_from_db()
    return services.sprint_close(
        access=team.access(PO), sprint=sprint, expected_version=sprint.version, carry=carry
    )


def _finished_sprint(team: Team, name: str, points: int, starts_on: dt.date) -> Sprint:
    """A closed sprint that completed ``points``."""
    item = ready_story(team, f"Done in {name}", points=points)
    sprint = started_sprint(team, item, name=name, starts_on=starts_on, capacity=50)
    set_status(team, item, Status.DONE)
    return _close(team, sprint)


def _live_keys(sprint: Sprint) -> set[str]:
    entries = SprintItem.objects.filter(sprint=sprint, removed_at__isnull=True)
    return {entry.item.key for entry in entries.select_related("item__product")}


# --- the start check ----------------------------------------------------------------------


def test_the_start_check_shows_commitment_capacity_velocity_length_and_overlaps(
    team: Team,
) -> None:
    _finished_sprint(team, "One", 3, TODAY - dt.timedelta(days=60))
    _finished_sprint(team, "Two", 8, TODAY - dt.timedelta(days=40))
    new_sprint(team, name="Neighbour", starts_on=TODAY + dt.timedelta(days=10))
    sprint = new_sprint(team, name="Next", capacity=20, starts_on=TODAY)
    services.sprint_items_add(
        access=team.access(PO), sprint=sprint, items=[ready_story(team, "A", points=8)]
    )
    check = services.sprint_start_check(sprint)
    assert check.planned_points == 8
    assert check.items == 1
    assert check.capacity == 20
    assert check.velocity == 5.5
    assert check.velocity_sprints == 2
    assert check.days == 14
    assert check.overlaps == ["Neighbour"]
    assert check.over_velocity
    assert not check.over_capacity
    assert "over the recent velocity of 5.5 (the average of the last 2 closed sprints)" in (
        "; ".join(check.warnings)
    )


def test_a_closed_sprint_whose_dates_overlap_is_history_not_a_warning(team: Team) -> None:
    _finished_sprint(team, "Earlier", 3, TODAY)
    sprint = new_sprint(team, name="Again", starts_on=TODAY)
    assert services.sprint_start_check(sprint).overlaps == []


def test_a_start_over_velocity_asks_to_confirm_and_lists_the_warnings(team: Team) -> None:
    _finished_sprint(team, "One", 3, TODAY - dt.timedelta(days=30))
    sprint = new_sprint(team, name="Greedy", capacity=None)
    services.sprint_items_add(
        access=team.access(PO), sprint=sprint, items=[ready_story(team, "Big", points=13)]
    )
    sprint.refresh_from_db()
    with pytest.raises(ValidationFailed) as refused:
        services.sprint_start(
            access=team.access(PO), sprint=sprint, expected_version=sprint.version
        )
    assert refused.value.warnings == [
        "13 points planned, over the recent velocity of 3.0 "
        "(the average of the last 1 closed sprint)"
    ]
    assert "confirm" in refused.value.errors
    started = services.sprint_start(
        access=team.access(PO), sprint=sprint, expected_version=sprint.version, confirmed=True
    )
    assert started.state == SprintState.ACTIVE


def test_a_start_within_capacity_and_velocity_needs_no_confirmation(team: Team) -> None:
    _finished_sprint(team, "One", 8, TODAY - dt.timedelta(days=30))
    sprint = new_sprint(team, name="Calm", capacity=10)
    services.sprint_items_add(
        access=team.access(PO), sprint=sprint, items=[ready_story(team, "S", points=5)]
    )
    sprint.refresh_from_db()
    started = services.sprint_start(
        access=team.access(PO), sprint=sprint, expected_version=sprint.version
    )
    assert started.state == SprintState.ACTIVE


# --- reopening ----------------------------------------------------------------------------


def _closed_with_leftovers(team: Team) -> tuple[Sprint, Item, Item]:
    done = ready_story(team, "Finished", points=3)
    left = ready_story(team, "Unfinished", points=5)
    sprint = started_sprint(team, done, left, name="Sprint 1")
    set_status(team, done, Status.DONE)
    return _close(team, sprint), done, left


def test_the_product_owner_reopens_the_last_closed_sprint_with_its_items_back(
    team: Team,
) -> None:
    sprint, done, left = _closed_with_leftovers(team)
    assert _live_keys(sprint) == {done.key}
    reopened = services.sprint_reopen(
        access=team.access(PO), sprint=sprint, expected_version=sprint.version
    )
    assert reopened.state == SprintState.ACTIVE
    assert reopened.closed_at is None
    assert reopened.completed_points is None
    assert reopened.committed_points == 8
    assert _live_keys(sprint) == {done.key, left.key}
    restored = SprintItem.objects.get(sprint=sprint, item=left, removed_at__isnull=True)
    assert restored.committed
    assert restored.points_at_start == 5
    event = Event.objects.get(verb="sprint.reopened", object_id=sprint.pk)
    assert event.before is not None
    assert event.before["state"] == "closed"
    assert event.after is not None
    assert event.after["restored"] == [left.key]


def test_reopening_bumps_the_version_and_a_stale_one_conflicts(team: Team) -> None:
    sprint, _, _ = _closed_with_leftovers(team)
    with pytest.raises(Conflict):
        services.sprint_reopen(
            access=team.access(PO), sprint=sprint, expected_version=sprint.version - 1
        )
    reopened = services.sprint_reopen(
        access=team.access(PO), sprint=sprint, expected_version=sprint.version
    )
    assert reopened.version == sprint.version + 1


def test_an_item_carried_to_the_next_sprint_comes_back_out_of_it(team: Team) -> None:
    left = ready_story(team, "Carry me", points=5)
    sprint = started_sprint(team, left, name="Sprint 1")
    following = new_sprint(team, name="Sprint 2", starts_on=TODAY + dt.timedelta(days=14))
    sprint = _close(team, sprint, **{left.key: "next"})
    assert _live_keys(following) == {left.key}
    services.sprint_reopen(access=team.access(PO), sprint=sprint, expected_version=sprint.version)
    assert _live_keys(sprint) == {left.key}
    assert _live_keys(following) == set()
    assert Event.objects.filter(verb="sprint.item_removed", object_id=following.pk).exists()


def test_an_item_planned_elsewhere_since_the_close_stays_there(team: Team) -> None:
    left = ready_story(team, "Planned again", points=5)
    sprint = started_sprint(team, left, name="Sprint 1")
    sprint = _close(team, sprint, **{left.key: "backlog"})
    later = new_sprint(team, name="Sprint 2", starts_on=TODAY + dt.timedelta(days=14))
    services.sprint_items_add(access=team.access(PO), sprint=later, items=[left])
    reopened = services.sprint_reopen(
        access=team.access(PO), sprint=sprint, expected_version=sprint.version
    )
    assert _live_keys(later) == {left.key}
    assert _live_keys(sprint) == set()
    event = Event.objects.get(verb="sprint.reopened", object_id=reopened.pk)
    assert event.after is not None
    assert event.after["left"] == {left.key: "now in Sprint 2"}


def test_only_the_most_recently_closed_sprint_can_be_reopened(team: Team) -> None:
    first = _finished_sprint(team, "First", 3, TODAY - dt.timedelta(days=30))
    _finished_sprint(team, "Second", 3, TODAY - dt.timedelta(days=15))
    first.refresh_from_db()
    with pytest.raises(ValidationFailed, match=r"most recently closed sprint \(Second\)"):
        services.sprint_reopen(access=team.access(PO), sprint=first, expected_version=first.version)


def test_a_sprint_is_not_reopened_while_another_is_active(team: Team) -> None:
    sprint, _, _ = _closed_with_leftovers(team)
    started_sprint(team, ready_story(team, "Now"), name="Running", starts_on=TODAY)
    sprint.refresh_from_db()
    with pytest.raises(ValidationFailed, match="Running is active; close it first"):
        services.sprint_reopen(
            access=team.access(PO), sprint=sprint, expected_version=sprint.version
        )
    assert Sprint.objects.get(pk=sprint.pk).state == SprintState.CLOSED


def test_a_planned_or_active_sprint_is_not_reopened(team: Team) -> None:
    sprint = new_sprint(team)
    with pytest.raises(ValidationFailed, match="is not closed"):
        services.sprint_reopen(
            access=team.access(PO), sprint=sprint, expected_version=sprint.version
        )


@pytest.mark.parametrize("role", ["product_manager", "team_member", "stakeholder", "viewer"])
def test_only_the_product_owner_reopens_a_sprint(team: Team, role: str) -> None:
    sprint, _, _ = _closed_with_leftovers(team)
    with pytest.raises(PermissionDenied):
        services.sprint_reopen(
            access=team.access(role), sprint=sprint, expected_version=sprint.version
        )
    assert Sprint.objects.get(pk=sprint.pk).state == SprintState.CLOSED


def test_a_reopened_sprint_closes_again_with_its_new_completed_points(team: Team) -> None:
    sprint, _, left = _closed_with_leftovers(team)
    services.sprint_reopen(access=team.access(PO), sprint=sprint, expected_version=sprint.version)
    set_status(team, left, Status.DONE)
    closed = _close(team, sprint)
    assert closed.completed_points == 8
