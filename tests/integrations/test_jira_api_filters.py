"""JQL in Tandem's own backlog filter, and saved filters on the page and the API."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tandem.backlog import services as backlog_services
from tandem.integrations.jira_api import saved_filters
from tandem.integrations.jira_models import SavedFilter
from tandem.workspace.errors import PermissionDenied, ValidationFailed
from tandem.workspace.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def backlog(team):  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    for title, kind in [("Cache tiles", "story"), ("Crash on login", "bug"), ("Docs", "task")]:
        backlog_services.item_create(access=po, fields={"title": title, "kind": kind})
    return team


def _api(team, role: str = "product_owner") -> Client:  # type: ignore[no-untyped-def]
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def test_backlog_api_takes_jql(backlog) -> None:  # type: ignore[no-untyped-def]
    response = _api(backlog).get("/api/v1/products/DRN/items", {"jql": "type in (bug, task)"})

    assert [i["key"] for i in response.json()["items"]] == ["DRN-2", "DRN-3"]


def test_backlog_api_names_the_jql_field_when_the_query_is_wrong(backlog) -> None:  # type: ignore[no-untyped-def]
    response = _api(backlog).get("/api/v1/products/DRN/items", {"jql": "type = Bgu"})

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "did you mean 'Bug'" in response.json()["errors"]["jql"]


def test_backlog_page_filters_by_jql(backlog, signed_in) -> None:  # type: ignore[no-untyped-def]
    url = reverse("backlog:list", args=["DRN"])

    html = signed_in(backlog.po).get(url, {"jql": 'summary ~ "login"'}).content.decode()

    assert "Crash on login" in html
    assert "Cache tiles" not in html
    assert 'id="f-jql"' in html


def test_backlog_page_offers_my_and_shared_filters_and_applies_one(backlog, signed_in) -> None:  # type: ignore[no-untyped-def]
    mine = saved_filters.saved_filter_create(
        access=backlog.access("team_member"), values={"name": "Bugs", "jql": "type = bug"}
    )
    saved_filters.saved_filter_create(
        access=backlog.access("product_owner"), values={"name": "PO private", "jql": "type = task"}
    )
    saved_filters.saved_filter_create(
        access=backlog.access("product_manager"),
        values={"name": "PM shared", "jql": "type = story", "shared": True},
    )
    url = reverse("backlog:list", args=["DRN"])

    html = signed_in(backlog.dev).get(url, {"saved": mine.pk}).content.decode()

    assert "Bugs</option>" in html
    assert "PM shared</option>" in html
    assert "PO private" not in html
    assert 'name="jql" value=""' in html  # the box keeps what was typed, not the saved query
    assert "Crash on login" in html
    assert "Cache tiles" not in html


def test_a_saved_filter_must_be_a_valid_query(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as refused:
        saved_filters.saved_filter_create(
            access=team.access("viewer"), values={"name": "Broken", "jql": "status = "}
        )

    assert "jql" in refused.value.errors
    assert not SavedFilter.objects.exists()


def test_only_the_owner_changes_a_shared_filter(team) -> None:  # type: ignore[no-untyped-def]
    saved = saved_filters.saved_filter_create(
        access=team.access("product_owner"),
        values={"name": "Mine", "jql": "type = bug", "shared": True},
    )

    with pytest.raises(PermissionDenied):
        saved_filters.saved_filter_update(
            access=team.access("product_manager"),
            saved=saved,
            values={"jql": "type = task"},
            expected_version=saved.version,
        )
    saved_filters.saved_filter_update(
        access=team.access("product_owner"),
        saved=saved,
        values={"jql": "type = task"},
        expected_version=saved.version,
    )

    saved.refresh_from_db()
    assert (saved.jql, saved.version) == ("type = task", 2)
    assert Event.objects.filter(verb="saved_filter.updated", object_id=saved.pk).exists()


def test_filter_endpoints_create_read_change_and_archive(team) -> None:  # type: ignore[no-untyped-def]
    client = _api(team, "team_member")

    created = client.post(
        "/rest/api/2/filter",
        {"name": "My bugs", "jql": "project = DRN AND type = bug", "favourite": True},
        content_type="application/json",
    ).json()
    changed = client.put(
        f"/rest/api/2/filter/{created['id']}",
        {"jql": "project = DRN AND type = task"},
        content_type="application/json",
    ).json()
    listed = client.get("/rest/api/2/filter/favourite").json()
    archived = client.delete(f"/rest/api/2/filter/{created['id']}")

    assert created["owner"]["emailAddress"] == "dev@example.test"
    assert created["self"].endswith(f"/rest/api/2/filter/{created['id']}")
    assert changed["jql"] == "project = DRN AND type = task"
    assert [f["name"] for f in listed] == ["My bugs"]
    assert archived.status_code == 204
    assert client.get(f"/rest/api/2/filter/{created['id']}").status_code == 404


def test_a_private_filter_is_invisible_to_others(team) -> None:  # type: ignore[no-untyped-def]
    saved = saved_filters.saved_filter_create(
        access=team.access("product_owner"), values={"name": "Mine", "jql": "type = bug"}
    )

    response = _api(team, "team_member").get(f"/rest/api/2/filter/{saved.pk}")

    assert response.status_code == 404
    assert set(response.json()) == {"errorMessages", "errors"}


def test_cli_lists_what_a_query_finds_and_saves_it(backlog, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("jql", "po@example.test", "type = bug", "--save", "Bugs", "--shared")

    out = capsys.readouterr().out
    assert out.splitlines() == ["DRN-2\tNew\tCrash on login"]
    assert SavedFilter.objects.get().shared


def test_cli_points_at_the_mistake(backlog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError) as refused:
        call_command("jql", "po@example.test", "type = Bgu")

    assert "did you mean 'Bug'" in str(refused.value)
    assert "^" in str(refused.value)
