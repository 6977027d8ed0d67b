"""The start check, the confirmation and reopening through the API, as each role calls it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.backlog.models import Status
from tandem.delivery import services
from tandem.delivery.models import Sprint, SprintState
from tandem.workspace import services as workspace_services
from tests.conftest import Team

from .sprint_data import PO, new_sprint, ready_story, set_status, started_sprint

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _client(team: Team, role: str = PO) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _post(client: Client, path: str, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(path, body, content_type="application/json", headers=headers)


def _closed(team: Team) -> Sprint:
    item = ready_story(team, "Unfinished", points=5)
    sprint = started_sprint(team, item)
    sprint.refresh_from_db()
    return services.sprint_close(
        access=team.access(PO), sprint=sprint, expected_version=sprint.version
    )


def test_the_start_check_answers_the_numbers_and_whether_to_confirm(team: Team) -> None:
    sprint = new_sprint(team, capacity=2)
    services.sprint_items_add(
        access=team.access(PO), sprint=sprint, items=[ready_story(team, "Big", points=5)]
    )
    body = (
        _client(team, "stakeholder")
        .get(f"/api/v1/products/DRN/sprints/{sprint.pk}/start-check")
        .json()
    )
    assert body["planned_points"] == 5
    assert body["capacity"] == 2
    assert body["velocity"] is None
    assert body["days"] == 14
    assert body["needs_confirm"] is True
    assert body["warnings"] == ["5 points planned, over the capacity of 2"]


def test_a_start_without_confirm_lists_the_warnings_in_the_problem(team: Team) -> None:
    sprint = new_sprint(team, capacity=2)
    client = _client(team)
    base = f"/api/v1/products/DRN/sprints/{sprint.pk}"
    _post(client, f"{base}/items", {"items": [ready_story(team, "Big", points=5).key]})
    etag = client.get(base)["ETag"]
    refused = _post(client, f"{base}/start", {"confirm": False}, **{"If-Match": etag})
    assert refused.status_code == 422
    assert refused["Content-Type"] == PROBLEM
    assert refused.json()["warnings"] == ["5 points planned, over the capacity of 2"]
    assert "confirm" in refused.json()["errors"]


def test_the_product_owner_reopens_a_closed_sprint_with_if_match(team: Team) -> None:
    sprint = _closed(team)
    client = _client(team)
    base = f"/api/v1/products/DRN/sprints/{sprint.pk}"
    etag = client.get(base)["ETag"]
    reopened = _post(client, f"{base}/reopen", {}, **{"If-Match": etag})
    assert reopened.status_code == 200
    assert reopened.json()["state"] == "active"
    assert reopened["ETag"] == f'"{sprint.version + 1}"'
    assert [i["key"] for i in client.get(base).json()["items"]] == ["DRN-1"]


def test_a_reopen_without_a_version_is_428_and_a_stale_one_409(team: Team) -> None:
    sprint = _closed(team)
    client = _client(team)
    base = f"/api/v1/products/DRN/sprints/{sprint.pk}"
    assert _post(client, f"{base}/reopen", {}).status_code == 428
    stale = _post(client, f"{base}/reopen", {"version": sprint.version - 1})
    assert stale.status_code == 409
    assert stale.json()["current"]["state"] == "closed"


def test_reopening_a_planned_sprint_is_a_422_naming_the_state(team: Team) -> None:
    sprint = new_sprint(team)
    response = _post(
        _client(team), f"/api/v1/products/DRN/sprints/{sprint.pk}/reopen", {"version": 1}
    )
    assert response.status_code == 422
    assert "is not closed" in response.json()["errors"]["state"]


@pytest.mark.parametrize("role", ["product_manager", "team_member", "stakeholder", "viewer"])
def test_only_the_product_owner_may_reopen_through_the_api(team: Team, role: str) -> None:
    sprint = _closed(team)
    response = _post(
        _client(team, role),
        f"/api/v1/products/DRN/sprints/{sprint.pk}/reopen",
        {"version": sprint.version},
    )
    assert response.status_code == 403
    assert Sprint.objects.get(pk=sprint.pk).state == SprintState.CLOSED


def test_someone_from_another_organization_gets_404(team: Team) -> None:
    sprint = _closed(team)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {_outsider_token(team)}")
    base = f"/api/v1/products/DRN/sprints/{sprint.pk}"
    assert _post(client, f"{base}/reopen", {"version": sprint.version}).status_code == 404
    assert client.get(f"{base}/start-check").status_code == 404


def test_watching_a_sprint_through_the_api(team: Team) -> None:
    sprint = new_sprint(team)
    client = _client(team, "team_member")
    path = f"/api/v1/products/DRN/watch/sprint/{sprint.pk}"
    assert client.put(path).status_code == 200
    assert client.get(path).json()["watching"] is True


def _outsider_token(team: Team) -> str:
    return workspace_services.token_create(user=team.outsider)[1]


def test_a_done_item_keeps_its_status_when_its_sprint_is_reopened(team: Team) -> None:
    item = ready_story(team, "Finished", points=3)
    sprint = started_sprint(team, item)
    set_status(team, item, Status.DONE)
    sprint.refresh_from_db()
    services.sprint_close(access=team.access(PO), sprint=sprint, expected_version=sprint.version)
    sprint.refresh_from_db()
    client = _client(team)
    base = f"/api/v1/products/DRN/sprints/{sprint.pk}"
    _post(client, f"{base}/reopen", {"version": sprint.version})
    [card] = client.get(base).json()["items"]
    assert card["status"] == "done"
