"""Who the API lets in: bearer tokens for scripts, the session (with CSRF) for the browser."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.backlog.models import Item
from tandem.workspace import services as workspace_services
from tandem.workspace.models import ApiToken

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
NEW_ITEM = {"title": "Longer flight time"}


def _revoked_token(team) -> str:  # type: ignore[no-untyped-def]
    token, secret = workspace_services.token_create(user=team.po)
    workspace_services.token_revoke(user=team.po, token_id=token.pk)
    return secret


def _inactive_users_token(team) -> str:  # type: ignore[no-untyped-def]
    secret = team.token("product_owner")
    team.po.is_active = False
    team.po.save()
    return secret


CREDENTIALS = {
    "no header": lambda team: None,
    "garbage token": lambda team: "Bearer tdm_not-a-real-token",
    "empty bearer": lambda team: "Bearer ",
    "basic auth": lambda team: "Basic cG9AZXhhbXBsZS50ZXN0OnNlY3JldC1wYXNzLTE=",
    "revoked token": lambda team: f"Bearer {_revoked_token(team)}",
    "token of a deactivated person": lambda team: f"Bearer {_inactive_users_token(team)}",
}


def _client(team, credential: str) -> Client:  # type: ignore[no-untyped-def]
    header = CREDENTIALS[credential](team)
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    # A script sends no CSRF cookie: enforce the check the way a real server does.
    return Client(enforce_csrf_checks=True, **extra)


@pytest.mark.parametrize("credential", list(CREDENTIALS))
@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/products", "/api/v1/products/DRN/items"])
def test_reading_without_valid_credentials_is_a_401_problem(
    team, credential: str, path: str
) -> None:  # type: ignore[no-untyped-def]
    response = _client(team, credential).get(path)
    assert response.status_code == 401
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json()["status"] == 401


@pytest.mark.parametrize("credential", list(CREDENTIALS))
def test_writing_without_valid_credentials_is_a_401_not_a_csrf_refusal(
    team, credential: str
) -> None:  # type: ignore[no-untyped-def]
    response = _client(team, credential).post(
        "/api/v1/products/DRN/items", NEW_ITEM, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.headers["Content-Type"] == PROBLEM
    assert not Item.objects.exists()


def test_a_bearer_token_needs_no_csrf_token(team) -> None:  # type: ignore[no-untyped-def]
    client = Client(
        enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {team.token('product_owner')}"
    )
    response = client.post("/api/v1/products/DRN/items", NEW_ITEM, content_type="application/json")
    assert response.status_code == 201


def test_a_token_records_when_it_was_last_used(team) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('viewer')}")
    client.get("/api/v1/me")
    assert ApiToken.objects.get(user=team.viewer).last_used_at is not None


def test_a_signed_in_browser_reads_with_its_session(team) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(team.viewer)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == "viewer@example.test"


def test_a_session_post_without_a_csrf_token_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.po)
    response = client.post("/api/v1/products/DRN/items", NEW_ITEM, content_type="application/json")
    assert response.status_code == 403
    assert response.headers["Content-Type"] == PROBLEM
    assert not Item.objects.exists()


def test_a_session_post_with_the_csrf_cookie_and_header_is_accepted(team) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.po)
    client.get("/signin/")  # any page sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/products/DRN/items",
        NEW_ITEM,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201


def test_a_signed_out_session_is_a_401(team) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(team.po)
    client.logout()
    assert client.get("/api/v1/me").status_code == 401


def test_an_unknown_api_path_answers_problem_json_404(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
