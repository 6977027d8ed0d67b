"""The story map's API as a script sees it, with the role that calls it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.backlog.story_map.models import MapPlacement
from tandem.workspace.models import Proposal
from tests.conftest import Team

from .helpers import ranked_titles, small_map

pytestmark = pytest.mark.django_db

MAP = "/api/v1/products/DRN/story-map"


def _client(team: Team, role: str = "product_owner") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _post(client: Client, path: str, body: Any, **headers: str) -> Any:
    return client.post(path, body, content_type="application/json", headers=headers)


def test_a_stakeholder_reads_the_whole_map_in_one_answer(team: Team) -> None:
    small = small_map(team)
    answer = _client(team, "stakeholder").get(MAP)
    assert answer.status_code == 200
    body = answer.json()
    [activity] = body["activities"]
    assert [s["name"] for s in activity["steps"]] == ["Find a flight", "Book it"]
    first = activity["steps"][0]["items"]
    assert [(i["title"], i["slice"]) for i in first] == [
        ("Search by city", small.mvp.pk),
        ("Filter by price", small.later.pk),
    ]
    assert [(s["name"], s["is_skeleton"]) for s in body["slices"]] == [
        ("MVP", True),
        ("Later", False),
    ]


def test_someone_of_another_organization_gets_a_404(team: Team) -> None:
    small_map(team)
    outsider = Client(HTTP_AUTHORIZATION=f"Bearer {_outsider_token(team)}")
    assert outsider.get(MAP).status_code == 404


def _outsider_token(team: Team) -> str:
    from tandem.workspace import services as workspace_services

    return workspace_services.token_create(user=team.outsider)[1]


def test_the_po_drags_a_story_to_another_step_and_slice_and_the_backlog_follows(
    team: Team,
) -> None:
    small = small_map(team)
    invoice = small.stories[3]
    answer = _post(
        _client(team),
        f"{MAP}/items/{invoice.key}/place",
        {"step": small.find.pk, "slice": small.mvp.pk, "before": small.stories[0].key},
        **{"If-Match": f'"{invoice.version}"'},
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["step"] == small.find.pk
    assert answer.json()["item"]["slice"] == small.mvp.pk
    assert ranked_titles(team)[0] == "Email the invoice"
    backlog = _client(team).get("/api/v1/products/DRN/items").json()["items"]
    assert backlog[0]["key"] == invoice.key


def test_a_team_members_move_is_a_202_proposal(team: Team) -> None:
    small = small_map(team)
    pay = small.stories[2]
    answer = _post(
        _client(team, "team_member"),
        f"{MAP}/items/{pay.key}/place",
        {"step": small.find.pk, "position": "top"},
    )
    assert answer.status_code == 202
    assert answer.json()["payload"] == {"step": small.find.pk, "position": "top"}
    assert Proposal.objects.get(record_type="item").operation == "move"
    assert MapPlacement.objects.get(item=pay).step == small.book


def test_a_stakeholders_move_is_refused(team: Team) -> None:
    small = small_map(team)
    answer = _post(
        _client(team, "stakeholder"),
        f"{MAP}/items/{small.stories[0].key}/place",
        {"step": small.book.pk},
    )
    assert answer.status_code == 403


def test_an_unknown_step_is_a_422_naming_the_step(team: Team) -> None:
    small = small_map(team)
    answer = _post(_client(team), f"{MAP}/items/{small.stories[0].key}/place", {"step": 999999})
    assert answer.status_code == 422
    assert "step" in answer.content.decode()


def test_a_bad_position_is_a_422_naming_the_field(team: Team) -> None:
    small = small_map(team)
    answer = _post(
        _client(team),
        f"{MAP}/items/{small.stories[0].key}/place",
        {"step": small.find.pk, "position": "sideways"},
    )
    assert answer.status_code == 422
    assert "position" in answer.content.decode()


def test_a_stale_if_match_is_a_409(team: Team) -> None:
    small = small_map(team)
    story = small.stories[0]
    answer = _post(
        _client(team),
        f"{MAP}/items/{story.key}/place",
        {"step": small.book.pk},
        **{"If-Match": f'"{story.version + 3}"'},
    )
    assert answer.status_code == 409


def test_a_story_taken_off_the_map_is_listed_as_not_on_it(team: Team) -> None:
    small = small_map(team)
    client = _client(team)
    assert client.delete(f"{MAP}/items/{small.stories[0].key}").status_code == 200
    unplaced = [i["title"] for i in client.get(MAP).json()["unplaced"]]
    assert "Search by city" in unplaced


def test_activities_are_created_renamed_and_reordered_with_if_match(team: Team) -> None:
    small_map(team)
    client = _client(team)
    made = _post(client, f"{MAP}/activities", {"name": "Travel", "position": 0})
    assert made.status_code == 201, made.content
    activity = made.json()
    renamed = client.patch(
        f"{MAP}/activities/{activity['id']}",
        {"name": "Travel there"},
        content_type="application/json",
        headers={"If-Match": made["ETag"]},
    )
    assert renamed.status_code == 200, renamed.content
    names = [a["name"] for a in client.get(MAP).json()["activities"]]
    assert names == ["Travel there", "Plan a trip"]
    stale = client.patch(
        f"{MAP}/activities/{activity['id']}",
        {"name": "Again"},
        content_type="application/json",
        headers={"If-Match": made["ETag"]},
    )
    assert stale.status_code == 409


def test_a_step_under_an_unknown_activity_is_a_422_naming_it(team: Team) -> None:
    answer = _post(_client(team), f"{MAP}/steps", {"activity": 424242, "name": "Pay"})
    assert answer.status_code == 422
    assert "activity" in answer.content.decode()


def test_a_proposers_new_slice_is_a_202(team: Team) -> None:
    answer = _post(_client(team, "product_manager"), f"{MAP}/slices", {"name": "Beta"})
    assert answer.status_code == 202
