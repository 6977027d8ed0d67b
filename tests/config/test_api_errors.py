"""Every API error is problem+json: wrong method, oversized or malformed body, bugs, bad text."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def po(team) -> Client:  # type: ignore[no-untyped-def]
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token('product_owner')}")


def _problem(response) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.headers["Content-Type"] == PROBLEM, response.content[:200]
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == response.status_code
    return body  # type: ignore[no-any-return]


def test_a_wrong_method_on_an_api_path_is_a_405_problem_naming_the_allowed_ones(po: Client) -> None:
    response = po.delete("/api/v1/me")
    body = _problem(response)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    assert "DELETE is not allowed" in body["detail"]


def test_malformed_json_is_a_400_problem_saying_where(po: Client) -> None:
    response = po.post(
        "/api/v1/products/DRN/items", data='{"title": "x",', content_type="application/json"
    )
    body = _problem(response)
    assert response.status_code == 400
    assert "not valid JSON" in body["detail"]
    assert "column" in body["detail"]


def test_a_body_that_is_not_utf8_is_a_400_problem(po: Client) -> None:
    response = po.post(
        "/api/v1/products/DRN/items", data=b'{"title": "\xff"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert "not UTF-8" in _problem(response)["detail"]


def test_an_oversized_json_body_is_a_413_problem_with_the_limit(po: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    payload = json.dumps({"title": "x", "description": "y" * (1024 * 1024 + 10)})
    response = po.post("/api/v1/products/DRN/items", data=payload, content_type="application/json")
    body = _problem(response)
    assert response.status_code == 413
    assert body["limit"] == 1024 * 1024
    assert "1 MiB" in body["detail"]


def test_an_oversized_form_body_under_the_api_is_a_413_problem_too(po: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = po.post("/api/v1/products/DRN/items", data={"title": "x" * 5000})
    assert response.status_code == 413
    assert _problem(response)["limit"] == 1024


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ('{"title": "x\\ud800y"}', "title"),
        ('{"title": "ok", "labels": ["fine", "bad\\udfff"]}', "labels.1"),
        ('{"title": "ok", "description": "\\udc00"}', "description"),
    ],
)
def test_text_with_a_lone_surrogate_is_a_422_naming_the_field(
    po: Client, payload: str, field: str
) -> None:
    response = po.post("/api/v1/products/DRN/items", data=payload, content_type="application/json")
    body = _problem(response)
    assert response.status_code == 422
    assert list(body["errors"]) == [field]


def test_a_paired_surrogate_is_ordinary_text(po: Client) -> None:
    payload = '{"title": "Drone \\ud83d\\ude81 lift"}'
    response = po.post("/api/v1/products/DRN/items", data=payload, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["title"] == "Drone \U0001f681 lift"


def test_an_unhandled_exception_is_a_500_problem_and_is_logged(
    team, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    def broken(**kwargs: object) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr("tandem.workspace.selectors.products_for_user", broken)
    client = Client(
        HTTP_AUTHORIZATION=f"Bearer {team.token('product_owner')}", raise_request_exception=False
    )
    response = client.get("/api/v1/me")
    body = _problem(response)
    assert response.status_code == 500
    assert "the disk is on fire" not in response.content.decode()
    assert "logged" in body["detail"]
    assert any(r.exc_info and "the disk is on fire" in str(r.exc_info[1]) for r in caplog.records)


def test_an_unknown_api_address_outside_v1_is_a_404_problem() -> None:
    response = Client().get("/api/v2/items")
    assert response.status_code == 404
    assert "/api/v2/items" in _problem(response)["detail"]
