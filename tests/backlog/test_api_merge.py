"""Stale PATCHes and stale forms: a different field merges, the same field is a 409."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tandem.backlog import services
from tandem.backlog.models import Item
from tests.conftest import Team

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def _client(team: Team, role: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _patch(client: Client, body: dict[str, object], version: int):  # type: ignore[no-untyped-def]
    return client.patch(
        "/api/v1/items/DRN-1",
        body,
        content_type="application/json",
        headers={"If-Match": f'"{version}"'},
    )


def _task(team: Team) -> Item:
    return services.item_create(
        access=team.access("product_owner"),
        fields={"title": "Longer flight time", "kind": "task", "description": "Draft"},
    )


@pytest.mark.parametrize("role", ["product_owner", "team_member"])
def test_a_stale_status_patch_merges_over_a_description_edit(team: Team, role: str) -> None:
    _task(team)
    assert (
        _patch(_client(team, "product_owner"), {"description": "Batteries"}, 1).status_code == 200
    )
    response = _patch(_client(team, role), {"status": "in_progress"}, 1)
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["description"], body["version"]) == ("in_progress", "Batteries", 3)
    assert response.headers["ETag"] == '"3"'


@pytest.mark.parametrize("role", ["product_owner", "team_member"])
def test_a_stale_patch_of_the_same_field_is_a_409_naming_it(team: Team, role: str) -> None:
    _task(team)
    _patch(_client(team, "product_owner"), {"description": "Batteries"}, 1)
    response = _patch(_client(team, role), {"description": "Camera", "status": "ready"}, 1)
    assert response.status_code == 409
    problem = response.json()
    assert problem["conflicts"] == ["description"]
    assert "description" in problem["detail"]
    assert problem["current"]["description"] == "Batteries"
    assert Item.objects.get().status == "new"


def test_a_viewer_gets_403_not_a_merge(team: Team) -> None:
    _task(team)
    _patch(_client(team, "product_owner"), {"description": "Batteries"}, 1)
    assert _patch(_client(team, "viewer"), {"status": "ready"}, 1).status_code == 403


def test_a_stale_item_form_saves_its_own_change_and_keeps_the_other(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    item = _task(team)
    services.item_update(
        access=team.access("product_manager"),
        item=item,
        changes={"description": "Batteries"},
        expected_version=1,
    )
    client = signed_in(team.dev)
    response = client.post(
        reverse("backlog:item-update", args=[item.key]),
        {"version": 1, "section": "details", "description": "Draft", "status": "in_progress"},
        headers=HX,
    )
    assert response.status_code == 200
    fresh = Item.objects.get()
    assert (fresh.status, fresh.description) == ("in_progress", "Batteries")


def test_a_stale_item_form_on_the_same_field_shows_the_conflict(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    item = _task(team)
    services.item_update(
        access=team.access("product_manager"),
        item=item,
        changes={"status": "ready"},
        expected_version=1,
    )
    client = signed_in(team.dev)
    response = client.post(
        reverse("backlog:item-update", args=[item.key]),
        {"version": 1, "section": "details", "status": "in_progress"},
        headers=HX,
    )
    assert response.status_code == 409
    assert "status" in response.content.decode()
    assert Item.objects.get().status == "ready"
