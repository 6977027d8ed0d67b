"""Workspace endpoints: who am I, which products, who is on them, what happened; OpenAPI."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tandem.backlog import services
from tandem.workspace import invitations
from tandem.workspace import services as workspace_services
from tandem.workspace.models import Membership

pytestmark = pytest.mark.django_db


def _client(team, role: str = "product_owner") -> Client:  # type: ignore[no-untyped-def]
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def test_me_names_the_person_and_their_rights_per_product(team) -> None:  # type: ignore[no-untyped-def]
    me = _client(team, "team_member").get("/api/v1/me").json()
    assert me["email"] == "dev@example.test"
    (product,) = me["products"]
    assert (product["key"], product["name"], product["roles"]) == (
        "DRN",
        "SkyLens",
        ["team_member"],
    )
    assert product["rights"] == {
        "strategy": "read",
        "roadmap": "read",
        "backlog": "propose",
        "sprint": "propose",
        "accept": "none",
        "work": "edit",
        "feedback": "add",
        "figures": "read",
        "members": "read",
        "integrations": "none",
        "wiki": "edit",
    }


def test_products_lists_only_the_callers_products(team) -> None:  # type: ignore[no-untyped-def]
    assert [p["key"] for p in _client(team, "viewer").get("/api/v1/products").json()] == ["DRN"]


def test_a_product_shows_the_callers_combined_roles(team) -> None:  # type: ignore[no-untyped-def]
    workspace_services.membership_add(
        access=team.access("product_owner"), user=team.pm, role="product_owner"
    )
    product = _client(team, "product_manager").get("/api/v1/products/drn").json()
    assert product["roles"] == ["product_manager", "product_owner"]
    assert product["rights"]["backlog"] == "decide"


def test_members_are_listed_with_their_roles(team) -> None:  # type: ignore[no-untyped-def]
    members = _client(team, "viewer").get("/api/v1/products/DRN/members").json()
    assert [(m["email"], m["role"]) for m in members] == [
        ("dev@example.test", "team_member"),
        ("pm@example.test", "product_manager"),
        ("po@example.test", "product_owner"),
        ("stakeholder@example.test", "stakeholder"),
        ("viewer@example.test", "viewer"),
    ]


def test_the_po_invites_a_member_who_reports_to_the_pm(
    team, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(team).post(
            "/api/v1/products/DRN/members",
            {
                "email": "outsider@elsewhere.test",
                "role": "product_owner",
                "reports_to": "PM@example.test",
            },
            content_type="application/json",
        )
    assert (response.status_code, response.json()["role"]) == (202, "product_owner")
    token = re.search(r"/invitations/([^/\s]+)/", mail.outbox[0].body).group(1)  # type: ignore[union-attr]
    invitations.invitation_accept(token=token, user=team.outsider)
    membership = Membership.objects.get(user=team.outsider, product=team.product)
    assert (membership.role, membership.reports_to) == ("product_owner", team.pm)


def test_inviting_someone_without_an_account_answers_as_for_anyone(team) -> None:  # type: ignore[no-untyped-def]
    response = _client(team).post(
        "/api/v1/products/DRN/members",
        {"email": "nobody@example.test", "role": "viewer"},
        content_type="application/json",
    )
    assert response.status_code == 202
    assert response.json() == {
        "status": "invited",
        "email": "nobody@example.test",
        "role": "viewer",
    }


def test_a_team_member_cannot_add_members(team) -> None:  # type: ignore[no-untyped-def]
    response = _client(team, "team_member").post(
        "/api/v1/products/DRN/members",
        {"email": "outsider@elsewhere.test", "role": "viewer"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_po_removes_a_member_but_not_the_last_po(team) -> None:  # type: ignore[no-untyped-def]
    client = _client(team)
    members = {m["role"]: m["id"] for m in client.get("/api/v1/products/DRN/members").json()}
    assert client.delete(f"/api/v1/products/DRN/members/{members['viewer']}").status_code == 204
    refused = client.delete(f"/api/v1/products/DRN/members/{members['product_owner']}")
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["role"]


def test_the_audit_log_lists_the_products_events_newest_first(team) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    services.item_create(access=po, fields={"title": "A"})
    services.item_create(access=po, fields={"title": "B"})
    events = _client(team, "viewer").get("/api/v1/products/DRN/events?limit=1").json()
    assert [(e["verb"], e["object_label"], e["actor"]) for e in events] == [
        ("item.created", "DRN-2 B", "po@example.test")
    ]


def test_the_openapi_document_lists_the_item_paths(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/v1/products/{product_key}/items",
        "/api/v1/items/{item_key}",
        "/api/v1/items/{item_key}/move",
        "/api/v1/items/{item_key}/criteria",
        "/api/v1/products/{product_key}/proposals/{proposal_id}/accept",
        "/api/v1/products/{product_key}/items/bulk",
        "/api/v1/me",
    } <= set(paths)
    assert set(paths["/api/v1/items/{item_key}"]) == {"get", "patch", "delete"}


def test_the_openapi_document_declares_both_ways_to_sign_in(db) -> None:  # type: ignore[no-untyped-def]
    schemes = Client().get("/api/v1/openapi.json").json()["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}


def test_the_api_docs_page_renders(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
