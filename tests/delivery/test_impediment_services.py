"""Blockers halt their items; impediments slow the team; either can go to the PM."""

from __future__ import annotations

import pytest

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Status
from tandem.delivery import selectors, services
from tandem.strategy.models import Decision
from tandem.workspace.errors import Conflict, PermissionDenied, ValidationFailed
from tests.conftest import Team

from .sprint_data import TEAM, ready_story, set_status, started_sprint

pytestmark = pytest.mark.django_db


def _blocker(team: Team, *keys: str, kind: str = "blocker"):  # type: ignore[no-untyped-def]
    return services.impediment_raise(
        access=team.access(TEAM),
        fields={
            "kind": kind,
            "description": "Waiting on the drone vendor's SDK",
            "items": list(keys),
        },
    )


def test_a_blocked_item_cannot_move_to_done(team: Team) -> None:
    item = ready_story(team, "Flight log")
    started_sprint(team, item)
    _blocker(team, item.key)
    with pytest.raises(ValidationFailed, match="blocked"):
        set_status(team, item, Status.DONE)


def test_a_blocked_item_can_still_move_to_in_progress(team: Team) -> None:
    item = ready_story(team, "Flight log")
    _blocker(team, item.key)
    assert set_status(team, item, Status.IN_PROGRESS).status == Status.IN_PROGRESS


def test_an_impediment_does_not_block_its_items(team: Team) -> None:
    item = ready_story(team, "Flight log")
    _blocker(team, item.key, kind="impediment")
    assert set_status(team, item, Status.DONE).status == Status.DONE


def test_resolving_the_blocker_frees_the_item(team: Team) -> None:
    item = ready_story(team, "Flight log")
    blocker = _blocker(team, item.key)
    services.impediment_resolve(
        access=team.access(TEAM), impediment=blocker, resolution="SDK arrived", expected_version=1
    )
    assert set_status(team, item, Status.DONE).status == Status.DONE


def test_the_guard_applies_to_the_backlogs_own_update(team: Team) -> None:
    item = ready_story(team, "Flight log")
    _blocker(team, item.key)
    item.refresh_from_db()
    with pytest.raises(ValidationFailed) as error:
        backlog_services.item_update(
            access=team.access("product_owner"),
            item=item,
            changes={"status": Status.DONE},
            expected_version=item.version,
        )
    assert "status" in error.value.errors


def test_escalating_puts_an_open_decision_in_the_pms_queue(team: Team) -> None:
    item = ready_story(team, "Flight log")
    blocker = _blocker(team, item.key)
    escalated = services.impediment_escalate(
        access=team.access(TEAM), impediment=blocker, note="Pay for priority support?"
    )
    decision = Decision.objects.get(pk=escalated.decision_id)
    assert decision.status == "open"
    assert item.key in decision.context
    assert "priority support" in decision.context


def test_an_impediment_is_escalated_once(team: Team) -> None:
    blocker = _blocker(team)
    services.impediment_escalate(access=team.access(TEAM), impediment=blocker)
    with pytest.raises(ValidationFailed):
        services.impediment_escalate(access=team.access(TEAM), impediment=blocker)


@pytest.mark.parametrize("role", ["stakeholder", "viewer"])
def test_readers_cannot_raise_impediments(team: Team, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.impediment_raise(access=team.access(role), fields={"description": "x"})


def test_an_impediment_needs_a_description_and_real_items(team: Team) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.impediment_raise(
            access=team.access(TEAM), fields={"description": " ", "items": ["DRN-999"]}
        )
    assert set(error.value.errors) == {"description", "items"}


def test_a_stale_edit_conflicts(team: Team) -> None:
    blocker = _blocker(team)
    services.impediment_update(
        access=team.access(TEAM),
        impediment=blocker,
        changes={"kind": "impediment"},
        expected_version=1,
    )
    with pytest.raises(Conflict):
        services.impediment_update(
            access=team.access(TEAM),
            impediment=blocker,
            changes={"kind": "blocker"},
            expected_version=1,
        )


def test_an_archived_blocker_no_longer_blocks_and_can_be_restored(team: Team) -> None:
    item = ready_story(team, "Flight log")
    blocker = _blocker(team, item.key)
    services.impediment_archive(access=team.access(TEAM), impediment=blocker)
    assert not selectors.item_is_blocked(item)
    services.impediment_restore(access=team.access(TEAM), impediment=blocker)
    assert selectors.item_is_blocked(item)
