"""A release linked to the story map's release slice: set by the PO, shown on both pages,
read and set through the API, and the slice's stories added to the release's scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.delivery import services
from tandem.delivery.models import Release
from tandem.workspace import writes
from tandem.workspace.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.selectors import product_access
from tests.backlog.story_map.helpers import SmallMap, made, small_map
from tests.conftest import Team

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _planned(team: Team, **fields: Any) -> Release:
    return services.release_create(
        access=team.access("product_owner"),
        fields={"name": "1.0", "target_date": "2031-03-14"} | fields,
    )


def _linked(team: Team) -> tuple[SmallMap, Release]:
    small = small_map(team)
    release = _planned(team, slice=small.mvp.pk)
    return small, release


def test_the_po_links_a_release_to_a_slice_and_the_map_shows_it(team: Team) -> None:
    from tandem.backlog.story_map import selectors as story_map_selectors

    small, release = _linked(team)
    assert release.slice == small.mvp
    found = story_map_selectors.story_map(access=team.access("stakeholder"))
    [mvp_row, later_row, _] = found.rows
    assert mvp_row.release is not None
    assert (mvp_row.release.name, str(mvp_row.release.target_date)) == ("1.0", "2031-03-14")
    assert later_row.release is None


@pytest.mark.parametrize("role", ["product_manager", "team_member", "stakeholder", "viewer"])
def test_only_the_po_links_a_release_to_a_slice(team: Team, role: str) -> None:
    small = small_map(team)
    release = _planned(team)
    with pytest.raises(PermissionDenied):
        services.release_update(
            access=team.access(role),
            release_id=release.pk,
            changes={"slice": small.mvp.pk},
            expected_version=release.version,
        )
    release.refresh_from_db()
    assert release.slice is None


def test_an_outsider_cannot_reach_the_release_to_link_it(team: Team) -> None:
    small_map(team)
    with pytest.raises(NotFound):
        product_access(user=team.outsider, product_key="DRN")


def test_a_slice_of_another_product_is_refused_naming_the_slice(team: Team) -> None:
    small_map(team)
    theirs = made(product_access(user=team.outsider, product_key="OUT"), "map_slice", name="V1")
    release = _planned(team)
    with pytest.raises(ValidationFailed) as refused:
        services.release_update(
            access=team.access("product_owner"),
            release_id=release.pk,
            changes={"slice": theirs.pk},
            expected_version=release.version,
        )
    assert "slice" in refused.value.errors


def test_a_slice_ships_in_one_live_release_only(team: Team) -> None:
    small, _ = _linked(team)
    with pytest.raises(ValidationFailed) as refused:
        services.release_create(
            access=team.access("product_owner"), fields={"name": "1.1", "slice": small.mvp.pk}
        )
    assert "already release 1.0's slice" in refused.value.errors["slice"]


def test_restoring_a_release_whose_slice_another_one_ships_is_refused(team: Team) -> None:
    small, first = _linked(team)
    po = team.access("product_owner")
    services.release_archive(access=po, release_id=first.pk)
    services.release_create(access=po, fields={"name": "1.1", "slice": small.mvp.pk})
    with pytest.raises(ValidationFailed) as refused:
        services.release_restore(access=po, release_id=first.pk)
    assert "slice" in refused.value.errors


def test_the_po_adds_the_slices_stories_to_the_scope(team: Team) -> None:
    small, release = _linked(team)
    search, _, pay, _ = small.stories
    updated, added = services.release_scope_add_slice(
        access=team.access("product_owner"),
        release_id=release.pk,
        expected_version=release.version,
    )
    assert [i.key for i in added] == [search.key, pay.key]
    assert sorted(i.key for i in updated.items.all()) == sorted([search.key, pay.key])
    again, none_added = services.release_scope_add_slice(
        access=team.access("product_owner"),
        release_id=release.pk,
        expected_version=updated.version,
    )
    assert none_added == []
    assert again.items.count() == 2


@pytest.mark.parametrize("role", ["product_manager", "team_member", "stakeholder", "viewer"])
def test_only_the_po_adds_the_slices_stories_to_the_scope(team: Team, role: str) -> None:
    _, release = _linked(team)
    with pytest.raises(PermissionDenied):
        services.release_scope_add_slice(
            access=team.access(role), release_id=release.pk, expected_version=release.version
        )
    assert release.items.count() == 0


def test_adding_the_slices_stories_checks_the_version_read(team: Team) -> None:
    _, release = _linked(team)
    with pytest.raises(Conflict):
        services.release_scope_add_slice(
            access=team.access("product_owner"),
            release_id=release.pk,
            expected_version=release.version + 1,
        )


def test_a_release_without_a_slice_has_no_stories_to_add_naming_the_slice(team: Team) -> None:
    small_map(team)
    release = _planned(team)
    with pytest.raises(ValidationFailed) as refused:
        services.release_scope_add_slice(
            access=team.access("product_owner"),
            release_id=release.pk,
            expected_version=release.version,
        )
    assert "slice" in refused.value.errors


def test_an_archived_slice_leaves_the_map_and_its_stories_cannot_be_added(team: Team) -> None:
    small, release = _linked(team)
    po = team.access("product_owner")
    writes.record_archive(access=po, kind="map_slice", record_id=small.mvp.pk)
    with pytest.raises(ValidationFailed) as refused:
        services.release_scope_add_slice(
            access=po, release_id=release.pk, expected_version=release.version
        )
    assert "archived" in refused.value.errors["slice"]


# --- the API, with the calling role ------------------------------------------------------------


def _client(team: Team, role: str = "product_owner") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _release_path(release: Release) -> str:
    return f"/api/v1/products/DRN/releases/{release.pk}"


def test_the_api_sets_reads_and_clears_the_link(team: Team) -> None:
    small = small_map(team)
    release = _planned(team)
    client = _client(team)
    linked = client.patch(
        _release_path(release),
        {"slice": small.later.pk},
        content_type="application/json",
        headers={"If-Match": f'"{release.version}"'},
    )
    assert linked.status_code == 200, linked.content
    assert linked.json()["slice"] == small.later.pk
    listed = _client(team, "stakeholder").get("/api/v1/products/DRN/releases").json()
    assert [r["slice"] for r in listed] == [small.later.pk]
    story_map = _client(team, "stakeholder").get("/api/v1/products/DRN/story-map").json()
    shown = {s["name"]: s["release"] for s in story_map["slices"]}
    assert shown["MVP"] is None
    assert shown["Later"]["name"] == "1.0"
    assert shown["Later"]["target_date"] == "2031-03-14"
    cleared = client.patch(
        _release_path(release),
        {"slice": None},
        content_type="application/json",
        headers={"If-Match": linked.headers["ETag"]},
    )
    assert cleared.json()["slice"] is None


@pytest.mark.parametrize("role", ["product_manager", "team_member", "stakeholder"])
def test_the_api_refuses_others_the_link(team: Team, role: str) -> None:
    small = small_map(team)
    release = _planned(team)
    answer = _client(team, role).patch(
        _release_path(release),
        {"slice": small.mvp.pk, "version": release.version},
        content_type="application/json",
    )
    assert answer.status_code == 403


def test_the_api_names_the_slice_of_a_bad_link(team: Team) -> None:
    small_map(team)
    release = _planned(team)
    answer = _client(team).patch(
        _release_path(release),
        {"slice": 999999, "version": release.version},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert answer["Content-Type"] == PROBLEM
    assert "slice" in answer.content.decode()


def test_the_api_adds_the_slices_stories_to_the_scope(team: Team) -> None:
    small, release = _linked(team)
    answer = _client(team).post(
        f"{_release_path(release)}/scope/slice-stories",
        {},
        content_type="application/json",
        headers={"If-Match": f'"{release.version}"'},
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["items"] == sorted([small.stories[0].key, small.stories[2].key])
    refused = _client(team, "team_member").post(
        f"{_release_path(release)}/scope/slice-stories",
        {"version": answer.json()["version"]},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_the_api_answers_an_outsider_404(team: Team) -> None:
    from tandem.workspace import services as workspace_services

    _, release = _linked(team)
    token = workspace_services.token_create(user=team.outsider)[1]
    answer = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(_release_path(release))
    assert answer.status_code == 404


# --- the pages ---------------------------------------------------------------------------------


def test_the_story_map_page_shows_each_slices_release_and_its_date(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    _, release = _linked(team)
    html = signed_in(team.stakeholder).get("/p/DRN/story-map/").content.decode()
    assert "Release 1.0" in html
    assert "target 14 Mar 2031" in html
    assert f"/p/DRN/releases/{release.pk}/" in html


def test_the_release_page_shows_the_slice_and_offers_the_po_its_stories(
    team: Team, signed_in
) -> None:  # type: ignore[no-untyped-def]
    _, release = _linked(team)
    page = f"/p/DRN/releases/{release.pk}/"
    html = signed_in(team.po).get(page).content.decode()
    assert "Ships the release slice" in html
    assert "MVP" in html
    assert "Add the slice's 2 stories to the scope" in html
    reader = signed_in(team.stakeholder).get(page).content.decode()
    assert "Ships the release slice" in reader
    assert "to the scope</button>" not in reader
    answer = signed_in(team.po).post(
        f"{page}slice-stories", {"version": release.version}, follow=True
    )
    assert "Added 2 to the scope of 1.0" in answer.content.decode()
    assert release.items.count() == 2


def test_the_po_links_the_slice_from_the_release_page(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small = small_map(team)
    release = _planned(team)
    page = f"/p/DRN/releases/{release.pk}/"
    assert "Not linked to a release slice" in signed_in(team.po).get(page).content.decode()
    answer = signed_in(team.po).post(
        f"{page}slice", {"slice": small.later.pk, "version": release.version}, follow=True
    )
    assert "ships the slice Later" in answer.content.decode()
    release.refresh_from_db()
    assert release.slice == small.later


def test_a_team_member_cannot_link_the_slice_from_the_page(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small = small_map(team)
    release = _planned(team)
    answer = signed_in(team.dev).post(
        f"/p/DRN/releases/{release.pk}/slice", {"slice": small.mvp.pk, "version": release.version}
    )
    assert answer.status_code == 403
