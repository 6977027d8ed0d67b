"""Bad input gets a problem+json naming the field, never a 500 (RFC 9457, DESIGN.md §4)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.backlog import services
from tandem.backlog.models import Item

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def po(team) -> Client:  # type: ignore[no-untyped-def]
    """The Product Owner's script, on a backlog with one story (DRN-1) and one epic (DRN-2)."""
    access = team.access("product_owner")
    services.item_create(access=access, fields={"title": "Longer flight time"})
    services.item_create(access=access, fields={"title": "Flight platform", "kind": "epic"})
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token('product_owner')}")


def _fields_named(response) -> set[str]:  # type: ignore[no-untyped-def]
    """The top-level field each error is about ("labels.0" is about labels)."""
    return {name.split(".")[0] for name in response.json()["errors"]}


def _is_problem(response, status: int) -> bool:  # type: ignore[no-untyped-def]
    body = response.json()
    return (
        response.status_code == status
        and response.headers["Content-Type"] == PROBLEM
        and {"type", "title", "status", "detail"} <= set(body)
        and body["status"] == status
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": None}, "title"),
        ({"title": 5}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 100_000}, "title"),
        ({"title": "a\u0000b"}, "title"),
        ({"title": "ok", "description": "x" * 30_000}, "description"),
        ({"title": "ok", "description": "\u0000"}, "description"),
        ({"title": "ok", "estimate": 4}, "estimate"),
        ({"title": "ok", "estimate": "lots"}, "estimate"),
        ({"title": "ok", "estimate": 2.5}, "estimate"),
        ({"title": "ok", "value": 11}, "value"),
        ({"title": "ok", "value": "high"}, "value"),
        ({"title": "ok", "value": [1]}, "value"),
        ({"title": "ok", "reach": 10**30}, "reach"),
        ({"title": "ok", "reach": -1}, "reach"),
        ({"title": "ok", "impact": 9.0}, "impact"),
        ({"title": "ok", "confidence": 1000}, "confidence"),
        ({"title": "ok", "kind": "saga"}, "kind"),
        ({"title": "ok", "status": "blocked"}, "status"),
        ({"title": "ok", "status": "accepted"}, "status"),
        ({"title": "ok", "moscow": "maybe"}, "moscow"),
        ({"title": "ok", "labels": "battery"}, "labels"),
        ({"title": "ok", "labels": [1, 2]}, "labels"),
        ({"title": "ok", "labels": ["x" * 51]}, "labels"),
        ({"title": "ok", "labels": ["a\u0000"]}, "labels"),
        ({"title": "ok", "position": "middle"}, "position"),
        ({"title": "ok", "parent": "DRN-1"}, "parent"),
        ({"title": "ok", "parent": "DRN-99999999999999999999"}, "parent"),
        ({"title": "ok", "assignee": "outsider@elsewhere.test"}, "assignee"),
        ({"title": "ok", "colour": "red"}, "colour"),
    ],
)
def test_a_bad_new_item_is_a_422_naming_the_field(po: Client, body: Any, field: str) -> None:
    response = po.post("/api/v1/products/DRN/items", body, content_type="application/json")
    assert _is_problem(response, 422)
    assert _fields_named(response) == {field}
    assert Item.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": None}, "title"),
        ({"kind": None}, "kind"),
        ({"estimate": 4}, "estimate"),
        ({"value": 11}, "value"),
        ({"titel": "Typo"}, "titel"),
        ({"version": "one"}, "version"),
        ({"parent": "DRN-1"}, "parent"),
    ],
)
def test_a_bad_patch_is_a_422_naming_the_field(po: Client, body: Any, field: str) -> None:
    response = po.patch(
        "/api/v1/items/DRN-1", body, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert _is_problem(response, 422)
    assert _fields_named(response) == {field}
    assert Item.objects.get(number=1).version == 1


@pytest.mark.parametrize("etag", ["abc", '"one"', "*", "-1", "1.5"])
def test_an_if_match_the_server_never_issued_is_a_412(po: Client, etag: str) -> None:
    response = po.patch(
        "/api/v1/items/DRN-1", {"title": "x"}, content_type="application/json",
        headers={"If-Match": etag},
    )  # fmt: skip
    assert _is_problem(response, 412)
    assert Item.objects.get(number=1).version == 1


@pytest.mark.parametrize("body", ["{not json", '{"title": "x",}', "\xff\xfe", "[1, 2", '"title"'])
def test_a_body_that_is_not_a_json_object_is_refused_as_a_problem(po: Client, body: str) -> None:
    response = po.post("/api/v1/products/DRN/items", body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.headers["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("cursor=garbage", "cursor"),
        ("cursor=W3siYSI6IDF9LCAyXQ", "cursor"),
        ("sort=newest&cursor=WyJhMCIsIDFd", "cursor"),
        ("sort=shoe_size", "sort"),
        ("limit=many", "limit"),
        ("ready=perhaps", "ready"),
        ("epic=platform", "epic"),
        ("text=a%00b", "text"),
        ("label=a%00b", "label"),
        ("assignee=a%00b", "assignee"),
        ("kind=saga", "kind"),
        ("status=blocked", "status"),
        ("moscow=maybe", "moscow"),
    ],
)
def test_a_bad_backlog_query_is_a_422_naming_the_parameter(
    po: Client, query: str, field: str
) -> None:
    response = po.get(f"/api/v1/products/DRN/items?{query}")
    assert _is_problem(response, 422)
    assert _fields_named(response) == {field}


@pytest.mark.parametrize(
    "query",
    [
        "text=DRN-99999999999999999999",
        "epic=DRN-99999999999999999999",
        "limit=99999999999999999999",
        "limit=-5",
    ],
)
def test_odd_but_well_formed_queries_answer_normally(po: Client, query: str) -> None:
    assert po.get(f"/api/v1/products/DRN/items?{query}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/items/DRN-abc",
        "/api/v1/items/garbage",
        "/api/v1/items/DRN-99999999999999999999",
        "/api/v1/items/DRN%00-1",
        "/api/v1/products/DRN%00/items",
        "/api/v1/products/drn-drn/items",
    ],
)
def test_a_path_that_names_nothing_is_a_404_problem(po: Client, path: str) -> None:
    assert _is_problem(po.get(path), 404)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/items/DRN-1/comments", {"body": ""}, "body"),
        ("/api/v1/items/DRN-1/comments", {"body": "\u0000"}, "body"),
        ("/api/v1/items/DRN-1/comments", {"body": "Hi", "reply_to": 10**30}, "reply_to"),
        ("/api/v1/items/DRN-1/comments", {"body": "Hi", "reply_to": "first"}, "reply_to"),
        ("/api/v1/items/DRN-1/criteria", {"text": "a\u0000b"}, "text"),
        ("/api/v1/items/DRN-1/criteria", {"text": "x" * 5000}, "text"),
        ("/api/v1/items/DRN-1/links", {"url": "https://example.test/" + "a" * 600}, "url"),
        ("/api/v1/items/DRN-1/links", {"url": "https://example.test/\u0000"}, "url"),
        ("/api/v1/items/DRN-1/links", {"url": "https://example.test", "kind": "video"}, "kind"),
        ("/api/v1/items/DRN-1/move", {"before": 5}, "before"),
        ("/api/v1/items/DRN-1/move", {"position": "sideways"}, "position"),
        ("/api/v1/products/DRN/items/quick-add", {"text": "As a \u0000 I want x"}, "text"),
        ("/api/v1/products/DRN/items/quick-add", {"text": 42}, "text"),
        ("/api/v1/products/DRN/items/bulk", {"action": "archive", "items": "DRN-1"}, "items"),
        (
            "/api/v1/products/DRN/items/bulk",
            {"action": "archive", "items": ["DRN-1"] * 100_000},
            "items",
        ),
        ("/api/v1/products/DRN/members", {"email": "a\u0000@x.test", "role": "viewer"}, "email"),
        ("/api/v1/products/DRN/members", {"email": "dev@example.test", "role": "boss"}, "role"),
    ],
)
def test_bad_input_elsewhere_is_a_422_naming_the_field(  # type: ignore[no-untyped-def]
    po: Client, path: str, body: Any, field: str
) -> None:
    response = po.post(path, body, content_type="application/json")
    assert _is_problem(response, 422)
    assert _fields_named(response) == {field}


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/products/DRN/refinement?stale_days=999999999999", "stale_days"),
        ("/api/v1/products/DRN/refinement?stale_days=-3", "stale_days"),
        ("/api/v1/products/DRN/events?limit=-1", "limit"),
    ],
)
def test_out_of_range_numbers_in_a_query_are_a_422(po: Client, path: str, field: str) -> None:
    response = po.get(path)
    assert _is_problem(response, 422)
    assert _fields_named(response) == {field}


def test_a_refusal_says_what_the_role_cannot_do(team) -> None:  # type: ignore[no-untyped-def]
    services.item_create(access=team.access("product_owner"), fields={"title": "A"})
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('viewer')}")
    response = client.post(
        "/api/v1/items/DRN-1/comments", {"body": "Hi"}, content_type="application/json"
    )
    assert _is_problem(response, 403)
    assert "DRN" in response.json()["detail"]
