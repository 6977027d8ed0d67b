"""The item endpoints as a script sees them: JSON in, JSON and ETags out."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.backlog import services
from tandem.backlog.models import Item

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _client(team, role: str = "product_owner") -> Client:  # type: ignore[no-untyped-def]
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _post(client: Client, path: str, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(path, body, content_type="application/json", headers=headers)


def _patch(client: Client, path: str, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.patch(path, body, content_type="application/json", headers=headers)


def _backlog(team, *titles: str) -> list[Item]:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    return [services.item_create(access=po, fields={"title": t}) for t in titles]


def _ranked_keys(client: Client, query: str = "") -> list[str]:
    return [i["key"] for i in client.get(f"/api/v1/products/DRN/items?{query}").json()["items"]]


# --- list -------------------------------------------------------------------------------


def test_the_backlog_lists_items_in_rank_order(team) -> None:  # type: ignore[no-untyped-def]
    _, _, c = _backlog(team, "A", "B", "C")
    services.item_move(access=team.access("product_owner"), item=c, position="top")
    response = _client(team, "viewer").get("/api/v1/products/DRN/items")
    assert response.status_code == 200
    assert [(i["key"], i["title"]) for i in response.json()["items"]] == [
        ("DRN-3", "C"),
        ("DRN-1", "A"),
        ("DRN-2", "B"),
    ]


def test_next_cursor_walks_the_backlog_page_by_page(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "A", "B", "C", "D", "E")
    client = _client(team)
    first = client.get("/api/v1/products/DRN/items?limit=2").json()
    second = client.get(f"/api/v1/products/DRN/items?limit=2&cursor={first['next_cursor']}").json()
    third = client.get(f"/api/v1/products/DRN/items?limit=2&cursor={second['next_cursor']}").json()
    titles = [i["title"] for page in (first, second, third) for i in page["items"]]
    assert titles == ["A", "B", "C", "D", "E"]
    assert third["next_cursor"] is None


def test_the_backlog_filters_by_query_parameters(team) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    services.item_create(access=po, fields={"title": "Gimbal drifts", "kind": "bug"})
    services.item_create(access=po, fields={"title": "Longer flight", "labels": ["battery"]})
    services.item_create(access=po, fields={"title": "Flight logs", "assignee": team.dev.email})
    client = _client(team, "team_member")
    assert _ranked_keys(client, "kind=bug") == ["DRN-1"]
    assert _ranked_keys(client, "label=battery") == ["DRN-2"]
    assert _ranked_keys(client, "assignee=me") == ["DRN-3"]
    assert _ranked_keys(client, "text=flight") == ["DRN-2", "DRN-3"]
    assert _ranked_keys(client, "text=DRN-2") == ["DRN-2"]


# --- create -----------------------------------------------------------------------------


def test_creating_an_item_answers_201_with_the_item_and_its_etag(team) -> None:  # type: ignore[no-untyped-def]
    response = _post(
        _client(team),
        "/api/v1/products/DRN/items",
        {"title": "Longer flight time", "as_a": "pilot", "estimate": 5, "labels": ["battery"]},
    )
    assert response.status_code == 201
    assert response.headers["ETag"] == '"1"'
    body = response.json()
    assert (body["key"], body["title"], body["as_a"], body["estimate"], body["labels"]) == (
        "DRN-1",
        "Longer flight time",
        "pilot",
        5,
        ["battery"],
    )
    assert body["created_by"] == "po@example.test"


def test_quick_add_turns_a_sentence_into_a_story(team) -> None:  # type: ignore[no-untyped-def]
    response = _post(
        _client(team),
        "/api/v1/products/DRN/items/quick-add",
        {"text": "As a pilot I want longer flight time so that I can film a whole event"},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["as_a"], body["i_want"], body["so_that"]) == (
        "Longer flight time",
        "pilot",
        "longer flight time",
        "I can film a whole event",
    )
    assert response.headers["ETag"] == '"1"'
    assert "Tandem-Notice" not in response.headers


def test_quick_add_says_in_a_header_when_it_cut_the_title(team) -> None:  # type: ignore[no-untyped-def]
    text = "Crash report " + "word " * 80
    response = _post(_client(team), "/api/v1/products/DRN/items/quick-add", {"text": text})
    assert response.status_code == 201
    assert "cut to 200 characters" in response.headers["Tandem-Notice"]
    assert response.json()["description"] == text.strip()


def test_a_description_is_rendered_safely(team) -> None:  # type: ignore[no-untyped-def]
    response = _post(
        _client(team),
        "/api/v1/products/DRN/items",
        {"title": "XSS", "description": "**bold** <script>alert(1)</script>"},
    )
    html = response.json()["description_html"]
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html


# --- read and change --------------------------------------------------------------------


def test_an_item_is_read_with_its_etag(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    response = _client(team, "viewer").get("/api/v1/items/drn-1")
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.json()["key"] == "DRN-1"


@pytest.mark.parametrize("etag", ['"1"', 'W/"1"', "1"])
def test_a_patch_with_the_read_etag_applies_and_returns_the_next_etag(team, etag: str) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    response = _patch(
        _client(team), "/api/v1/items/DRN-1", {"title": "Fly 40 minutes"}, **{"If-Match": etag}
    )
    assert response.status_code == 200
    assert response.headers["ETag"] == '"2"'
    assert (response.json()["title"], response.json()["version"]) == ("Fly 40 minutes", 2)


def test_a_patch_may_name_the_version_in_the_body_instead(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    response = _patch(_client(team), "/api/v1/items/DRN-1", {"estimate": 3, "version": 1})
    assert response.status_code == 200
    assert response.json()["estimate"] == 3


def test_a_stale_patch_is_a_409_with_the_current_state(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    client = _client(team)
    _patch(client, "/api/v1/items/DRN-1", {"title": "Fly 40 minutes"}, **{"If-Match": '"1"'})
    response = _patch(
        client, "/api/v1/items/DRN-1", {"title": "Fly an hour"}, **{"If-Match": '"1"'}
    )
    assert response.status_code == 409
    assert response.headers["Content-Type"] == PROBLEM
    problem = response.json()
    assert (problem["status"], problem["title"]) == (409, "Edit conflict")
    assert (problem["current"]["title"], problem["current"]["version"]) == ("Fly 40 minutes", 2)
    assert Item.objects.get().title == "Fly 40 minutes"


def test_a_patch_that_names_no_version_is_a_428(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    response = _patch(_client(team), "/api/v1/items/DRN-1", {"title": "Fly 40 minutes"})
    assert response.status_code == 428
    assert response.headers["Content-Type"] == PROBLEM
    assert "If-Match" in response.json()["detail"]
    assert Item.objects.get().title == "Longer flight time"


@pytest.mark.parametrize("role", ["product_manager", "team_member"])
def test_a_content_edit_by_a_proposer_is_a_202_proposal(team, role: str) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    response = _patch(
        _client(team, role),
        "/api/v1/items/DRN-1",
        {"title": "Fly 40 minutes"},
        **{"If-Match": '"1"'},
    )
    assert response.status_code == 202
    proposal = response.json()
    assert (proposal["kind"], proposal["item"], proposal["status"]) == (
        "update",
        "DRN-1",
        "pending",
    )
    assert proposal["payload"]["changes"] == {"title": "Fly 40 minutes"}
    assert response.headers["ETag"] == '"1"'
    assert Item.objects.get().title == "Longer flight time"


def test_a_stakeholders_edit_is_a_403(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    response = _patch(
        _client(team, "stakeholder"),
        "/api/v1/items/DRN-1",
        {"status": "done"},
        **{"If-Match": '"1"'},
    )
    assert response.status_code == 403
    assert response.headers["Content-Type"] == PROBLEM


# --- archive ----------------------------------------------------------------------------


def test_delete_archives_and_restore_brings_the_item_back(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "A", "B")
    client = _client(team)
    assert client.delete("/api/v1/items/DRN-1").status_code == 204
    assert _ranked_keys(client) == ["DRN-2"]
    assert _ranked_keys(client, "archived=true") == ["DRN-1"]
    assert client.get("/api/v1/items/DRN-1").json()["archived"] is True
    restored = client.post("/api/v1/items/DRN-1/restore")
    assert restored.status_code == 200
    assert restored.json()["archived"] is False
    assert restored.headers["ETag"] == '"3"'
    assert _ranked_keys(client) == ["DRN-1", "DRN-2"]


def test_a_team_members_archive_is_a_202_proposal(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "A")
    response = _client(team, "team_member").delete("/api/v1/items/DRN-1")
    assert (response.status_code, response.json()["kind"]) == (202, "archive")
    assert Item.objects.get().archived_at is None


def test_a_stakeholder_cannot_archive(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "A")
    assert _client(team, "stakeholder").delete("/api/v1/items/DRN-1").status_code == 403
    assert Item.objects.get().archived_at is None


# --- move -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("product_owner", 200),
        ("product_manager", 202),
        ("team_member", 202),
        ("stakeholder", 403),
        ("viewer", 403),
    ],
)
def test_a_move_answers_by_role(team, role: str, status: int) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "A", "B", "C")
    response = _post(_client(team, role), "/api/v1/items/DRN-3/move", {"position": "top"})
    assert response.status_code == status


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"position": "top"}, ["DRN-3", "DRN-1", "DRN-2"]),
        ({"position": "bottom"}, ["DRN-1", "DRN-2", "DRN-3"]),
        ({"before": "DRN-2"}, ["DRN-1", "DRN-3", "DRN-2"]),
        ({"after": "drn-1"}, ["DRN-1", "DRN-3", "DRN-2"]),
    ],
)
def test_the_product_owner_moves_to_a_position_or_next_to_an_item(  # type: ignore[no-untyped-def]
    team, body: dict[str, str], expected: list[str]
) -> None:
    _backlog(team, "A", "B", "C")
    client = _client(team)
    response = _post(client, "/api/v1/items/DRN-3/move", body)
    assert response.status_code == 200
    assert _ranked_keys(client) == expected


def test_a_proposed_move_changes_nothing_until_accepted(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "A", "B")
    response = _post(
        _client(team, "product_manager"), "/api/v1/items/DRN-2/move", {"before": "DRN-1"}
    )
    assert response.json()["payload"] == {"before": "DRN-1"}
    client = _client(team)
    assert _ranked_keys(client) == ["DRN-1", "DRN-2"]
    accepted = client.post(f"/api/v1/products/DRN/proposals/{response.json()['id']}/accept")
    assert accepted.json()["status"] == "accepted"
    assert _ranked_keys(client) == ["DRN-2", "DRN-1"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "position"),
        ({"position": "top", "before": "DRN-1"}, "position"),
        ({"position": "middle"}, "position"),
        ({"before": "DRN-2"}, "item"),
    ],
)
def test_a_bad_move_is_a_422_naming_the_field(team, body: dict[str, str], field: str) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "A", "B")
    response = _post(_client(team), "/api/v1/items/DRN-2/move", body)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


def test_a_move_next_to_an_unknown_item_is_a_404(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "A", "B")
    response = _post(_client(team), "/api/v1/items/DRN-2/move", {"before": "DRN-99"})
    assert response.status_code == 404


# --- history ----------------------------------------------------------------------------


def test_an_items_history_lists_its_events_newest_first(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    client = _client(team)
    _patch(client, "/api/v1/items/DRN-1", {"title": "Fly 40 minutes"}, **{"If-Match": '"1"'})
    events = client.get("/api/v1/items/DRN-1/events").json()
    assert [(e["verb"], e["actor"]) for e in events] == [
        ("item.updated", "po@example.test"),
        ("item.created", "po@example.test"),
    ]
    assert (events[0]["before"], events[0]["after"]) == (
        {"title": "Longer flight time"},
        {"title": "Fly 40 minutes"},
    )


def test_a_mixed_patch_applies_what_it_may_and_names_the_proposal_for_the_rest(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    response = _patch(
        _client(team, "team_member"),
        "/api/v1/items/DRN-1",
        {"title": "Fly 40 minutes", "estimate": 5},
        **{"If-Match": '"1"'},
    )
    item = Item.objects.get()
    assert response.status_code == 200
    assert (item.title, item.estimate) == ("Longer flight time", 5)
    proposal_id = int(response.headers["Tandem-Proposal"])
    assert services.proposal_accept(access=team.access("product_owner"), proposal_id=proposal_id)
    item.refresh_from_db()
    assert item.title == "Fly 40 minutes"


def test_the_text_filter_matches_a_key_only_of_this_product(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time", "Obstacle sensing", "Offline maps")
    assert _ranked_keys(_client(team), "text=DRN-2") == ["DRN-2"]
    assert _ranked_keys(_client(team), "text=OUT-2") == []


def test_the_backlog_filters_by_quadrant_and_by_a_minimum_score(team) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    for title, value, effort in [("Quick", 9, 2), ("Bet", 9, 9), ("Sink", 2, 9)]:
        services.item_create(access=po, fields={"title": title, "value": value, "effort": effort})
    assert _ranked_keys(_client(team), "quadrant=quick_win") == ["DRN-1"]
    assert _ranked_keys(_client(team), "quadrant=time_sink") == ["DRN-3"]
    assert _ranked_keys(_client(team), "min_value_effort=1") == ["DRN-1", "DRN-2"]
    response = _client(team).get("/api/v1/products/DRN/items?quadrant=best")
    assert (response.status_code, list(response.json()["errors"])) == (422, ["quadrant"])
