"""Saved views: personal for their owner, shared for the product; filters and JQL kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tandem.backlog import selectors, services
from tandem.backlog.models import Item, SavedView
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tests.conftest import Team

pytestmark = pytest.mark.django_db

ALL_ROLES = ["product_manager", "product_owner", "team_member", "stakeholder", "viewer"]


def _view(team: Team, role: str = "team_member", **values: Any) -> SavedView:
    return services.saved_view_create(
        access=team.access(role), values={"name": "My bugs", **values}
    )


def _client(team: Team, role: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


@pytest.fixture
def backlog(team: Team) -> list[Item]:
    po = team.access("product_owner")
    rows = [
        {"title": "Gimbal drifts", "kind": "bug"},
        {"title": "Longer flight time", "kind": "story"},
        {"title": "Crash on start", "kind": "bug", "status": "done"},
    ]
    return [services.item_create(access=po, fields=row) for row in rows]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_everyone_keeps_personal_views_only_they_see(team: Team, role: str) -> None:
    view = _view(team, role=role, query="kind=bug")
    assert [v.name for v in selectors.saved_views_of(access=team.access(role))] == ["My bugs"]
    others = [r for r in ALL_ROLES if r != role]
    for other in others:
        assert list(selectors.saved_views_of(access=team.access(other))) == []
        with pytest.raises(NotFound):
            selectors.saved_view_of(access=team.access(other), view_id=view.pk)


@pytest.mark.parametrize("role", ["product_manager", "product_owner", "team_member"])
def test_those_who_shape_the_backlog_share_views_with_every_member(team: Team, role: str) -> None:
    _view(team, role=role, shared=True)
    for other in ALL_ROLES:
        assert [v.name for v in selectors.saved_views_of(access=team.access(other))] == ["My bugs"]


@pytest.mark.parametrize("role", ["stakeholder", "viewer"])
def test_stakeholders_and_viewers_cannot_share_a_view(team: Team, role: str) -> None:
    with pytest.raises(PermissionDenied):
        _view(team, role=role, shared=True)


def test_an_outsider_sees_no_view(team: Team) -> None:
    _view(team, shared=True)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {_outsider_token(team)}")
    assert client.get("/api/v1/products/DRN/views").status_code == 404


def _outsider_token(team: Team) -> str:
    from tandem.workspace import services as workspace_services

    return workspace_services.token_create(user=team.outsider)[1]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("team_member", True),  # the owner
        ("product_owner", True),
        ("product_manager", False),
        ("stakeholder", False),
    ],
)
def test_only_the_owner_or_the_product_owner_changes_a_shared_view(
    team: Team, role: str, allowed: bool
) -> None:
    view = _view(team, shared=True)
    access = team.access(role)
    if allowed:
        renamed = services.saved_view_update(
            access=access,
            view_id=view.pk,
            values={"name": "Open bugs"},
            expected_version=view.version,
        )
        assert (renamed.name, renamed.version) == ("Open bugs", 2)
    else:
        with pytest.raises(PermissionDenied):
            services.saved_view_update(
                access=access,
                view_id=view.pk,
                values={"name": "Mine"},
                expected_version=view.version,
            )
        with pytest.raises(PermissionDenied):
            services.saved_view_delete(access=access, view_id=view.pk)


def test_the_product_owner_cannot_touch_someone_elses_personal_view(team: Team) -> None:
    view = _view(team)
    with pytest.raises(NotFound):
        services.saved_view_delete(access=team.access("product_owner"), view_id=view.pk)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"query": "colour=red"}, "query"),
        ({"query": "status=blocked"}, "query"),
        ({"query": "not_kind=saga"}, "query"),
        ({"jql": "status = = done"}, "jql"),
    ],
)
def test_a_bad_view_names_the_field(team: Team, values: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _view(team, **values)
    assert set(caught.value.errors) == {field}


def test_two_views_of_one_person_cannot_share_a_name(team: Team) -> None:
    _view(team)
    with pytest.raises(ValidationFailed) as caught:
        _view(team)
    assert set(caught.value.errors) == {"name"}


def test_a_stale_view_edit_is_a_conflict(team: Team) -> None:
    from tandem.workspace.errors import Conflict

    view = _view(team)
    services.saved_view_update(
        access=team.access("team_member"), view_id=view.pk, values={}, expected_version=view.version
    )
    with pytest.raises(Conflict):
        services.saved_view_update(
            access=team.access("team_member"),
            view_id=view.pk,
            values={"name": "Late"},
            expected_version=1,
        )


# --- API -------------------------------------------------------------------------------------


def test_the_api_creates_lists_renames_and_deletes_views(team: Team) -> None:
    client = _client(team, "team_member")
    created = client.post(
        "/api/v1/products/DRN/views",
        {"name": "Open bugs", "query": "kind=bug&not_status=done", "shared": True},
        content_type="application/json",
    )
    assert created.status_code == 201
    view = created.json()
    assert (view["owner"], view["query"], view["shared"]) == (
        team.dev.email,
        "kind=bug&not_status=done",
        True,
    )
    listed = _client(team, "viewer").get("/api/v1/products/DRN/views").json()
    assert [v["name"] for v in listed] == ["Open bugs"]
    renamed = client.patch(
        f"/api/v1/products/DRN/views/{view['id']}",
        {"name": "Bugs", "version": 1},
        content_type="application/json",
    )
    assert (renamed.status_code, renamed.json()["name"]) == (200, "Bugs")
    refused = _client(team, "product_manager").delete(f"/api/v1/products/DRN/views/{view['id']}")
    assert refused.status_code == 403
    deleted = client.delete(f"/api/v1/products/DRN/views/{view['id']}")
    assert deleted.status_code == 204
    assert SavedView.objects.count() == 0


def test_a_bad_view_over_the_api_is_a_422_naming_the_field(team: Team) -> None:
    response = _client(team, "team_member").post(
        "/api/v1/products/DRN/views",
        {"name": "Odd", "query": "colour=red"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"query"}


def test_the_items_list_applies_a_view_and_its_jql(team: Team, backlog: list[Item]) -> None:
    view = _view(team, query="kind=bug&show_done=1", shared=True)
    client = _client(team, "viewer")
    keys = [
        i["key"] for i in client.get(f"/api/v1/products/DRN/items?view={view.pk}").json()["items"]
    ]
    assert keys == ["DRN-1", "DRN-3"]
    narrowed = client.get(f"/api/v1/products/DRN/items?view={view.pk}&status=new").json()
    assert [i["key"] for i in narrowed["items"]] == ["DRN-1"]
    with_jql = _view(team, name="Stories by JQL", jql="issuetype = Story")
    own = _client(team, "team_member")
    found = own.get(f"/api/v1/products/DRN/items?view={with_jql.pk}").json()["items"]
    assert [i["key"] for i in found] == ["DRN-2"]


def test_someone_elses_personal_view_is_a_404_on_the_items_list(team: Team) -> None:
    view = _view(team)
    response = _client(team, "viewer").get(f"/api/v1/products/DRN/items?view={view.pk}")
    assert response.status_code == 404


# --- the page -------------------------------------------------------------------------------


def test_the_backlog_page_saves_opens_and_deletes_a_view(
    team: Team, backlog: list[Item], signed_in
) -> None:  # type: ignore[no-untyped-def]
    client: Client = signed_in(team.dev)
    url = reverse("backlog:list", args=["DRN"])
    saved = client.post(
        reverse("backlog:view-create", args=["DRN"]),
        {"name": "Bugs", "query": "kind=bug", "shared": "1"},
    )
    view = SavedView.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == f"{url}?view={view.pk}"
    page = client.get(f"{url}?view={view.pk}").content.decode()
    assert "Gimbal drifts" in page
    assert "Longer flight time" not in page
    assert "Crash on start" not in page  # done work stays hidden
    assert "Edit “Bugs”" in page
    other = signed_in(team.viewer).get(f"{url}?view={view.pk}").content.decode()
    assert "Gimbal drifts" in other
    assert "Edit “Bugs”" not in other
    client = signed_in(team.dev)
    client.post(reverse("backlog:view-delete", args=["DRN", view.pk]))
    assert SavedView.objects.count() == 0


def test_the_page_saves_the_filters_the_htmx_bar_sends(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    client: Client = signed_in(team.po)
    response = client.post(
        reverse("backlog:view-create", args=["DRN"]),
        {"name": "Not done", "status": ["new", "ready"], "not_kind": "epic", "text": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].endswith(f"?view={SavedView.objects.get().pk}")
    assert SavedView.objects.get().query == "not_kind=epic&status=new&status=ready"
