"""Rights through the Jira API are exactly Tandem's, answered in Jira's error shape."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.test import Client

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item
from tandem.workspace.models import Proposal

pytestmark = pytest.mark.django_db


def _client(team, role: str) -> Client:  # type: ignore[no-untyped-def]
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _send(client: Client, method: str, path: str, body: Any = None):  # type: ignore[no-untyped-def]
    call = getattr(client, method)
    return call(f"/rest/api/2/{path}", body, content_type="application/json")


def _story(team, **fields: object) -> Item:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    return backlog_services.item_create(access=po, fields={"title": "Offline maps", **fields})


NEW_STORY = {
    "fields": {"project": {"key": "DRN"}, "summary": "Wish", "issuetype": {"name": "Story"}}
}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("product_owner", 201),
        ("product_manager", 201),
        ("team_member", 201),
        ("stakeholder", 403),
        ("viewer", 403),
    ],
)
def test_who_may_create_a_story(team, role: str, status: int) -> None:  # type: ignore[no-untyped-def]
    response = _send(_client(team, role), "post", "issue", NEW_STORY)

    assert response.status_code == status
    assert Item.objects.count() == (1 if status == 201 else 0)


def test_a_refusal_has_jiras_error_shape(team) -> None:  # type: ignore[no-untyped-def]
    response = _send(_client(team, "viewer"), "post", "issue", NEW_STORY)

    body = response.json()
    assert set(body) == {"errorMessages", "errors"}
    assert "DRN" in body["errorMessages"][0]


def test_invalid_fields_are_named_by_their_jira_name(team) -> None:  # type: ignore[no-untyped-def]
    body = {"fields": {**NEW_STORY["fields"], "summary": "", "customfield_10002": 4}}

    response = _send(_client(team, "product_owner"), "post", "issue", body)

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"summary", "customfield_10002"}


def test_team_members_edit_of_a_story_becomes_a_proposal(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)

    response = _send(
        _client(team, "team_member"), "put", f"issue/{item.key}", {"fields": {"summary": "New"}}
    )

    item.refresh_from_db()
    assert response.status_code == 204
    assert item.title == "Offline maps"
    assert Proposal.objects.get(record_type="item").payload["changes"] == {"title": "New"}


def test_viewer_cannot_comment_and_stakeholder_can(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)

    refused = _send(_client(team, "viewer"), "post", f"issue/{item.key}/comment", {"body": "Hi"})
    allowed = _send(
        _client(team, "stakeholder"), "post", f"issue/{item.pk}/comment", {"body": "Hi"}
    )

    assert refused.status_code == 403
    assert allowed.status_code == 201
    assert allowed.json()["author"]["emailAddress"] == "stakeholder@example.test"


def test_only_the_product_owner_sees_and_takes_the_accept_transition(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team, status="done")
    path = f"issue/{item.key}/transitions"

    owner = [
        t["name"] for t in _send(_client(team, "product_owner"), "get", path).json()["transitions"]
    ]
    member = [
        t["name"] for t in _send(_client(team, "team_member"), "get", path).json()["transitions"]
    ]
    forced = _send(_client(team, "team_member"), "post", path, {"transition": {"id": "51"}})

    assert "Accepted" in owner
    assert "Accepted" not in member
    assert forced.status_code == 403


def test_an_unknown_transition_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)

    response = _send(
        _client(team, "product_owner"),
        "post",
        f"issue/{item.key}/transitions",
        {"transition": {"id": "99"}},
    )

    assert response.status_code == 400
    assert "99" in response.json()["errorMessages"][0]


def test_an_outsider_gets_404_for_issue_project_and_board(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    from tandem.workspace import services as workspace_services

    outsider = Client(
        HTTP_AUTHORIZATION=f"Bearer {workspace_services.token_create(user=team.outsider)[1]}"
    )

    assert _send(outsider, "get", f"issue/{item.pk}").status_code == 404
    assert _send(outsider, "get", f"project/{team.product.pk}").status_code == 404
    assert outsider.get(f"/rest/agile/1.0/board/{team.product.pk}").status_code == 404


def test_no_token_and_a_session_are_both_refused(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    browser = signed_in(team.po)

    assert Client().get("/rest/api/2/myself").status_code == 401
    assert browser.get("/rest/api/2/myself").status_code == 401


def test_basic_auth_needs_the_tokens_owner(team) -> None:  # type: ignore[no-untyped-def]
    token = team.token("product_owner")

    def basic(email: str) -> Client:
        pair = base64.b64encode(f"{email}:{token}".encode()).decode()
        return Client(HTTP_AUTHORIZATION=f"Basic {pair}")

    assert basic("po@example.test").get("/rest/api/2/myself").status_code == 200
    assert basic("dev@example.test").get("/rest/api/2/myself").status_code == 401


def test_self_links_are_absolute_and_follow_the_host_used(team, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = ["tandem.example.test"]
    item = _story(team)

    body = (
        _client(team, "viewer")
        .get(f"/rest/api/2/issue/{item.key}", HTTP_HOST="tandem.example.test")
        .json()
    )

    assert body["self"] == f"http://tandem.example.test/rest/api/2/issue/{item.pk}"
    assert body["fields"]["project"]["self"].startswith("http://tandem.example.test/rest/api/2/")


def test_an_address_the_api_lacks_answers_404_in_jiras_shape(team) -> None:  # type: ignore[no-untyped-def]
    response = _client(team, "viewer").get("/rest/api/2/worklog/updated")

    assert response.status_code == 404
    assert "worklog" in response.json()["errorMessages"][0]


def test_a_body_that_is_not_json_is_a_400_in_jiras_shape(team) -> None:  # type: ignore[no-untyped-def]
    response = _client(team, "product_owner").post(
        "/rest/api/2/issue", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert "not valid JSON" in response.json()["errorMessages"][0]


def test_an_oversized_body_is_refused_with_413(team, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    body = {"fields": {**NEW_STORY["fields"], "description": "x" * 500}}

    response = _send(_client(team, "product_owner"), "post", "issue", body)

    assert response.status_code == 413
    assert not Item.objects.exists()
