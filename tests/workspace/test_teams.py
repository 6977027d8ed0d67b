"""Teams: the PM or PO decide who is in which; every change audited and versioned."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.workspace import selectors, services
from tandem.workspace.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event, Role, Team
from tests.conftest import ROLES
from tests.conftest import Team as Cast

pytestmark = pytest.mark.django_db

DECIDERS = {Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_pm_or_po_create_a_team(cast: Cast, role: str) -> None:
    access = cast.access(role)
    if role in DECIDERS:
        team = services.team_create(access=access, name="Checkout")
        assert team.product == cast.product
        assert team.version == 1
        assert Event.objects.filter(verb="team.created", object_id=team.pk).exists()
    else:
        with pytest.raises(PermissionDenied):
            services.team_create(access=access, name="Checkout")
        assert not Team.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_pm_or_po_change_who_is_in_a_team(cast: Cast, role: str) -> None:
    team = services.team_create(access=cast.access(Role.PRODUCT_OWNER), name="Checkout")
    access = cast.access(role)
    if role in DECIDERS:
        team = services.team_member_add(
            access=access, team=team, user=cast.dev, expected_version=team.version
        )
        assert list(team.members.all()) == [cast.dev]
        assert team.version == 2
    else:
        with pytest.raises(PermissionDenied):
            services.team_member_add(
                access=access, team=team, user=cast.dev, expected_version=team.version
            )


@pytest.fixture
def cast(team: Cast) -> Cast:
    return team


def _team(cast: Cast, name: str = "Checkout") -> Team:
    return services.team_create(access=cast.access(Role.PRODUCT_OWNER), name=name)


def test_only_a_member_of_the_product_can_join_one_of_its_teams(cast: Cast) -> None:
    team = _team(cast)
    with pytest.raises(ValidationFailed) as error:
        services.team_member_add(
            access=cast.access(Role.PRODUCT_OWNER),
            team=team,
            user=cast.outsider,
            expected_version=1,
        )
    assert "user" in error.value.errors


def test_a_team_name_is_used_once_per_product(cast: Cast) -> None:
    _team(cast)
    with pytest.raises(ValidationFailed) as error:
        _team(cast, " checkout ")
    assert "name" in error.value.errors


def test_a_stale_version_is_a_conflict_with_the_current_state(cast: Cast) -> None:
    team = _team(cast)
    access = cast.access(Role.PRODUCT_OWNER)
    services.team_rename(access=access, team=team, name="Payments", expected_version=1)
    with pytest.raises(Conflict) as error:
        services.team_rename(access=access, team=team, name="Orders", expected_version=1)
    assert error.value.current["name"] == "Payments"


def test_removing_a_member_is_audited_with_before_and_after(cast: Cast) -> None:
    team = _team(cast)
    access = cast.access(Role.PRODUCT_MANAGER)
    team = services.team_member_add(access=access, team=team, user=cast.dev, expected_version=1)
    team = services.team_member_remove(access=access, team=team, user=cast.dev, expected_version=2)
    event = Event.objects.get(verb="team.member_removed")
    assert event.before == {"members": ["dev@example.test"]}
    assert event.after == {"members": []}
    assert team.version == 3


def test_an_archived_team_leaves_the_list_and_comes_back_on_restore(cast: Cast) -> None:
    team = _team(cast)
    access = cast.access(Role.PRODUCT_OWNER)
    team = services.team_archive(access=access, team=team, expected_version=1)
    assert list(selectors.teams_of(access=access)) == []
    assert list(selectors.teams_of(access=access, archived=True)) == [team]
    services.team_restore(access=access, team=team, expected_version=team.version)
    assert list(selectors.teams_of(access=access)) == [team]


def test_another_products_team_is_not_found(cast: Cast) -> None:
    team = _team(cast)
    access = selectors.product_access(user=cast.outsider, product_key="OUT")
    with pytest.raises(NotFound):
        selectors.team_of(access=access, team_id=team.pk)


# --- the API ----------------------------------------------------------------------------------


def _client(cast: Cast, role: str = Role.PRODUCT_OWNER) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {cast.token(role)}")


def _post(client: Client, path: str, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(path, body, content_type="application/json", headers=headers)


def test_the_api_creates_a_team_and_adds_a_member_with_if_match(cast: Cast) -> None:
    client = _client(cast)
    created = _post(client, "/api/v1/products/DRN/teams", {"name": "Checkout"})
    assert created.status_code == 201
    assert created["ETag"] == '"1"'
    team_id = created.json()["id"]
    added = _post(
        client,
        f"/api/v1/products/DRN/teams/{team_id}/members",
        {"email": "dev@example.test"},
        **{"If-Match": created["ETag"]},
    )
    assert added.status_code == 200
    assert added.json()["members"] == ["dev@example.test"]
    assert added["ETag"] == '"2"'
    listed = client.get("/api/v1/products/DRN/teams").json()
    assert [t["name"] for t in listed] == ["Checkout"]


def test_the_api_wants_a_version_and_refuses_a_stale_one(cast: Cast) -> None:
    client = _client(cast)
    team_id = _post(client, "/api/v1/products/DRN/teams", {"name": "Checkout"}).json()["id"]
    path = f"/api/v1/products/DRN/teams/{team_id}"
    missing = client.patch(path, {"name": "Orders"}, content_type="application/json")
    assert missing.status_code == 428
    renamed = client.patch(
        path, {"name": "Orders"}, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Orders"
    stale = client.patch(
        path, {"name": "Payments"}, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 409
    archived = _post(client, f"{path}/archive", {"version": 2})
    assert archived.json()["archived"] is True


def test_a_team_member_cannot_create_a_team_through_the_api(cast: Cast) -> None:
    response = _post(
        _client(cast, Role.TEAM_MEMBER), "/api/v1/products/DRN/teams", {"name": "Checkout"}
    )
    assert response.status_code == 403


# --- the members page -------------------------------------------------------------------------


def test_the_members_page_sets_who_is_in_a_team(cast: Cast, signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(cast.po)
    client.post("/p/DRN/teams/add/", {"name": "Checkout"})
    team = Team.objects.get()
    page = client.get("/p/DRN/members/")
    assert b"Checkout" in page.content
    client.post(
        f"/p/DRN/teams/{team.pk}/",
        {"name": "Checkout", "version": "1", "members": [str(cast.dev.pk), str(cast.po.pk)]},
    )
    team.refresh_from_db()
    assert set(team.members.all()) == {cast.dev, cast.po}
    client.post(f"/p/DRN/teams/{team.pk}/", {"name": "Orders", "version": str(team.version)})
    team.refresh_from_db()
    assert team.name == "Orders"
    assert not team.members.exists()
