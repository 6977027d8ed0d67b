"""The backlog list's filters over the API and on the page: several values, not_, done."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tandem.backlog import services
from tests.conftest import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def backlog(team: Team) -> None:
    po = team.access("product_owner")
    for fields in (
        {"title": "Gimbal drifts", "kind": "bug", "status": "in_progress"},
        {"title": "Longer flight time", "kind": "story", "labels": ["battery"]},
        {"title": "Crash on start", "kind": "bug", "status": "done"},
        {"title": "Update the SDK", "kind": "task", "status": "ready"},
    ):
        services.item_create(access=po, fields=fields)


def _keys(team: Team, query: str, role: str = "viewer") -> list[str]:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")
    response = client.get(f"/api/v1/products/DRN/items?{query}")
    assert response.status_code == 200, response.content
    return [i["key"] for i in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["DRN-1", "DRN-2", "DRN-4"]),
        ("show_done=true", ["DRN-1", "DRN-2", "DRN-3", "DRN-4"]),
        ("status=new&status=ready", ["DRN-2", "DRN-4"]),
        ("status=done", ["DRN-3"]),
        ("not_status=in_progress", ["DRN-2", "DRN-4"]),
        ("kind=bug&kind=task", ["DRN-1", "DRN-4"]),
        ("not_kind=bug&show_done=true", ["DRN-2", "DRN-4"]),
        ("not_label=battery", ["DRN-1", "DRN-4"]),
    ],
)
def test_filters_take_several_values_and_negation(
    team: Team, backlog: None, query: str, expected: list[str]
) -> None:
    assert _keys(team, query) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("colour=red", "colour"),
        ("status!=done", "status!"),
        ("status=new&not_status=blocked", "not_status"),
        ("not_kind=saga", "not_kind"),
        ("not_epic=platform", "not_epic"),
    ],
)
def test_an_unknown_filter_or_value_is_a_422_naming_it(
    team: Team, backlog: None, query: str, field: str
) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('team_member')}")
    response = client.get(f"/api/v1/products/DRN/items?{query}")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {field}


def test_the_page_hides_done_work_until_asked(team: Team, backlog: None, signed_in) -> None:  # type: ignore[no-untyped-def]
    client: Client = signed_in(team.dev)
    url = reverse("backlog:list", args=["DRN"])
    page = client.get(url).content.decode()
    assert "Gimbal drifts" in page
    assert "Crash on start" not in page
    assert "Crash on start" in client.get(f"{url}?show_done=1").content.decode()
    both = client.get(f"{url}?kind=bug&not_status=in_progress&show_done=1").content.decode()
    assert "Crash on start" in both
    assert "Gimbal drifts" not in both
    assert 'name="negate" value="status" checked' in both
    assert 'name="status" value="in_progress" checked' in both
