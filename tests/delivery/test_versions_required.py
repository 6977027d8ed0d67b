"""An edit of a sprint or a release names the version it read: none is 428, a stale one 409."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.delivery import services
from tandem.delivery.models import Release
from tandem.workspace.errors import Conflict, PreconditionRequired
from tests.conftest import Team

from .sprint_data import PO, new_sprint

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _release(team: Team) -> Release:
    return services.release_create(access=team.access(PO), fields={"name": "2.4"})


def _patch(team: Team, path: str, body: Any, **headers: str) -> Any:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token(PO)}")
    return client.patch(path, body, content_type="application/json", headers=headers)


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
    path, field = RECORDS[record](team)
    missing = _patch(team, path, {field: "New"})
    assert (missing.status_code, missing["Content-Type"]) == (428, PROBLEM)
    # Nothing changed: the version read before is still the current one.
    assert _patch(team, path, {field: "New"}, **{"If-Match": '"1"'}).status_code == 200


@pytest.mark.parametrize("record", RECORDS)
def test_the_api_answers_409_with_the_current_state_for_a_stale_patch(
    team: Team, record: str
) -> None:
    path, field = RECORDS[record](team)
    assert _patch(team, path, {field: "First"}, **{"If-Match": '"1"'}).status_code == 200
    stale = _patch(team, path, {field: "Late"}, **{"If-Match": '"1"'})
    assert (stale.status_code, stale["Content-Type"]) == (409, PROBLEM)
    assert (stale.json()["current"][field], stale.json()["current"]["version"]) == ("First", 2)
