"""An edit of a sprint or a release names the version it read: none is 428, a stale one 409."""

from __future__ import annotations

import pytest

from tandem.delivery import services
from tandem.delivery.models import Release
from tandem.workspace.errors import Conflict, PreconditionRequired
from tests.conftest import Team
from tests.versions import (
    assert_a_patch_without_a_version_is_428,
    assert_a_stale_patch_is_409_with_the_current_state,
)

from .sprint_data import PO, new_sprint

pytestmark = pytest.mark.django_db


def _release(team: Team) -> Release:
    return services.release_create(access=team.access(PO), fields={"name": "2.4"})


def test_a_sprint_update_without_a_version_is_refused_and_changes_nothing(team: Team) -> None:
    sprint = new_sprint(team)
    with pytest.raises(PreconditionRequired):
        services.sprint_update(
            access=team.access(PO), sprint=sprint, changes={"goal": "New"}, expected_version=None
        )
    sprint.refresh_from_db()
    assert (sprint.goal, sprint.version) == ("Ship the flight log", 1)


def test_a_stale_sprint_update_is_a_conflict_with_the_current_state(team: Team) -> None:
    sprint = new_sprint(team)
    po = team.access(PO)
    services.sprint_update(access=po, sprint=sprint, changes={"goal": "First"}, expected_version=1)
    with pytest.raises(Conflict) as stale:
        services.sprint_update(
            access=po, sprint=sprint, changes={"goal": "Late"}, expected_version=1
        )
    assert stale.value.current == stale.value.current | {
        "id": sprint.pk,
        "goal": "First",
        "version": 2,
    }


def test_a_release_update_without_a_version_is_refused_and_changes_nothing(team: Team) -> None:
    release = _release(team)
    with pytest.raises(PreconditionRequired):
        services.release_update(
            access=team.access(PO),
            release_id=release.pk,
            changes={"notes": "Return home"},
            expected_version=None,
        )
    release.refresh_from_db()
    assert (release.notes, release.version) == ("", 1)


def test_a_stale_release_update_is_a_conflict_with_the_current_state(team: Team) -> None:
    release = _release(team)
    po = team.access(PO)
    services.release_update(
        access=po, release_id=release.pk, changes={"notes": "First"}, expected_version=1
    )
    with pytest.raises(Conflict) as stale:
        services.release_update(
            access=po, release_id=release.pk, changes={"notes": "Late"}, expected_version=1
        )
    assert stale.value.current == stale.value.current | {
        "id": release.pk,
        "notes": "First",
        "version": 2,
    }


def _sprint_path(team: Team) -> tuple[str, str]:
    return f"/api/v1/products/DRN/sprints/{new_sprint(team).pk}", "goal"


def _release_path(team: Team) -> tuple[str, str]:
    return f"/api/v1/products/DRN/releases/{_release(team).pk}", "notes"


RECORDS = {"sprint": _sprint_path, "release": _release_path}


@pytest.mark.parametrize("record", RECORDS)
def test_the_api_answers_428_for_a_patch_without_a_version(team: Team, record: str) -> None:
    assert_a_patch_without_a_version_is_428(team.token(PO), *RECORDS[record](team))


@pytest.mark.parametrize("record", RECORDS)
def test_the_api_answers_409_with_the_current_state_for_a_stale_patch(
    team: Team, record: str
) -> None:
    assert_a_stale_patch_is_409_with_the_current_state(team.token(PO), *RECORDS[record](team))
