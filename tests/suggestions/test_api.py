"""The suggestion endpoints as a script sees them, called with each role's token."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.backlog.models import Item
from tests.conftest import Team

from .conftest import Make

pytestmark = pytest.mark.django_db

READERS = ["product_owner", "product_manager", "team_member", "stakeholder", "viewer"]
PROBLEM = "application/problem+json"


def _client(team: Team, role: str = "product_owner") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _outsider(team: Team) -> Client:
    from tandem.workspace import services as workspace_services

    return Client(
        HTTP_AUTHORIZATION=f"Bearer {workspace_services.token_create(user=team.outsider)[1]}"
    )


def _post(client: Client, path: str, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(path, body, content_type="application/json", headers=headers)


@pytest.fixture
def backlog(make: Make) -> None:
    make("Export flight logs as CSV", estimate=2)
    make("Night mode for the camera", estimate=5)
    make("Export the flight logs to CSV")
    make(
        "See and edit my children",
        kind="story",
        as_a="parent",
        i_want="to see and edit my children",
    )


@pytest.mark.parametrize("role", READERS)
def test_every_member_gets_an_estimate_suggestion(team: Team, backlog: None, role: str) -> None:
    response = _client(team, role).get("/api/v1/items/DRN-3/estimate-suggestion")
    assert response.status_code == 200
    body = response.json()
    assert body["points"] == 2  # the lower median of 2 and 5
    assert body["cold_start"] is True
    assert 0 <= body["confidence"] <= 1
    assert body["similar"][0] == {"key": "DRN-1", "title": "Export flight logs as CSV", "points": 2}


def test_the_suggestion_leaves_the_item_as_it_was(team: Team, backlog: None) -> None:
    _client(team).get("/api/v1/items/DRN-3/estimate-suggestion")
    assert Item.objects.get(number=3).estimate is None


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/items/DRN-3/estimate-suggestion",
        "/api/v1/items/DRN-3/similar",
        "/api/v1/items/DRN-3/quality",
    ],
)
def test_someone_from_another_organization_gets_404(team: Team, backlog: None, path: str) -> None:
    response = _outsider(team).get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith(PROBLEM)


@pytest.mark.parametrize("role", READERS)
def test_similar_lists_the_stored_neighbours(team: Team, backlog: None, role: str) -> None:
    response = _client(team, role).get("/api/v1/items/DRN-3/similar")
    assert response.status_code == 200
    first = response.json()[0]
    assert (first["key"], first["title"]) == ("DRN-1", "Export flight logs as CSV")
    assert 0 < first["score"] <= 1
    assert first["likely_duplicate"] is True


def test_quality_lists_findings_and_the_split(team: Team, backlog: None) -> None:
    body = _client(team, "stakeholder").get("/api/v1/items/DRN-4/quality").json()
    assert "atomic" in [f["criterion"] for f in body["findings"]]
    assert all(f["message"] for f in body["findings"])
    assert body["split"] == [
        "As a parent, I want to see my children.",
        "As a parent, I want to edit my children.",
    ]


def test_the_split_needs_the_version_read(team: Team, backlog: None) -> None:
    response = _post(_client(team), "/api/v1/items/DRN-4/quality/split", {})
    assert response.status_code == 428


def test_the_product_owner_splits_through_the_api(team: Team, backlog: None) -> None:
    response = _post(_client(team), "/api/v1/items/DRN-4/quality/split", {}, **{"If-Match": '"1"'})
    assert response.status_code == 201
    body = response.json()
    assert body["item"]["i_want"] == "to see my children"
    assert body["created"]["key"] == "DRN-5"
    assert body["created"]["i_want"] == "to edit my children"
    assert body["proposal"] is None
    assert response["ETag"] == '"2"'


def test_a_stakeholder_cannot_split(team: Team, backlog: None) -> None:
    response = _post(
        _client(team, "stakeholder"), "/api/v1/items/DRN-4/quality/split", {"version": 1}
    )
    assert response.status_code == 403
    assert Item.objects.count() == 4


def test_a_stale_split_is_409(team: Team, backlog: None) -> None:
    response = _post(_client(team), "/api/v1/items/DRN-4/quality/split", {"version": 9})
    assert response.status_code == 409


# --- before saving, and the create answer ----------------------------------------------


@pytest.mark.parametrize("role", ["product_owner", "product_manager", "team_member"])
def test_the_similar_check_names_the_look_alikes(team: Team, backlog: None, role: str) -> None:
    response = _post(
        _client(team, role),
        "/api/v1/products/DRN/items/similar-check",
        {"title": "Export flight logs as CSV files", "description": ""},
    )
    assert response.status_code == 200
    assert {match["key"] for match in response.json()} == {"DRN-1", "DRN-3"}


def test_a_stakeholder_cannot_run_the_similar_check(team: Team, backlog: None) -> None:
    response = _post(
        _client(team, "stakeholder"),
        "/api/v1/products/DRN/items/similar-check",
        {"title": "Export flight logs"},
    )
    assert response.status_code == 403


def test_the_similar_check_refuses_a_missing_title_naming_it(team: Team, backlog: None) -> None:
    response = _post(_client(team), "/api/v1/products/DRN/items/similar-check", {})
    assert response.status_code in (400, 422)
    assert "title" in response.content.decode()


def test_the_similar_check_of_another_organization_is_404(team: Team, backlog: None) -> None:
    response = _post(
        _outsider(team), "/api/v1/products/DRN/items/similar-check", {"title": "Export"}
    )
    assert response.status_code == 404


def test_creating_a_look_alike_answers_normally_and_names_it(team: Team, backlog: None) -> None:
    response = _post(
        _client(team), "/api/v1/products/DRN/items", {"title": "Export flight logs as CSV files"}
    )
    assert response.status_code == 201
    assert response.json()["key"] == "DRN-5"
    assert "DRN-1" in response["Tandem-Similar"]
    assert "DRN-5" not in response["Tandem-Similar"]


def test_quick_add_names_the_look_alike_too(team: Team, backlog: None) -> None:
    response = _post(
        _client(team, "team_member"),
        "/api/v1/products/DRN/items/quick-add",
        {"text": "Export the flight logs as CSV"},
    )
    assert response.status_code == 201
    assert "DRN-1" in response["Tandem-Similar"]


def test_an_unlike_item_has_no_similar_header(team: Team, backlog: None) -> None:
    response = _post(_client(team), "/api/v1/products/DRN/items", {"title": "Gimbal calibration"})
    assert response.status_code == 201
    assert "Tandem-Similar" not in response
