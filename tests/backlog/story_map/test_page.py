"""The story map page: what each role sees, and a drop or a key that moves a story."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.backlog.story_map.models import MapActivity, MapPlacement, MapSlice
from tandem.workspace.models import Proposal
from tests.conftest import Team

from .helpers import ranked_titles, small_map

pytestmark = pytest.mark.django_db

PAGE = "/p/DRN/story-map/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_po_sees_the_map_the_skeleton_and_how_to_move_by_key(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small_map(team)
    page = signed_in(team.po).get(PAGE)
    html = page.content.decode()
    assert page.status_code == 200
    for text in ("Plan a trip", "Find a flight", "Book it", "Search by city", "Walking skeleton"):
        assert text in html
    assert "<kbd>Shift</kbd> with them moves the story" in html
    assert 'data-can-move="1"' in html
    assert "Add activity" in html


def test_a_stakeholder_reads_the_map_without_moving_or_adding(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small_map(team)
    html = signed_in(team.stakeholder).get(PAGE).content.decode()
    assert "Search by city" in html
    assert 'data-can-move="1"' not in html
    assert "Add activity" not in html


def test_an_empty_map_says_what_to_do_first(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    html = signed_in(team.po).get(PAGE).content.decode()
    assert "no story map yet" in html
    assert "add its activities" in html


def test_the_navigation_lists_the_story_map(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    html = signed_in(team.dev).get("/p/DRN/backlog/").content.decode()
    assert PAGE in html


def test_an_outsider_gets_a_404(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    assert signed_in(team.outsider).get(PAGE).status_code == 404


def _drop(client: Any, **values: Any) -> Any:
    return client.post(f"{PAGE}place/", values, **HTMX)


def test_a_drop_moves_the_story_and_answers_the_redrawn_map(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small = small_map(team)
    invoice = small.stories[3]
    answer = _drop(
        signed_in(team.po),
        item=invoice.key,
        step=small.find.pk,
        slice=small.mvp.pk,
        before=small.stories[0].key,
        version=invoice.version,
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'id="story-map-body"' in html
    assert "moved; the backlog order follows" in html
    assert MapPlacement.objects.get(item=invoice).step == small.find
    assert ranked_titles(team)[0] == "Email the invoice"


def test_a_drop_into_no_slice_clears_the_slice(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small = small_map(team)
    _drop(signed_in(team.po), item=small.stories[0].key, step=small.find.pk, slice="")
    assert MapPlacement.objects.get(item=small.stories[0]).slice is None


def test_a_team_members_drop_is_a_proposal_and_says_so(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small = small_map(team)
    answer = _drop(signed_in(team.dev), item=small.stories[2].key, step=small.find.pk)
    assert "Sent to the Product Owner as a proposal" in answer.content.decode()
    assert Proposal.objects.get(record_type="item").payload == {"step": small.find.pk}
    queue = signed_in(team.po).get("/p/DRN/proposals/").content.decode()
    assert "on the story map under Plan a trip › Find a flight" in queue


def test_a_stakeholders_drop_is_refused(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small = small_map(team)
    answer = _drop(signed_in(team.stakeholder), item=small.stories[0].key, step=small.book.pk)
    assert answer.status_code == 403
    assert MapPlacement.objects.get(item=small.stories[0]).step == small.find


def test_a_bad_step_is_a_422_naming_the_step(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small = small_map(team)
    answer = _drop(signed_in(team.po), item=small.stories[0].key, step="abc")
    assert answer.status_code == 422
    assert "step" in answer.content.decode()


def test_dropping_on_the_tray_takes_the_story_off_the_map(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small = small_map(team)
    _drop(signed_in(team.po), item=small.stories[0].key, off_map="1")
    assert not MapPlacement.objects.filter(item=small.stories[0]).exists()


def test_dragging_a_slice_line_reorders_the_slices(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    small = small_map(team)
    answer = signed_in(team.po).post(
        f"{PAGE}slices/{small.later.pk}/move/",
        {"position": 0, "version": small.later.version},
        **HTMX,
    )
    assert answer.status_code == 200
    assert list(MapSlice.objects.order_by("position").values_list("name", flat=True)) == [
        "Later",
        "MVP",
    ]


def test_the_add_activity_form_comes_back_to_the_map(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    answer = signed_in(team.po).post(
        "/p/DRN/r/map-activity/new/", {"name": "Get there", "next": PAGE}
    )
    assert answer.status_code == 302
    assert answer["Location"] == PAGE
    assert MapActivity.objects.get().name == "Get there"
