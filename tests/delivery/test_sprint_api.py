"""The sprints API as a script sees it: JSON in, JSON and ETags out, problem+json errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.backlog.models import Status
from tandem.workspace import services as workspace_services
from tests.conftest import Team

from .sprint_data import PO, TEAM, new_sprint, ready_story, set_status, started_sprint

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _client(team: Team, role: str = PO) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _post(client: Client, path: str, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(path, body, content_type="application/json", headers=headers)


def _patch(client: Client, path: str, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.patch(path, body, content_type="application/json", headers=headers)


def test_creating_a_sprint_answers_201_with_an_etag(team: Team) -> None:
    response = _post(
        _client(team),
        "/api/v1/products/DRN/sprints",
        {"name": "Sprint 1", "starts_on": "2026-02-02", "ends_on": "2026-02-13", "capacity": 20},
    )
    assert response.status_code == 201
    assert response["ETag"] == '"1"'
    assert response.json()["state"] == "planned"


def test_a_bad_sprint_answers_problem_json_with_field_names(team: Team) -> None:
    response = _post(
        _client(team),
        "/api/v1/products/DRN/sprints",
        {"name": " ", "starts_on": "2026-02-13", "ends_on": "2026-02-02"},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert set(response.json()["errors"]) == {"name", "ends_on"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/products/DRN/sprints",
            {"name": "Sprint\x001", "starts_on": "2026-02-02", "ends_on": "2026-02-13"},
            "name",
        ),
        (
            "/api/v1/products/DRN/sprints",
            {"name": "S", "starts_on": "2026-02-02", "ends_on": "2026-02-13", "goall": "typo"},
            "goall",
        ),
        ("/api/v1/products/DRN/releases", {"name": "2.0", "notes": "a\x00b"}, "notes"),
    ],
)
def test_delivery_inputs_refuse_control_characters_and_unknown_fields(
    team: Team, path: str, body: dict[str, Any], field: str
) -> None:
    response = _post(_client(team), path, body)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    assert field in str(response.json()["errors"])


def test_an_update_without_a_version_answers_428(team: Team) -> None:
    sprint = new_sprint(team)
    response = _patch(_client(team), f"/api/v1/products/DRN/sprints/{sprint.pk}", {"goal": "x"})
    assert response.status_code == 428


def test_a_stale_if_match_answers_409_with_the_current_state(team: Team) -> None:
    sprint = new_sprint(team)
    client = _client(team)
    first = _patch(
        client, f"/api/v1/products/DRN/sprints/{sprint.pk}", {"goal": "One"}, **{"If-Match": '"1"'}
    )
    assert first.status_code == 200
    assert first["ETag"] == '"2"'
    stale = _patch(
        client, f"/api/v1/products/DRN/sprints/{sprint.pk}", {"goal": "Two"}, **{"If-Match": '"1"'}
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["goal"] == "One"


def test_plan_start_and_close_through_the_api(team: Team) -> None:
    items = [ready_story(team, f"S{n}", points=3, value=n + 1) for n in range(5)]
    sprint = new_sprint(team, capacity=6)
    client = _client(team)
    base = f"/api/v1/products/DRN/sprints/{sprint.pk}"
    proposal = client.get(f"{base}/proposal").json()
    assert proposal["optimal"]["points"] <= 6
    assert proposal["optimal"]["value"] >= proposal["greedy"]["value"]
    added = _post(client, f"{base}/items", {"items": proposal["optimal"]["items"]})
    assert added.status_code == 200
    started = _post(client, f"{base}/start", {}, **{"If-Match": client.get(base)["ETag"]})
    assert started.json()["committed_points"] == 6
    done = items[4]
    set_status(team, done, Status.DONE)
    closed = _post(client, f"{base}/close", {"carry": {}}, **{"If-Match": started["ETag"]})
    assert closed.status_code == 200
    assert closed.json()["completed_points"] == 3
    velocity = client.get("/api/v1/products/DRN/velocity").json()
    assert velocity["mean"] == 3


def test_a_start_over_capacity_is_a_422_naming_confirm_until_confirmed(team: Team) -> None:
    sprint = new_sprint(team, capacity=2)
    client = _client(team)
    base = f"/api/v1/products/DRN/sprints/{sprint.pk}"
    _post(client, f"{base}/items", {"items": [ready_story(team, "Big", points=5).key]})
    etag = client.get(base)["ETag"]
    refused = _post(client, f"{base}/start", {}, **{"If-Match": etag})
    assert refused.status_code == 422
    assert "over the capacity of 2" in refused.json()["errors"]["confirm"]
    started = _post(client, f"{base}/start", {"confirm": True}, **{"If-Match": etag})
    assert started.status_code == 200
    assert started.json()["state"] == "active"


def test_a_team_members_addition_answers_202_with_the_suggestion(team: Team) -> None:
    item = ready_story(team, "S")
    sprint = new_sprint(team)
    response = _post(
        _client(team, TEAM),
        f"/api/v1/products/DRN/sprints/{sprint.pk}/items",
        {"items": [item.key]},
    )
    assert response.status_code == 202
    assert response.json()["suggestions"][0]["item"] == item.key


def test_the_board_pages_a_column(team: Team) -> None:
    items = [ready_story(team, f"S{n}") for n in range(7)]
    sprint = started_sprint(team, *items, capacity=100)
    client = _client(team, "viewer")
    base = f"/api/v1/products/DRN/sprints/{sprint.pk}/board"
    columns = {c["status"]: c for c in client.get(f"{base}?limit=5").json()}
    assert columns["ready"]["count"] == 7
    assert len(columns["ready"]["cards"]) == 5
    rest = client.get(f"{base}?status=ready&offset=5&limit=5").json()[0]
    assert len(rest["cards"]) == 2
    assert rest["next_offset"] is None


def test_moving_a_card_needs_the_items_version(team: Team) -> None:
    item = ready_story(team, "Card")
    started_sprint(team, item)
    item.refresh_from_db()
    client = _client(team, TEAM)
    missing = _post(
        client, "/api/v1/products/DRN/board/move", {"item": item.key, "status": "in_progress"}
    )
    assert missing.status_code == 428
    moved = _post(
        client,
        "/api/v1/products/DRN/board/move",
        {"item": item.key, "status": "in_progress"},
        **{"If-Match": f'"{item.version}"'},
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "in_progress"


def test_a_blocker_through_the_api_blocks_its_card(team: Team) -> None:
    item = ready_story(team, "Card")
    started_sprint(team, item)
    client = _client(team, TEAM)
    raised = _post(
        client,
        "/api/v1/products/DRN/impediments",
        {"kind": "blocker", "description": "SDK", "items": [item.key]},
    )
    assert raised.status_code == 201
    item.refresh_from_db()
    refused = _post(
        client,
        "/api/v1/products/DRN/board/move",
        {"item": item.key, "status": "done", "version": item.version},
    )
    assert refused.status_code == 422
    assert "blocked" in refused.json()["errors"]["status"]
    imp = raised.json()["id"]
    escalated = _post(client, f"/api/v1/products/DRN/impediments/{imp}/escalate", {"note": ""})
    assert escalated.json()["decision"] is not None
    resolved = _post(
        client,
        f"/api/v1/products/DRN/impediments/{imp}/resolve",
        {"resolution": "ok"},
        **{"If-Match": escalated["ETag"]},
    )
    assert resolved.json()["resolved_at"] is not None


def test_a_stakeholder_reads_but_cannot_raise(team: Team) -> None:
    client = _client(team, "stakeholder")
    assert client.get("/api/v1/products/DRN/impediments").status_code == 200
    assert (
        _post(client, "/api/v1/products/DRN/impediments", {"description": "x"}).status_code == 403
    )


def test_an_outsider_gets_404(team: Team) -> None:
    sprint = new_sprint(team)
    secret = workspace_services.token_create(user=team.outsider)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(f"/api/v1/products/DRN/sprints/{sprint.pk}").status_code == 404


def test_charts_and_retro_through_the_api(team: Team) -> None:
    item = ready_story(team, "Card")
    sprint = started_sprint(team, item)
    client = _client(team, TEAM)
    base = f"/api/v1/products/DRN/sprints/{sprint.pk}"
    assert len(client.get(f"{base}/burndown").json()["days"]) == 14
    assert "ready" in client.get(f"{base}/flow").json()["counts"]
    note = _post(client, f"{base}/retro/notes", {"kind": "idea", "text": "Mob on the SDK"})
    assert note.status_code == 201
    voted = _post(client, f"{base}/retro/notes/{note.json()['id']}/vote", {})
    assert voted.json()["notes"][0]["votes"] == 1
    action = _post(
        client, f"{base}/retro/actions", {"text": "Add SDK mocks", "owner": "dev@example.test"}
    )
    assert action.json()["item"].startswith("DRN-")


def test_dependencies_through_the_api(team: Team) -> None:
    a, b = ready_story(team, "A"), ready_story(team, "B")
    client = _client(team, TEAM)
    assert (
        _post(client, f"/api/v1/items/{b.key}/dependencies", {"blocked_by": a.key}).status_code
        == 201
    )
    cycle = _post(client, f"/api/v1/items/{a.key}/dependencies", {"blocked_by": b.key})
    assert cycle.status_code == 422
    assert client.delete(f"/api/v1/items/{b.key}/dependencies/{a.key}").status_code == 204


def test_availability_through_the_api(team: Team) -> None:
    sprint = new_sprint(team, capacity=None)
    client = _client(team, TEAM)
    base = f"/api/v1/products/DRN/sprints/{sprint.pk}/capacity"
    answer = client.put(
        f"{base}/dev@example.test", {"points": 20, "days_off": 0}, content_type="application/json"
    )
    assert answer.status_code == 200
    assert answer.json()["total"] == 20


def test_a_removed_retro_note_can_be_restored(team: Team) -> None:
    sprint = started_sprint(team, ready_story(team, "Card"))
    client = _client(team, TEAM)
    base = f"/api/v1/products/DRN/sprints/{sprint.pk}/retro"
    note = _post(client, f"{base}/notes", {"kind": "idea", "text": "Pair more"}).json()
    assert client.delete(f"{base}/notes/{note['id']}").status_code == 204
    assert client.get(base).json()["notes"] == []
    restored = _post(client, f"{base}/notes/{note['id']}/restore", {})
    assert [n["text"] for n in restored.json()["notes"]] == ["Pair more"]
