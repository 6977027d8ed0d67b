"""Moving the line between two slices within one step's column, for every role and face."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.backlog import services
from tandem.backlog.models import Item
from tandem.backlog.story_map import services as story_map
from tandem.backlog.story_map.models import MapPlacement
from tandem.workspace import writes
from tandem.workspace.errors import PermissionDenied, ValidationFailed
from tandem.workspace.models import Proposal
from tests.conftest import Team

from .helpers import SmallMap, ranked_titles, small_map

pytestmark = pytest.mark.django_db

MAP = "/api/v1/products/DRN/story-map"
PAGE = "/p/DRN/story-map/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _longer_column(team: Team) -> SmallMap:
    """The small map, with two more stories under "Find a flight" in Later.

    Find a flight: MVP [Search by city]; Later [Filter by price, Sort by time, Save a search].
    """
    small = small_map(team)
    po = team.access("product_owner")
    for title in ("Sort by time", "Save a search"):
        story = services.item_create(access=po, fields={"title": title})
        story_map.story_place(access=po, item=story, step=small.find, slice=small.later)
    return small


def _slices_under(small: SmallMap, step: Any) -> dict[str, str | None]:
    rows = MapPlacement.objects.filter(step=step).select_related("item", "slice")
    return {p.item.title: p.slice.name if p.slice else None for p in rows}


def _story(title: str) -> Item:
    return Item.objects.get(title=title)


def test_the_po_moves_the_line_up_and_the_last_story_above_drops_below(team: Team) -> None:
    small = _longer_column(team)
    before = ranked_titles(team)
    moved = story_map.slice_boundary_move(
        access=team.access("product_owner"),
        step=small.find,
        upper_slice=small.mvp,
        lower_slice=small.later,
        by=-1,
    )
    assert moved.applied
    assert [i.title for i in moved.crossed] == ["Search by city"]
    assert _slices_under(small, small.find)["Search by city"] == "Later"
    assert ranked_titles(team) == before


def test_the_po_moves_the_line_down_two_and_the_first_two_below_rise_above(team: Team) -> None:
    small = _longer_column(team)
    story_map.slice_boundary_move(
        access=team.access("product_owner"),
        step=small.find,
        upper_slice=small.mvp,
        lower_slice=small.later,
        by=2,
    )
    assert _slices_under(small, small.find) == {
        "Search by city": "MVP",
        "Filter by price": "MVP",
        "Sort by time": "MVP",
        "Save a search": "Later",
    }


def test_the_line_moves_only_in_its_own_column(team: Team) -> None:
    small = _longer_column(team)
    story_map.slice_boundary_move(
        access=team.access("product_owner"),
        step=small.find,
        upper_slice=small.mvp,
        lower_slice=small.later,
        by=-1,
    )
    assert _slices_under(small, small.book) == {"Pay by card": "MVP", "Email the invoice": "Later"}


def test_the_last_slices_line_moves_stories_out_of_every_slice(team: Team) -> None:
    small = _longer_column(team)
    story_map.slice_boundary_move(
        access=team.access("product_owner"),
        step=small.find,
        upper_slice=small.later,
        lower_slice=None,
        by=-2,
    )
    assert _slices_under(small, small.find) == {
        "Search by city": "MVP",
        "Filter by price": "Later",
        "Sort by time": None,
        "Save a search": None,
    }


@pytest.mark.parametrize("role", ["product_manager", "team_member"])
def test_a_proposers_line_move_is_one_proposal_per_story_the_po_accepts(
    team: Team, role: str
) -> None:
    small = _longer_column(team)
    moved = story_map.slice_boundary_move(
        access=team.access(role),
        step=small.find,
        upper_slice=small.mvp,
        lower_slice=small.later,
        by=2,
    )
    assert not moved.applied
    moved_items = [Item.objects.get(pk=p.record_id) for p in moved.proposals]
    assert [item.title for item in moved_items] == ["Filter by price", "Sort by time"]
    assert {p.operation for p in moved.proposals} == {"move"}
    assert _slices_under(small, small.find)["Filter by price"] == "Later"  # unchanged for now
    for proposal in moved.proposals:
        services.proposal_accept(access=team.access("product_owner"), proposal_id=proposal.pk)
    assert _slices_under(small, small.find)["Filter by price"] == "MVP"
    assert _slices_under(small, small.find)["Sort by time"] == "MVP"


@pytest.mark.parametrize("role", ["stakeholder", "viewer"])
def test_readers_cannot_move_a_slice_line(team: Team, role: str) -> None:
    small = _longer_column(team)
    with pytest.raises(PermissionDenied):
        story_map.slice_boundary_move(
            access=team.access(role),
            step=small.find,
            upper_slice=small.mvp,
            lower_slice=small.later,
            by=1,
        )
    assert not Proposal.objects.filter(record_type="item").exists()


@pytest.mark.parametrize(("by", "field"), [(-2, "by"), (4, "by"), (0, "by")])
def test_moving_past_the_columns_stories_is_refused_naming_by(
    team: Team, by: int, field: str
) -> None:
    small = _longer_column(team)
    with pytest.raises(ValidationFailed) as refused:
        story_map.slice_boundary_move(
            access=team.access("product_owner"),
            step=small.find,
            upper_slice=small.mvp,
            lower_slice=small.later,
            by=by,
        )
    assert field in refused.value.errors
    assert _slices_under(small, small.find)["Search by city"] == "MVP"


def test_slices_that_are_not_neighbours_are_refused_naming_the_lower_slice(team: Team) -> None:
    small = _longer_column(team)
    with pytest.raises(ValidationFailed) as refused:
        story_map.slice_boundary_move(
            access=team.access("product_owner"),
            step=small.find,
            upper_slice=small.mvp,
            lower_slice=None,
            by=-1,
        )
    assert "lower_slice" in refused.value.errors


def test_a_line_under_an_archived_step_is_refused_naming_the_step(team: Team) -> None:
    small = _longer_column(team)
    po = team.access("product_owner")
    writes.record_archive(access=po, kind="map_step", record_id=small.find.pk)
    with pytest.raises(ValidationFailed) as refused:
        story_map.slice_boundary_move(
            access=po, step=small.find, upper_slice=small.mvp, lower_slice=small.later, by=-1
        )
    assert "step" in refused.value.errors


# --- the API, with the calling role ------------------------------------------------------------


def _client(team: Team, role: str = "product_owner") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _line(client: Client, small: SmallMap, by: int, **changes: Any) -> Any:
    body = {
        "step": small.find.pk,
        "upper_slice": small.mvp.pk,
        "lower_slice": small.later.pk,
        "by": by,
    }
    return client.post(f"{MAP}/slice-line", body | changes, content_type="application/json")


def test_the_api_moves_the_line_for_the_po_and_answers_the_crossed_stories(team: Team) -> None:
    small = _longer_column(team)
    answer = _line(_client(team), small, 1)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["applied"] is True
    assert [(i["title"], i["slice"]) for i in body["items"]] == [("Filter by price", small.mvp.pk)]
    story_map_now = _client(team, "stakeholder").get(MAP).json()
    first_step = story_map_now["activities"][0]["steps"][0]["items"]
    assert ("Filter by price", small.mvp.pk) in [(i["title"], i["slice"]) for i in first_step]


def test_the_api_answers_a_team_member_202_with_the_proposals(team: Team) -> None:
    small = _longer_column(team)
    answer = _line(_client(team, "team_member"), small, -1)
    assert answer.status_code == 202
    body = answer.json()
    assert body["applied"] is False
    assert [p["item"] for p in body["proposals"]] == [_story("Search by city").key]
    assert body["items"][0]["slice"] == small.mvp.pk  # still there until accepted


def test_the_api_refuses_a_stakeholder(team: Team) -> None:
    small = _longer_column(team)
    assert _line(_client(team, "stakeholder"), small, 1).status_code == 403


def test_the_api_answers_an_outsider_404(team: Team) -> None:
    from tandem.workspace import services as workspace_services

    small = _longer_column(team)
    token = workspace_services.token_create(user=team.outsider)[1]
    assert _line(Client(HTTP_AUTHORIZATION=f"Bearer {token}"), small, 1).status_code == 404


@pytest.mark.parametrize(
    ("by", "changes", "field"),
    [(9, {}, "by"), (-1, {"lower_slice": None}, "lower_slice"), (-1, {"step": 999999}, "step")],
)
def test_the_api_refuses_a_bad_move_with_a_422_naming_the_field(
    team: Team, by: int, changes: dict[str, Any], field: str
) -> None:
    small = _longer_column(team)
    answer = _line(_client(team), small, by, **changes)
    assert answer.status_code == 422
    assert field in answer.content.decode()


# --- the page ----------------------------------------------------------------------------------


def test_the_page_offers_a_line_per_step_below_each_slice_to_those_who_move(
    team: Team, signed_in
) -> None:  # type: ignore[no-untyped-def]
    small = _longer_column(team)
    html = signed_in(team.dev).get(PAGE).content.decode()
    assert f'id="line-{small.find.pk}-{small.later.pk}"' in html
    assert f'id="line-{small.book.pk}-0"' in html
    assert f'id="line-{small.find.pk}-{small.mvp.pk}"' not in html  # nothing above the top
    assert "Line between MVP and Later under Find a flight" in html
    reader = signed_in(team.stakeholder).get(PAGE).content.decode()
    assert "Line between MVP and Later" not in reader


def test_the_page_moves_the_line_and_answers_the_redrawn_map(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small = _longer_column(team)
    values = {"step": small.find.pk, "upper_slice": small.mvp.pk, "lower_slice": small.later.pk}
    answer = signed_in(team.po).post(f"{PAGE}slice-line/", values | {"by": "-1"}, **HTMX)
    assert answer.status_code == 200
    assert "now in Later" in answer.content.decode()
    assert _slices_under(small, small.find)["Search by city"] == "Later"


def test_the_page_says_a_team_members_line_move_is_proposed(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small = _longer_column(team)
    values = {"step": small.find.pk, "upper_slice": small.mvp.pk, "lower_slice": small.later.pk}
    answer = signed_in(team.dev).post(f"{PAGE}slice-line/", values | {"by": "2"}, **HTMX)
    assert "as 2 move proposals" in answer.content.decode()
    assert Proposal.objects.filter(record_type="item").count() == 2


def test_the_page_refuses_a_line_moved_past_the_stories_naming_by(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small = _longer_column(team)
    values = {"step": small.find.pk, "upper_slice": small.mvp.pk, "lower_slice": small.later.pk}
    answer = signed_in(team.po).post(f"{PAGE}slice-line/", values | {"by": "-3"}, **HTMX)
    assert answer.status_code == 422
    assert "up 1 at most" in answer.content.decode()


@pytest.mark.parametrize("by", ["--1", "up", ""])
def test_the_page_refuses_a_by_that_is_not_a_count_naming_by(
    team: Team, signed_in, by: str
) -> None:  # type: ignore[no-untyped-def]
    small = _longer_column(team)
    values = {"step": small.find.pk, "upper_slice": small.mvp.pk, "lower_slice": small.later.pk}
    answer = signed_in(team.po).post(f"{PAGE}slice-line/", values | {"by": by}, **HTMX)
    assert answer.status_code == 422
    assert "how many stories the line crosses" in answer.content.decode()
